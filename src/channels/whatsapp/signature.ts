import { hmacSha256, matchesAnyDigest, parseHex } from '../webhook/constant-time.js';

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The `X-Hub-Signature-256` header value for a body: `sha256=` + lowercase hex HMAC-SHA256 with
 * the app secret, over the exact bytes given (a string is encoded as UTF-8 as is).
 *
 * Use it in host tests to build webhook requests the adapter accepts.
 * @example
 * ```ts
 * const body = JSON.stringify(payload);
 * const request = new Request(url, { method: 'POST', body, headers: { 'x-hub-signature-256': signWhatsAppWebhook(body, appSecret) } });
 * ```
 */
export function signWhatsAppWebhook(body: string | Uint8Array, appSecret: string): string {
  return `sha256=${hmacSha256(appSecret, typeof body === 'string' ? encoder.encode(body) : body).toString('hex')}`;
}

/**
 * Checks an `X-Hub-Signature-256` header against the raw body bytes with any of the app
 * secrets, in constant time. Never throws: a missing, malformed, odd-length or non-hex header is
 * simply invalid.
 *
 * Meta signs the body it sends, in which non-ASCII characters are escaped as `\uXXXX`. When the
 * bytes received contain raw non-ASCII (a proxy or a test re-encoded them), the escaped form is
 * checked as well; both forms still require the app secret.
 */
export function verifyWhatsAppSignature(body: Uint8Array, header: string | null, appSecrets: readonly string[]): boolean {
  if (header === null) return false;
  const match = HEADER.exec(header.trim());
  const hex = match?.[1];
  if (hex === undefined) return false;
  const expected = parseHex(hex, 32);
  if (expected === undefined) return false;
  if (matchesAnyDigest(expected, appSecrets.map((secret) => hmacSha256(secret, body)))) return true;
  if (!hasNonAscii(body)) return false;
  const escaped = escapeNonAscii(body);
  if (escaped === undefined) return false;
  return matchesAnyDigest(expected, appSecrets.map((secret) => hmacSha256(secret, escaped)));
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte > 0x7e) return true;
  return false;
}

/** UTF-8 bytes → the same text with every UTF-16 unit above `~` written as `\uxxxx` (lowercase). */
function escapeNonAscii(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return undefined;
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out += unit > 0x7e ? `\\u${unit.toString(16).padStart(4, '0')}` : text.charAt(i);
  }
  return out;
}
