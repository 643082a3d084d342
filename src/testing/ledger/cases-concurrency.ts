import { expect } from 'vitest';
import { hasErrorCode } from '../../core/errors.js';
import type { CreditsLedger, LedgerEvents } from '../../ledger/types.js';
import type { LedgerCase } from './harness.js';
import { MINUTE_MS, allEntries, expectCode, expectConserved } from './harness.js';

const A = 'acct-a';

function countEvents(ledgers: CreditsLedger[], event: keyof LedgerEvents): { readonly count: number } {
  const counter = { count: 0 };
  for (const ledger of new Set(ledgers)) ledger.on(event, () => { counter.count += 1; });
  return counter;
}

/** Several callers and two ledger instances over one store, including auto-recharge. */
export const concurrencyCases: LedgerCase[] = [
  {
    name: 'concurrency: 100 concurrent reservations of 7 against 50 on two instances → exactly 7 succeed',
    async run({ ledger, second, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 50, source: 's' });
      const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) =>
        (i % 2 === 0 ? ledger : second).reserve({ id: `m${i}`, account: A, amount: 7, expiresAt: clock.now() + MINUTE_MS, reason: 'r' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(7);
      for (const r of results) if (r.status === 'rejected') expect(hasErrorCode(r.reason, 'INSUFFICIENT_CREDITS')).toBe(true);
      expect(await second.balance(A)).toEqual({ account: A, available: 1, held: 49, posted: 50 });
      await expectConserved(ledger, A);
    },
  },
  {
    name: 'concurrency: top-ups with distinct ids on two instances all land (no lost update)',
    async run({ ledger, second }) {
      await Promise.all(Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? ledger : second).topUp({ id: `t${i}`, account: A, amount: i + 1, source: 's' })));
      expect((await ledger.balance(A)).posted).toBe((40 * 41) / 2);
      await expectConserved(second, A);
    },
  },
  {
    name: 'concurrency: concurrent repeats of one reservation on two instances make one hold',
    async run({ ledger, second, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      const input = { id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' };
      const holds = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? ledger : second).reserve({ ...input })));
      for (const hold of holds) expect(hold).toEqual(holds[0]);
      expect(await ledger.balance(A)).toEqual({ account: A, available: 70, held: 30, posted: 100 });
      expect((await allEntries(second, A)).filter((e) => e.kind === 'hold')).toHaveLength(1);
    },
  },
  {
    name: 'concurrency: racing capture and release of one hold on two instances → exactly one resolution wins',
    async run({ ledger, second, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      const results = await Promise.allSettled([
        ledger.capture({ holdId: 'm1' }), second.release({ holdId: 'm1' }), second.capture({ holdId: 'm1' }), ledger.release({ holdId: 'm1' }),
      ]);
      const captures = [results[0], results[2]];
      const releases = [results[1], results[3]];
      const captured = captures.every((r) => r.status === 'fulfilled') && releases.every((r) => r.status === 'rejected');
      const released = releases.every((r) => r.status === 'fulfilled') && captures.every((r) => r.status === 'rejected');
      expect(captured !== released).toBe(true);
      expect(await ledger.balance(A)).toEqual(captured
        ? { account: A, available: 70, held: 0, posted: 70 }
        : { account: A, available: 100, held: 0, posted: 100 });
      expect((await allEntries(second, A)).filter((e) => e.kind === 'capture' || e.kind === 'release')).toHaveLength(1);
    },
  },
  {
    name: 'a repeat on another instance (a restarted app) returns the first result',
    async run({ ledger, second, clock }) {
      const first = await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      expect(await second.topUp({ id: 't', account: A, amount: 100, source: 's' })).toEqual(first);
      const hold = await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      expect(await second.reserve({ id: 'm1', account: A, amount: 30, expiresAt: hold.expiresAt, reason: 'r' })).toEqual(hold);
      await expectCode(second.reserve({ id: 'm1', account: A, amount: 31, expiresAt: hold.expiresAt, reason: 'r' }), 'IDEMPOTENCY_CONFLICT');
      expect(await second.balance(A)).toEqual({ account: A, available: 70, held: 30, posted: 100 });
    },
  },
  {
    name: 'auto-recharge: exactly one recharge per crossing with concurrent reservations on two instances',
    autoRecharge: { below: 50, topUp: 1000 },
    async run({ ledger, second, clock, payments }) {
      const low = countEvents([ledger, second], 'credits.low');
      const recharged = countEvents([ledger, second], 'credits.recharged');
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 'purchase' });
      await Promise.allSettled(Array.from({ length: 30 }, (_, i) =>
        (i % 2 === 0 ? ledger : second).reserve({ id: `m${i}`, account: A, amount: 5, expiresAt: clock.now() + MINUTE_MS, reason: 'r' })));
      await Promise.all([ledger.whenIdle(), second.whenIdle()]);
      expect(payments.calls).toEqual([{ account: A, amount: 1000, idempotencyKey: `${A}:recharge:1` }]);
      expect(low.count).toBe(1);
      expect(recharged.count).toBe(1);
      expect((await ledger.balance(A)).posted).toBe(1100);
      await expectConserved(second, A);
    },
  },
  {
    name: 'auto-recharge: no recharge while reservations leave at least the minimum',
    autoRecharge: { below: 50, topUp: 1000 },
    async run({ ledger, clock, payments }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 'purchase' });
      await ledger.reserve({ id: 'm1', account: A, amount: 50, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      await ledger.whenIdle();
      expect(payments.calls).toEqual([]);
      await ledger.reserve({ id: 'm2', account: A, amount: 1, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      await ledger.whenIdle();
      expect(payments.calls).toHaveLength(1);
    },
  },
  {
    name: 'auto-recharge: a failed payment emits credits.recharge_failed, credits nothing, and the next crossing retries with a new key',
    autoRecharge: { below: 50, topUp: 1000 },
    async run({ ledger, second, clock, payments }) {
      const failed = countEvents([ledger, second], 'credits.recharge_failed');
      await ledger.topUp({ id: 't', account: A, amount: 60, source: 'purchase' });
      payments.failNext(1);
      await ledger.reserve({ id: 'm1', account: A, amount: 20, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      await ledger.whenIdle();
      expect(failed.count).toBe(1);
      expect(payments.calls.map((c) => c.idempotencyKey)).toEqual([`${A}:recharge:1`]);
      expect((await ledger.balance(A)).posted).toBe(60);
      await second.reserve({ id: 'm2', account: A, amount: 5, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      await second.whenIdle();
      expect(payments.calls.map((c) => c.idempotencyKey)).toEqual([`${A}:recharge:1`, `${A}:recharge:2`]);
      expect((await ledger.balance(A)).posted).toBe(1060);
      const recharge = (await allEntries(ledger, A)).find((e) => e.operationId === `${A}:recharge:2`);
      expect(recharge).toMatchObject({ kind: 'top_up', amount: 1000, note: 'auto_recharge' });
      await expectConserved(ledger, A);
    },
  },
  {
    name: 'auto-recharge: a recharge abandoned mid-payment is resumed by a later crossing with the same key and credited once',
    autoRecharge: { below: 50, topUp: 1000, stuckAfterMs: 10 * MINUTE_MS },
    async run({ ledger, second, clock, payments }) {
      const key = `${A}:recharge:1`;
      const longHold = () => clock.now() + 60 * MINUTE_MS;
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 'purchase' });
      payments.holdNext();
      await ledger.reserve({ id: 'm1', account: A, amount: 60, expiresAt: longHold(), reason: 'r' });
      await second.reserve({ id: 'm2', account: A, amount: 1, expiresAt: longHold(), reason: 'r' });
      expect(payments.calls.map((c) => c.idempotencyKey)).toEqual([key]);
      clock.advance(10 * MINUTE_MS);
      await second.reserve({ id: 'm3', account: A, amount: 1, expiresAt: longHold(), reason: 'r' });
      await second.whenIdle();
      expect(payments.calls.map((c) => c.idempotencyKey)).toEqual([key, key]);
      expect((await second.balance(A)).posted).toBe(1100);
      payments.answerHeld();
      await ledger.whenIdle();
      expect((await ledger.balance(A)).posted).toBe(1100);
      expect((await allEntries(ledger, A)).filter((e) => e.operationId === key)).toHaveLength(1);
      await expectConserved(second, A);
    },
  },
];
