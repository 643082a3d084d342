import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in time that depends on neither their contents nor their lengths
 * (both sides are hashed to 32 bytes first, so `timingSafeEqual` never sees unequal lengths
 * and never throws). Use it for verify tokens, shared secrets and anything an attacker sends.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

/** HMAC-SHA256 of `data` with `secret`, as raw bytes. */
export function hmacSha256(secret: string, data: Uint8Array | string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/**
 * Parses a lowercase or uppercase hex string of exactly `bytes` bytes, or returns `undefined`
 * (never a silently truncated buffer, as `Buffer.from(s, 'hex')` would give for `"zz"`).
 */
export function parseHex(hex: string, bytes: number): Buffer | undefined {
  if (hex.length !== bytes * 2 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  return Buffer.from(hex, 'hex');
}

/**
 * True when `expected` equals any of `candidates`, compared in constant time. Every candidate
 * is compared (no early exit), so the time does not reveal which secret matched.
 */
export function matchesAnyDigest(expected: Uint8Array, candidates: readonly Uint8Array[]): boolean {
  let matched = false;
  for (const candidate of candidates) {
    if (candidate.byteLength === expected.byteLength && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}
