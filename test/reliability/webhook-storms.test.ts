/**
 * Webhook storms: every item delivered 1–5 times, statuses in random order, many requests in
 * flight at once across two instances. Each inbound message must be stored once, statuses must
 * never regress, and a conversation's 24 h window (its last inbound time) must never shrink.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/core/clock.js';
import type { ConversationId } from '../../src/core/ids.js';
import type { Message, MessageStatus } from '../../src/model/message.js';
import { STATUS_RANK } from '../../src/model/message-status.js';
import type { WhatsAppWebhookPayload } from '../../src/testing/whatsapp/payloads.js';
import type { VkTestEvent } from '../../src/testing/vk/events.js';
import { messagesOf } from './support/audit.js';
import { sharedBackends } from './support/backends.js';
import { pick, prng, seeds, shuffled } from './support/env.js';
import type { World } from './support/world.js';
import { createWorld } from './support/world.js';

let world: World | undefined;
afterEach(async () => { await world?.close(); world = undefined; });

const CUSTOMERS = 8;
const SENDS = 40;
const INBOUND_PER_CUSTOMER = 4;
const CONCURRENCY = 16;

/** Runs the deliveries `CONCURRENCY` at a time and checks the observed state after each chunk. */
async function storm(deliveries: readonly (() => Promise<Response>)[], after: () => Promise<void>): Promise<void> {
  for (let i = 0; i < deliveries.length; i += CONCURRENCY) {
    const responses = await Promise.all(deliveries.slice(i, i + CONCURRENCY).map((d) => d()));
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    await after();
  }
}

const copies = (random: () => number): number => 1 + Math.floor(random() * 5);

