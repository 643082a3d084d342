/** Outbound messages and limiter settings shared by the send benchmarks. */
import type { OutboundMessage } from '../../src/channels/adapter.js';
import { newId } from '../../src/core/ids.js';
import type { RateLimiter } from '../../src/channels/rate-limit/rate-limiter.js';

/** Concurrency of the send-throughput comparison (closed loop). */
export const SEND_CONCURRENCY = 64;

export const TEXT = 'Hi Jessica, your order SKBUP2-4CPIG9 has shipped and should arrive on Thursday.';

/**
 * A limiter that grants every token. The send-throughput rows measure the client path, and the
 * adapters' configurable limits top out at 1 000/s, below what loopback reaches.
 */
export const grantEverything: RateLimiter = { take: () => Promise.resolve({ granted: true }) };

/** A distinct E.164 recipient per sequence number (so per-recipient limits never bind). */
export function phoneFor(i: number): string {
  return `+346${String(10_000_000 + (i % 89_999_999)).padStart(8, '0')}`;
}

export function whatsappText(i: number): OutboundMessage {
  return { messageId: newId('msg'), idempotencyKey: `bench-${i}`, to: { kind: 'phone', value: phoneFor(i) }, content: { type: 'text', text: TEXT } };
}

export function vkText(i: number): OutboundMessage {
  return { messageId: newId('msg'), idempotencyKey: `bench-${i}`, to: { kind: 'vk_user', value: String(100_000_000 + (i % 1_000_000)) }, content: { type: 'text', text: TEXT } };
}
