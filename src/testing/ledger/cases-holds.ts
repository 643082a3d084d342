import { expect } from 'vitest';
import type { LedgerCase } from './harness.js';
import { MINUTE_MS, allEntries, expectCode, expectConserved } from './harness.js';

const A = 'acct-a';

/** Capture, release, expiry and the journal. */
export const holdCases: LedgerCase[] = [
  {
    name: 'capture charges the whole hold by default',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      expect(await ledger.capture({ holdId: 'm1' })).toMatchObject({ holdId: 'm1', status: 'captured', captured: 30, released: 0 });
      expect(await ledger.balance(A)).toEqual({ account: A, available: 70, held: 0, posted: 70 });
      expect(await ledger.getHold('m1')).toMatchObject({ status: 'captured' });
    },
  },
  {
    name: 'capture ≤ hold: a partial capture releases the rest',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      expect(await ledger.capture({ holdId: 'm1', amount: 12 })).toMatchObject({ captured: 12, released: 18 });
      expect(await ledger.balance(A)).toEqual({ account: A, available: 88, held: 0, posted: 88 });
    },
  },
  {
    name: 'capture of more than the hold is refused with CAPTURE_EXCEEDS_HOLD and the hold stays open',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      await expectCode(ledger.capture({ holdId: 'm1', amount: 31 }), 'CAPTURE_EXCEEDS_HOLD');
      expect(await ledger.balance(A)).toEqual({ account: A, available: 70, held: 30, posted: 100 });
      expect(await ledger.capture({ holdId: 'm1', amount: 30 })).toMatchObject({ captured: 30 });
    },
  },
  {
    name: 'a hold resolves exactly once: a different second resolution is refused with HOLD_ALREADY_RESOLVED',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      for (const id of ['c', 'r']) await ledger.reserve({ id, account: A, amount: 10, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      await ledger.capture({ holdId: 'c', amount: 4 });
      await expectCode(ledger.release({ holdId: 'c' }), 'HOLD_ALREADY_RESOLVED');
      await expectCode(ledger.capture({ holdId: 'c', amount: 5 }), 'HOLD_ALREADY_RESOLVED');
      await expectCode(ledger.capture({ holdId: 'c' }), 'HOLD_ALREADY_RESOLVED');
      await ledger.release({ holdId: 'r' });
      await expectCode(ledger.capture({ holdId: 'r' }), 'HOLD_ALREADY_RESOLVED');
      expect(await ledger.balance(A)).toEqual({ account: A, available: 96, held: 0, posted: 96 });
      await expectConserved(ledger, A);
    },
  },
  {
    name: 'settling an unknown hold is refused with HOLD_NOT_FOUND',
    async run({ ledger }) {
      await expectCode(ledger.capture({ holdId: 'nope' }), 'HOLD_NOT_FOUND');
      await expectCode(ledger.release({ holdId: 'nope' }), 'HOLD_NOT_FOUND');
      expect(await ledger.getHold('nope')).toBeUndefined();
    },
  },
  {
    name: 'expiry by clock: at expiresAt the hold is released and a capture is refused with HOLD_EXPIRED',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      clock.advance(MINUTE_MS - 1);
      expect(await ledger.balance(A)).toEqual({ account: A, available: 70, held: 30, posted: 100 });
      clock.advance(1);
      expect(await ledger.balance(A)).toEqual({ account: A, available: 100, held: 0, posted: 100 });
      await expectCode(ledger.capture({ holdId: 'm1' }), 'HOLD_EXPIRED');
      expect(await ledger.release({ holdId: 'm1' })).toMatchObject({ status: 'expired', released: 30, captured: 0 });
      expect(await ledger.getHold('m1')).toMatchObject({ status: 'expired' });
      await expectConserved(ledger, A);
    },
  },
  {
    name: 'expiry by clock: a capture one millisecond before expiresAt succeeds and the hold never expires after',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      clock.advance(MINUTE_MS - 1);
      await ledger.capture({ holdId: 'm1' });
      clock.advance(10 * MINUTE_MS);
      expect(await ledger.balance(A)).toEqual({ account: A, available: 70, held: 0, posted: 70 });
      expect((await allEntries(ledger, A)).map((e) => e.kind)).toEqual(['top_up', 'hold', 'capture']);
    },
  },
  {
    name: 'a reservation must expire in the future (INVALID_INPUT otherwise)',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      await expectCode(ledger.reserve({ id: 'm1', account: A, amount: 1, expiresAt: clock.now(), reason: 'r' }), 'INVALID_INPUT');
      expect((await ledger.balance(A)).held).toBe(0);
    },
  },
  {
    name: 'journal append-only: earlier entries never change and new ones only follow them',
    async run({ ledger, clock }) {
      await ledger.topUp({ id: 't', account: A, amount: 100, source: 's' });
      await ledger.reserve({ id: 'm1', account: A, amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      await ledger.reserve({ id: 'm2', account: A, amount: 20, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
      const before = await allEntries(ledger, A);
      await ledger.capture({ holdId: 'm1', amount: 10 });
      clock.advance(MINUTE_MS);
      await ledger.topUp({ id: 't2', account: A, amount: 5, source: 's' });
      const after = await allEntries(ledger, A);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.map((e) => e.kind)).toEqual(['top_up', 'hold', 'hold', 'capture', 'expire', 'top_up']);
      const seqs = after.map((e) => e.seq);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
    },
  },
  {
    name: 'entries are paged with opaque cursors and a bad cursor is refused with INVALID_CURSOR',
    async run({ ledger }) {
      for (let i = 0; i < 7; i++) await ledger.topUp({ id: `t${i}`, account: A, amount: 1 + i, source: 's' });
      const first = await ledger.entries(A, { limit: 3 });
      expect(first.entries.map((e) => e.operationId)).toEqual(['t0', 't1', 't2']);
      expect(first.next).toBeDefined();
      const second = await ledger.entries(A, { cursor: first.next ?? '', limit: 5 });
      expect(second.entries.map((e) => e.operationId)).toEqual(['t3', 't4', 't5', 't6']);
      expect(second.next).toBeUndefined();
      await expectCode(ledger.entries(A, { cursor: 'not-a-cursor' }), 'INVALID_CURSOR');
    },
  },
];