describe('webhook storms', () => {
  for (const { name, factory } of sharedBackends()) for (const seed of seeds()) {
    it(`scenarios 10, 15, 16, 18 on ${name}: WhatsApp statuses and messages delivered 1–5 times, shuffled, concurrently to two instances → each message stored once, statuses never regress, the window never shrinks (seed ${seed})`, async () => {
      const w = (world = await createWorld({ seed, instances: 2, backend: factory }));
      const random = prng(seed);
      const waIds = Array.from({ length: CUSTOMERS }, (_, i) => `4915112340${String(10 + i)}`);
      const conversations = new Map<string, ConversationId>();
      for (const waId of waIds) conversations.set(waId, await w.waCustomer(waId, 'first'));
      const sent: Message[] = [];
      for (let i = 0; i < SENDS; i++) {
        const conversationId = conversations.get(pick(random, waIds));
        if (conversationId === undefined) throw new Error('no conversation');
        sent.push((await w.sb.send({ conversationId, text: `reply ${i}`, idempotencyKey: `storm-${i}` })).message);
      }
      expect(w.wa.sent).toHaveLength(SENDS);

      // Status reports: a random subset and order of sent/delivered/read, sometimes a late `failed`.
      const reported = new Map<string, MessageStatus[]>();
      const payloads: WhatsAppWebhookPayload[] = [];
      for (const accepted of w.wa.sent) {
        const sequence = shuffled(random, (['sent', 'delivered', 'read', 'failed'] as const).filter((s) => s === 'sent' || random() < (s === 'failed' ? 0.25 : 0.7)));
        reported.set(accepted.bizOpaqueCallbackData ?? '', [...sequence]);
        for (const payload of w.wa.statuses(accepted, sequence, { order: 'shuffled' })) for (let c = copies(random); c > 0; c--) payloads.push(payload);
      }
      // Inbound messages with provider timestamps out of order (late retries carry older times).
      const inboundAt = new Map<string, number[]>();
      const wamids: string[] = [];
      for (const waId of waIds) {
        for (let k = 0; k < INBOUND_PER_CUSTOMER; k++) {
          // WhatsApp timestamps are whole seconds.
          const at = Math.floor(w.clock.now() / 1000) * 1000 - Math.floor(random() * 30) * MINUTE;
          const { wamid, payload } = w.wa.inbound({ from: waId, text: `question ${k}`, at });
          wamids.push(wamid);
          inboundAt.set(waId, [...(inboundAt.get(waId) ?? []), at]);
          for (let c = copies(random); c > 0; c--) payloads.push(payload);
        }
      }

      const regressions: string[] = [];
      for (const sb of w.instances) {
        sb.on('message.status', ({ message, previousStatus }) => {
          if (STATUS_RANK[message.status] <= STATUS_RANK[previousStatus]) regressions.push(`${message.id}: ${previousStatus} → ${message.status}`);
        });
      }
      const lastSeen = new Map<string, number>();
      const lastRank = new Map<string, number>();
      const observe = async (): Promise<void> => {
        for (const [waId, id] of conversations) {
          const conversation = await w.store.conversations.get(id);
          const at = conversation?.lastInboundAt ?? 0;
          expect(at, `window of ${waId} shrank (seed ${seed})`).toBeGreaterThanOrEqual(lastSeen.get(waId) ?? 0);
          lastSeen.set(waId, at);
        }
        for (const m of sent) {
          const status = (await w.store.messages.getById(m.id))?.status ?? 'queued';
          expect(STATUS_RANK[status], `status of ${m.id} regressed to ${status} (seed ${seed})`).toBeGreaterThanOrEqual(lastRank.get(m.id) ?? 0);
          lastRank.set(m.id, STATUS_RANK[status]);
        }
      };
      await storm(shuffled(random, payloads).map((payload) => () => w.deliverWa(payload, pick(random, w.instances))), observe);

      expect(regressions).toEqual([]);
      const stored = await messagesOf(w.store, conversations.values());
      const inbound = stored.filter((m) => m.direction === 'inbound' && m.providerMessageId !== undefined && wamids.includes(m.providerMessageId));
      expect(inbound.map((m) => m.providerMessageId).sort()).toEqual([...wamids].sort());
      for (const m of sent) {
        const statuses = reported.get(m.id) ?? [];
        const highest = statuses.reduce<MessageStatus>((best, s) => (STATUS_RANK[s] > STATUS_RANK[best] ? s : best), 'sent');
        expect((await w.store.messages.getById(m.id))?.status, `final status of ${m.id} after ${statuses.join(',')} (seed ${seed})`).toBe(highest);
      }
      for (const [waId, id] of conversations) {
        const conversation = await w.store.conversations.get(id);
        expect(conversation?.lastInboundAt).toBeGreaterThanOrEqual(Math.max(...(inboundAt.get(waId) ?? [0])));
      }
    }, 60_000);
  }

  for (const seed of seeds()) {
    it(`scenario 11: VK events delivered 1–5 times with X-Retry-Counter, concurrently to two instances → each stored once, every delivery answered ok (seed ${seed})`, async () => {
      const w = (world = await createWorld({ seed, instances: 2 }));
      const random = prng(seed);
      const events: VkTestEvent[] = [];
      for (let i = 0; i < 60; i++) events.push(w.vk.userWrites(7_000 + (i % 6), `вопрос ${i}`, { id: 50_000 + i, conversationMessageId: 50_000 + i }));
      const deliveries = events.flatMap((event) => Array.from({ length: copies(random) }, (_, attempt) => async () => {
        const response = await w.deliverVk(event, pick(random, w.instances), attempt === 0 ? undefined : attempt);
        expect(await response.clone().text()).toBe('ok');
        return response;
      }));
      await storm(shuffled(random, deliveries), () => Promise.resolve());
      const conversations = new Set<ConversationId>();
      for (let u = 0; u < 6; u++) {
        const contact = await w.store.contacts.findByAddress({ kind: 'vk_user', value: String(7_000 + u) });
        if (contact === null) throw new Error(`VK user ${7_000 + u} not stored`);
        const page = await w.store.conversations.list({ contactId: contact.id });
        expect(page.items, `one dialog per VK user (seed ${seed})`).toHaveLength(1);
        for (const c of page.items) conversations.add(c.id);
      }
      const texts = (await messagesOf(w.store, conversations)).map((m) => (m.content.type === 'text' ? m.content.text : ''));
      expect(texts.sort()).toEqual(events.map((_, i) => `вопрос ${i}`).sort());
    }, 60_000);
  }
});
