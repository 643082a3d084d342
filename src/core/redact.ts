/**
 * Secret redaction for everything an error or a log line may carry.
 *
 * Two layers: values registered at runtime (adapters register the tokens and secrets they
 * were configured with) and patterns for credentials that look like credentials anywhere
 * (Bearer headers, `access_token=` query/body parameters, Meta `EAA…` tokens, VK `vk1.a.…`
 * tokens). VK puts its token in the request body or query string, so URLs and serialized
 * requests pass through here before they reach an error message.
 */

const REDACTED = '[REDACTED]';

const registered = new Set<string>();

const PATTERNS: readonly RegExp[] = [
  /(\b(?:access_token|token|secret|app_secret|client_secret|verify_token|password)=)[^&\s"']+/gi,
  /("(?:access_token|accessToken|token|secret|appSecret|app_secret|verifyToken|verify_token|password|authorization)"\s*:\s*")[^"]*(")/gi,
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]+/g,
  /\bEAA[A-Za-z0-9]{20,}/g,
  /\bvk1\.a\.[A-Za-z0-9_-]{20,}/g,
];

/**
 * Registers a secret value so that every later {@link redact} call replaces it.
 * Values shorter than 6 characters are ignored: redacting them would mangle ordinary text.
 */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 6) registered.add(value);
}

/** Replaces registered secrets and credential-shaped substrings with `[REDACTED]`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match, ...groups: unknown[]) => {
      const prefix = typeof groups[0] === 'string' ? groups[0] : '';
      const suffix = typeof groups[1] === 'string' ? groups[1] : '';
      return `${prefix}${REDACTED}${suffix}`;
    });
  }
  return out;
}

/**
 * Deep-copies a JSON-like value with every string redacted and every property whose name
 * looks like a credential replaced. Cycles become `"[Circular]"`.
 */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(item, seen);
  }
  return out;
}

const SECRET_KEY = /^(?:access_?token|token|secret|app_?secret|client_?secret|verify_?token|password|authorization)$/i;
