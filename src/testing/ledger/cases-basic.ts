import { expect } from 'vitest';
import type { CreditsLedger } from '../../ledger/types.js';
import type { LedgerCase } from './harness.js';
import { MINUTE_MS, allEntries, expectCode, expectConserved } from './harness.js';

const A = 'acct-a';

async function funded(ledger: CreditsLedger, amount: number, account = A): Promise<void> {
  await ledger.topUp({ id: `fund-${account}-${amount}`, account, amount, source: 'purchase' });
}

/** Balances, top-ups, reservations, refusals and idempotency. */
export const basicCases: LedgerCase[] = [
  {
    name: 'an unknown account has zero available, held and posted credits',
    async run({ ledger }) {
      expect(await ledger.balance('nobody')).toEqual({ account: 'nobody', available: 0, held: 0, posted: 0 });
    },
  },
  {
    name: 'topUp adds to posted and available credits',
    async run({ ledger }) {
      const result = await ledger.topUp({ id: 't1', account: A, amount: 120, source: 'purchase' });
      expect(result.balance).toEqual({ account: A, available: 120, held: 0, posted: 120 });
      expect(await ledger.balance(A)).toEqual({ account: A, available: 120, held: 0, posted: 120 });
    },
  },
  {
    name: 'reserve moves credits from available to held and returns the hold',
    async run({ ledger, clock }) {
      await funded(ledger, 100);
      const hold = await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'whatsapp:MARKETING:IN' });
      expect(hold).toMatchObject({ id: 'm1', account: A, amount: 30, status: 'held', reason: 'whatsapp:MARKETING:IN' });
      expect(await ledger.balance(A)).toEqual({ account: A, available: 70, held: 30, posted: 100 });
    },
  },
  {
    name: 'no overdraft: a reservation larger than available is refused with INSUFFICIENT_CREDITS and changes nothing',
    async run({ ledger, clock }) {
      await funded(ledger, 50);
      await ledger.reserve({ id: 'm1', account: A, amount: 40, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      const error = await expectCode(ledger.reserve({ id: 'm2', account: A, amount: 11, expiresAt: clock.now() + MINUTE_MS, reason: 'r' }), 'INSUFFICIENT_CREDITS');
      expect(error).toMatchObject({ remedy: 'top_up' });
      expect(await ledger.balance(A)).toEqual({ account: A, available: 10, held: 40, posted: 50 });
      await ledger.reserve({ id: 'm3', account: A, amount: 10, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      expect((await ledger.balance(A)).available).toBe(0);
    },
  },
  {
    name: 'a refused reservation records nothing, so the same id succeeds after a top-up',
    async run({ ledger, clock }) {
      const input = { id: 'm1', account: A, amount: 25, expiresAt: clock.now() + MINUTE_MS, reason: 'r' };
      await expectCode(ledger.reserve(input), 'INSUFFICIENT_CREDITS');
      await funded(ledger, 25);
      expect(await ledger.reserve(input)).toMatchObject({ id: 'm1', status: 'held' });
    },
  },
  {
    name: 'zero, negative, fractional, non-finite, non-number and unsafe amounts are refused with INVALID_AMOUNT',
    async run({ ledger, clock }) {
      await funded(ledger, 100);
      const hold = await ledger.reserve({ id: 'h', account: A, amount: 10, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      const bad: unknown[] = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, '5'];
      for (const [i, amount] of bad.entries()) {
        await expectCode(ledger.topUp({ id: `t${i}`, account: A, amount: amount as number, source: 's' }), 'INVALID_AMOUNT');
        await expectCode(ledger.reserve({ id: `r${i}`, account: A, amount: amount as number, expiresAt: clock.now() + MINUTE_MS, reason: 'r' }), 'INVALID_AMOUNT');
        await expectCode(ledger.capture({ holdId: hold.id, amount: amount as number }), 'INVALID_AMOUNT');
      }
      expect(await ledger.balance(A)).toEqual({ account: A, available: 90, held: 10, posted: 100 });
    },
  },
  {
    name: 'a top-up that would push the balance past the largest safe integer is refused with INVALID_AMOUNT',
    async run({ ledger }) {
      await ledger.topUp({ id: 'big', account: A, amount: Number.MAX_SAFE_INTEGER - 5, source: 's' });
      await expectCode(ledger.topUp({ id: 'over', account: A, amount: 6, source: 's' }), 'INVALID_AMOUNT');
      expect((await ledger.balance(A)).posted).toBe(Number.MAX_SAFE_INTEGER - 5);
    },
  },
  {
    name: 'malformed input (empty account, missing reason) is refused with INVALID_INPUT',
    async run({ ledger, clock }) {
      await expectCode(ledger.topUp({ id: 't', account: '', amount: 1, source: 's' }), 'INVALID_INPUT');
      await expectCode(ledger.reserve({ id: 'r', account: A, amount: 1, expiresAt: clock.now() + MINUTE_MS } as never), 'INVALID_INPUT');
      await expectCode(ledger.balance(''), 'INVALID_INPUT');
    },
  },
  {
    name: 'repeating an operation with the same id and fields returns the first result and changes nothing',
    async run({ ledger, clock }) {
      const topUp = { id: 't1', account: A, amount: 100, source: 'purchase' };
      const first = await ledger.topUp(topUp);
      expect(await ledger.topUp({ ...topUp })).toEqual(first);
      const reserve = { id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' };
      const hold = await ledger.reserve(reserve);
      expect(await ledger.reserve({ ...reserve })).toEqual(hold);
      const captured = await ledger.capture({ holdId: 'm1', amount: 20 });
      expect(await ledger.capture({ holdId: 'm1', amount: 20 })).toEqual(captured);
      await ledger.reserve({ id: 'm2', account: A, amount: 5, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      const released = await ledger.release({ holdId: 'm2' });
      expect(await ledger.release({ holdId: 'm2' })).toEqual(released);
      expect(await ledger.balance(A)).toEqual({ account: A, available: 80, held: 0, posted: 80 });
      expect(await allEntries(ledger, A)).toHaveLength(5);
    },
  },
  {
    name: 'reusing an id with different fields or for another operation is refused with IDEMPOTENCY_CONFLICT',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't1', account: A, amount: 100, source: 'purchase' });
      const error = await expectCode(ledger.topUp({ id: 't1', account: A, amount: 101, source: 'purchase' }), 'IDEMPOTENCY_CONFLICT');
      expect(error).toMatchObject({ field: 'amount' });
      const reserve = { id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' };
      await ledger.reserve(reserve);
      await expectCode(ledger.reserve({ ...reserve, expiresAt: reserve.expiresAt + 1 }), 'IDEMPOTENCY_CONFLICT');
      await expectCode(ledger.reserve({ ...reserve, id: 't1' }), 'IDEMPOTENCY_CONFLICT');
      await expectCode(ledger.topUp({ id: 'm1', account: A, amount: 30, source: 'purchase' }), 'IDEMPOTENCY_CONFLICT');
      expect(await ledger.balance(A)).toEqual({ account: A, available: 70, held: 30, posted: 100 });
    },
  },
  {
    name: 'conservation: balances recomputed from the journal equal the reported ones',
    async run({ ledger, clock }) {
      await funded(ledger, 500);
      for (let i = 0; i < 12; i++) {
        await ledger.reserve({ id: `m${i}`, account: A, amount: 10 + i, expiresAt: clock.now() + (i + 1) * MINUTE_MS, reason: 'r' });
      }
      await ledger.capture({ holdId: 'm0' });
      await ledger.capture({ holdId: 'm1', amount: 3 });
      await ledger.release({ holdId: 'm2' });
      clock.advance(5 * MINUTE_MS);
      await ledger.topUp({ id: 't2', account: A, amount: 7, source: 'promo' });
      await expectConserved(ledger, A);
      // m0 captured (10), m1 captured 3 of 11, m2 released, m3 and m4 expired; m5..m11 (15..21) still held.
      expect(await ledger.balance(A)).toEqual({ account: A, available: 494 - 126, held: 126, posted: 500 + 7 - 10 - 3 });
    },
  },
  {
    name: 'accounts are independent',
    async run({ ledger, clock }) {
      await funded(ledger, 10, 'acct-b');
      await expectCode(ledger.reserve({ id: 'm1', account: A, amount: 1, expiresAt: clock.now() + MINUTE_MS, reason: 'r' }), 'INSUFFICIENT_CREDITS');
      expect((await ledger.balance('acct-b')).available).toBe(10);
      expect(await allEntries(ledger, A)).toEqual([]);
    },
  },
];
