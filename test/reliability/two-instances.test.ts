/**
 * Two Switchboard instances over one store and one ledger (memory, the SQLite example, and the
 * PostgreSQL example when `DATABASE_URL` is set): concurrent sends — some with the same
 * idempotency key on both instances — concurrent webhooks and concurrent outbox runs. Nothing
 * may be sent twice, the account may never be overdrawn, and auto-recharge runs once per
 * threshold crossing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SECOND } from '../../src/core/clock.js';
import { isSwitchboardError } from '../../src/core/errors.js';
import type { ConversationId } from '../../src/core/ids.js';
import type { PaymentRequest } from '../../src/ledger/types.js';
import { journal, ledgerViolations, messagesOf, providerDuplicates } from './support/audit.js';
import { sharedBackends } from './support/backends.js';
import { pick, prng, seeds } from './support/env.js';
import type { World } from './support/world.js';
import { ACCOUNT, createWorld } from './support/world.js';

let world: World | undefined;
afterEach(async () => { await world?.close(); world = undefined; });

const VK_USERS = 6;
const WA_USERS = 6;
const SENDS = 90;

describe('two instances over one store', () => {
  for (const { name, factory } of sharedBackends()) {
    for (const seed of seeds()) {
      it(`scenarios 28, 30, 39 on ${name}: concurrent sends and webhooks on two instances → no duplicate, no overdraft, one auto-recharge per crossing (seed ${seed})`, async () => {
        const payments: PaymentRequest[] = [];
        const w = (world = await createWorld({
          seed, instances: 2, backend: factory, credits: 60,
          autoRecharge: { below: 30, topUp: 40, pay: (request) => { payments.push(request); return Promise.resolve({ paid: true }); } },
        }));
        const random = prng(seed);
        const [a, b] = w.instances;
        if (a === undefined || b === undefined) throw new Error('two instances expected');

        // First contacts race on both instances: one dialog per customer.
        const vkEvents = Array.from({ length: VK_USERS }, (_, u) => w.vk.userWrites(8_000 + u, 'Здравствуйте', { id: 80_000 + u, conversationMessageId: 80_000 + u }));
        const waInbound = Array.from({ length: WA_USERS }, (_, u) => w.wa.inbound({ from: `3161234567${String(u)}`, text: 'Hallo' }).payload);
        const first = await Promise.all([
          ...vkEvents.flatMap((event) => [w.deliverVk(event, a), w.deliverVk(event, b, 1)]),
          ...waInbound.flatMap((payload) => [w.deliverWa(payload, a), w.deliverWa(payload, b)]),
        ]);
        expect(first.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
        const conversations: ConversationId[] = [];
        for (let u = 0; u < VK_USERS; u++) {
          const contact = await w.store.contacts.findByAddress({ kind: 'vk_user', value: String(8_000 + u) });
          const page = contact === null ? undefined : await w.store.conversations.list({ contactId: contact.id });
          expect(page?.items, `VK user ${8_000 + u}: one dialog (seed ${seed})`).toHaveLength(1);
          if (page?.items[0] !== undefined) conversations.push(page.items[0].id);
        }
        for (let u = 0; u < WA_USERS; u++) {
          const contact = await w.store.contacts.findByAddress({ kind: 'phone', value: `+3161234567${String(u)}` });
          const page = contact === null ? undefined : await w.store.conversations.list({ contactId: contact.id });
          expect(page?.items, `WhatsApp customer ${String(u)}: one dialog (seed ${seed})`).toHaveLength(1);
          if (page?.items[0] !== undefined) conversations.push(page.items[0].id);
        }

        // Some sends fail transiently and are left to the outbox; both instances run it concurrently.
        w.vk.failNext('messages.send', 'http_500', 10);
        const keys: string[] = [];
        const sends = Array.from({ length: SENDS }, (_, i) => {
          const key = `two-${seed}-${i}`;
          keys.push(key);
          const input = { conversationId: pick(random, conversations), text: `Message ${i}`, idempotencyKey: key };
          const runs = random() < 0.3 ? [a.send(input), b.send(input)] : [pick(random, [a, b]).send(input)];
          return Promise.allSettled(runs);
        });
        const settled = (await Promise.all(sends)).flat();
        const refusals = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
        for (const reason of refusals) {
          expect(isSwitchboardError(reason), `untyped error ${String(reason)} (seed ${seed})`).toBe(true);
          expect((reason as { code: string }).code).toBe('INSUFFICIENT_CREDITS');
        }
        for (let round = 0; round < 4; round++) {
          w.clock.advance(61 * SECOND);
          await Promise.all([a.outbox.run(), b.outbox.run()]);
        }
        await Promise.all(w.ledgers.map((l) => l.whenIdle()));

        // No duplicate: one stored message per key, one provider copy per message.
        const outbound = (await messagesOf(w.store, conversations)).filter((m) => m.direction === 'outbound');
        expect(new Set(outbound.map((m) => m.idempotencyKey)).size).toBe(outbound.length);
        expect(providerDuplicates({ whatsapp: w.wa.sent, vk: w.vk.sent }), `provider copies (seed ${seed})`).toEqual([]);
        expect(outbound.filter((m) => m.status === 'queued' || m.status === 'unknown')).toEqual([]);
        expect(w.vk.sent.length + w.wa.sent.length).toBe(outbound.filter((m) => m.status === 'sent').length);

        // No overdraft, journal = balance, and exactly one payment per crossing key.
        expect(await ledgerViolations(w.ledger, ACCOUNT)).toEqual([]);
        const byKey = new Map<string, number>();
        for (const p of payments) byKey.set(p.idempotencyKey, (byKey.get(p.idempotencyKey) ?? 0) + 1);
        expect([...byKey].filter(([, n]) => n > 1), `payments repeated for one crossing (seed ${seed})`).toEqual([]);
        expect(payments.length).toBeGreaterThan(0);
        const topUps = (await journal(w.ledger, ACCOUNT)).filter((e) => e.kind === 'top_up');
        expect(topUps.reduce((sum, e) => sum + e.amount, 0), `credited once per payment (seed ${seed})`).toBe(60 + 40 * byKey.size);
      }, 60_000);
    }
  }
});
