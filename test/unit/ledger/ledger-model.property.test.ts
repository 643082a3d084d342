import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src/core/clock.js';
import { isSwitchboardError } from '../../../src/core/errors.js';
import { createMemoryLedger, createMemoryLedgerState } from '../../../src/ledger/index.js';
import type { CreditsLedger } from '../../../src/ledger/index.js';
import { allEntries, replayJournal } from '../../../src/testing/ledger.js';

// Random operation sequences against a tiny reference model: after every step the ledger's
// balance equals the model's, is never negative, and equals the replay of its journal.

const ACCOUNT = 'acct';
const MINUTE = 60_000;

type Op =
  | { op: 'topUp'; amount: number }
  | { op: 'reserve'; amount: number; ttl: number }
  | { op: 'capture'; hold: number; amount: number | undefined }
  | { op: 'release'; hold: number }
  | { op: 'advance'; ms: number }
  | { op: 'repeatLast' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('topUp' as const), amount: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ op: fc.constant('reserve' as const), amount: fc.integer({ min: 1, max: 60 }), ttl: fc.integer({ min: 1, max: 10 * MINUTE }) }),
  fc.record({ op: fc.constant('capture' as const), hold: fc.nat(30), amount: fc.option(fc.integer({ min: 1, max: 70 }), { nil: undefined }) }),
  fc.record({ op: fc.constant('release' as const), hold: fc.nat(30) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5 * MINUTE }) }),
  fc.constant({ op: 'repeatLast' as const }),
);

interface ModelHold { amount: number; expiresAt: number; status: 'held' | 'captured' | 'released' | 'expired'; captured: number }

class Model {
  posted = 0;
  held = 0;
  readonly holds = new Map<string, ModelHold>();

  expire(now: number): void {
    for (const hold of this.holds.values()) {
      if (hold.status === 'held' && hold.expiresAt <= now) {
        hold.status = 'expired';
        this.held -= hold.amount;
      }
    }
  }

  reserve(id: string, amount: number, expiresAt: number): string | undefined {
    if (amount > this.posted - this.held) return 'INSUFFICIENT_CREDITS';
    this.holds.set(id, { amount, expiresAt, status: 'held', captured: 0 });
    this.held += amount;
    return undefined;
  }

  capture(id: string, amount: number | undefined): string | undefined {
    const hold = this.holds.get(id);
    if (hold === undefined) return 'HOLD_NOT_FOUND';
    const wanted = amount ?? hold.amount;
    if (hold.status === 'expired') return 'HOLD_EXPIRED';
    if (hold.status === 'captured') return hold.captured === wanted ? undefined : 'HOLD_ALREADY_RESOLVED';
    if (hold.status === 'released') return 'HOLD_ALREADY_RESOLVED';
    if (wanted > hold.amount) return 'CAPTURE_EXCEEDS_HOLD';
    hold.status = 'captured';
    hold.captured = wanted;
    this.held -= hold.amount;
    this.posted -= wanted;
    return undefined;
  }

  release(id: string): string | undefined {
    const hold = this.holds.get(id);
    if (hold === undefined) return 'HOLD_NOT_FOUND';
    if (hold.status === 'captured') return 'HOLD_ALREADY_RESOLVED';
    if (hold.status === 'held') {
      hold.status = 'released';
      this.held -= hold.amount;
    }
    return undefined;
  }
}

async function outcome(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (isSwitchboardError(error)) return error.code;
    throw error;
  }
}

async function check(ops: Op[]): Promise<void> {
  const clock = createVirtualClock(Date.UTC(2026, 0, 1));
  const state = createMemoryLedgerState();
  // Alternate two instances over one state: the model does not care which one answers.
  const ledgers: CreditsLedger[] = [createMemoryLedger({ state, clock }), createMemoryLedger({ state, clock })];
  const model = new Model();
  let last: (() => Promise<unknown>) | undefined;
  let lastExpected: string | undefined;
  for (const [i, op] of ops.entries()) {
    const ledger = ledgers[i % 2] as CreditsLedger;
    let call: () => Promise<unknown>;
    let expected: string | undefined;
    model.expire(clock.now());
    switch (op.op) {
      case 'topUp': {
        const input = { id: `t${i}`, account: ACCOUNT, amount: op.amount, source: 'test' };
        call = () => ledger.topUp(input);
        model.posted += op.amount;
        break;
      }
      case 'reserve': {
        const input = { id: `h${i}`, account: ACCOUNT, amount: op.amount, expiresAt: clock.now() + op.ttl, reason: 'test' };
        call = () => ledger.reserve(input);
        expected = model.reserve(input.id, input.amount, input.expiresAt);
        break;
      }
      case 'capture': {
        const input = { holdId: `h${op.hold}`, ...(op.amount === undefined ? {} : { amount: op.amount }) };
        call = () => ledger.capture(input);
        expected = model.capture(input.holdId, op.amount);
        break;
      }
      case 'release':
        call = () => ledger.release({ holdId: `h${op.hold}` });
        expected = model.release(`h${op.hold}`);
        break;
      case 'advance':
        clock.advance(op.ms);
        last = undefined;
        continue;
      case 'repeatLast':
        // The same call again, right after, on the other instance: a successful one must change
        // nothing; a refused one recorded nothing, so with nothing in between it is refused again.
        if (last === undefined) continue;
        call = last;
        expected = lastExpected;
        break;
    }
    expect(await outcome(call)).toBe(expected);
    last = call;
    lastExpected = expected;
    const balance = await ledgers[(i + 1) % 2]!.balance(ACCOUNT);
    expect(balance).toEqual({ account: ACCOUNT, posted: model.posted, held: model.held, available: model.posted - model.held });
    expect(balance.available).toBeGreaterThanOrEqual(0);
  }
  model.expire(clock.now());
  const replayed = replayJournal(await allEntries(ledgers[0]!, ACCOUNT));
  expect(replayed).toEqual({ posted: model.posted, held: model.held, available: model.posted - model.held });
}

describe('memory ledger against a reference model', () => {
  it('random topUp/reserve/capture/release/advance sequences keep balances equal to the model and to the journal', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 60 }), check), { numRuns: 200 });
  });

  it('N concurrent reservations of a against a balance B on two instances: exactly min(N, ⌊B/a⌋) succeed', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 500 }),
      async (n, a, b) => {
        const clock = createVirtualClock(0);
        const state = createMemoryLedgerState();
        const ledgers = [createMemoryLedger({ state, clock }), createMemoryLedger({ state, clock })];
        await ledgers[0]!.topUp({ id: 'fund', account: ACCOUNT, amount: b, source: 'test' });
        const results = await Promise.allSettled(Array.from({ length: n }, (_, i) =>
          ledgers[i % 2]!.reserve({ id: `h${i}`, account: ACCOUNT, amount: a, expiresAt: MINUTE, reason: 'test' })));
        const won = results.filter((r) => r.status === 'fulfilled').length;
        expect(won).toBe(Math.min(n, Math.floor(b / a)));
        expect((await ledgers[1]!.balance(ACCOUNT)).available).toBe(b - won * a);
      },
    ), { numRuns: 100 });
  });
});
