import { createHash } from 'node:crypto';

/**
 * The `random_id` for `messages.send`, derived from an idempotency key: the first 4 bytes of
 * SHA-256(key), masked to 31 bits, with 0 mapped to 1 (VK treats 0 as "no de-duplication").
 *
 * Guarantees: the same key always gives the same id (so a retry, even from another process,
 * cannot send twice: VK de-duplicates per dialog over the last hour and last 100 messages);
 * the result is an integer in [1, 2^31 − 1], inside VK's int32.
 *
 * @example
 * ```ts
 * vkRandomId('msg_01JD3Q8W5Z7N4V2C6B9X1K0M3P'); // always the same positive int32
 * ```
 */
export function vkRandomId(idempotencyKey: string): number {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest();
  const value = digest.readUInt32BE(0) & 0x7f_ff_ff_ff;
  return value === 0 ? 1 : value;
}
