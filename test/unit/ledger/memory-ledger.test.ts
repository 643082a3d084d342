import { describe, expect, it } from 'vitest';
import { createVirtualClock, MINUTE } from '../../../src/core/clock.js';
import { hasErrorCode } from '../../../src/core/errors.js';
import { createCreditsLedger, createMemoryLedger, createMemoryLedgerState } from '../../../src/ledger/index.js';
import type { LedgerEvents, LedgerStore, PaymentRequest } from '../../../src/ledger/index.js';

const A = 'acct-a';

function recorder<E extends keyof LedgerEvents>(ledger: { on: (e: E, l: (p: LedgerEvents[E]) => unknown) => unknown }, event: E): LedgerEvents[E][] {
  const seen: LedgerEvents[E][] = [];
  ledger.on(event, (payload) => { seen.push(payload); });
  return seen;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error);
}

describe('createMemoryLedger options', () => {
  it.each([
    [{ below: 0, topUp: 10 }, 'autoRecharge.below'],
    [{ below: 10, topUp: 1.5 }, 'autoRecharge.topUp'],
    [{ below: 10, topUp: 10, pay: 'stripe' }, 'autoRecharge.pay'],
  ])('refuses auto-recharge options %j with INVALID_CONFIG naming %s', (options, field) => {
    const pay = async () => Promise.resolve();
    let error: unknown;
    try {
      createMemoryLedger({ autoRecharge: { pay, ...options } as never });
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'INVALID_CONFIG')).toBe(true);
    expect(error).toMatchObject({ field });
  });

  it('refuses a store that is not a LedgerStore', () => {
    expect(() => createCreditsLedger({ store: {} as LedgerStore })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'store' }));
  });
});

describe('memory ledger events', () => {
  it('emits credits.reserved and credits.captured once, not again for a repeated call', async () => {
    const clock = createVirtualClock(0);
    const ledger = createMemoryLedger({ clock });
    const reserved = recorder(ledger, 'credits.reserved');
    const captured = recorder(ledger, 'credits.captured');
    await ledger.topUp({ id: 't', account: A, amount: 10, source: 's' });
    const input = { id: 'm1', account: A, amount: 4, expiresAt: MINUTE, reason: 'whatsapp:UTILITY:BR' };
    await ledger.reserve(input);
    await ledger.reserve(input);
    await ledger.capture({ holdId: 'm1' });
    await ledger.capture({ holdId: 'm1' });
    expect(reserved.map((e) => e.hold.id)).toEqual(['m1']);
    expect(captured.map((e) => e.settlement)).toEqual([{ holdId: 'm1', account: A, status: 'captured', captured: 4, released: 0, at: 0 }]);
  });

  it('emits credits.insufficient with what was asked and what was there', async () => {
    const ledger = createMemoryLedger({ clock: createVirtualClock(0) });
    const insufficient = recorder(ledger, 'credits.insufficient');
    await ledger.topUp({ id: 't', account: A, amount: 3, source: 's' });
    const error = await rejection(ledger.reserve({ id: 'm1', account: A, amount: 5, expiresAt: MINUTE, reason: 'r' }));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_CREDITS', remedy: 'top_up', details: { available: 3, requested: 5 } });
    expect(insufficient).toEqual([{ account: A, operationId: 'm1', requested: 5, available: 3 }]);
  });

  it('reports an expired hold as credits.released with status expired', async () => {
    const clock = createVirtualClock(0);
    const ledger = createMemoryLedger({ clock });
    const released = recorder(ledger, 'credits.released');
    await ledger.topUp({ id: 't', account: A, amount: 10, source: 's' });
    await ledger.reserve({ id: 'm1', account: A, amount: 4, expiresAt: MINUTE, reason: 'r' });
    clock.advance(MINUTE);
    await ledger.balance(A);
    await ledger.balance(A);
    expect(released.map((e) => e.settlement)).toEqual([{ holdId: 'm1', account: A, status: 'expired', captured: 0, released: 4, at: MINUTE }]);
  });

  it('announces a crossing with credits.low, pays with the crossing key, then emits credits.recharged', async () => {
    const calls: PaymentRequest[] = [];
    const ledger = createMemoryLedger({
      clock: createVirtualClock(0),
      autoRecharge: { below: 5, topUp: 20, pay: async (request) => { calls.push(request); return Promise.resolve({ id: 'pi_1' }); } },
    });
    const low = recorder(ledger, 'credits.low');
    const recharged = recorder(ledger, 'credits.recharged');
    await ledger.topUp({ id: 't', account: A, amount: 10, source: 's' });
    await ledger.reserve({ id: 'm1', account: A, amount: 6, expiresAt: MINUTE, reason: 'r' });
    expect(calls).toEqual([{ account: A, amount: 20, idempotencyKey: 'acct-a:recharge:1' }]);
    await ledger.whenIdle();
    expect(low).toEqual([{ account: A, available: 4, below: 5, idempotencyKey: 'acct-a:recharge:1' }]);
    expect(recharged).toEqual([{ account: A, amount: 20, idempotencyKey: 'acct-a:recharge:1', balance: { account: A, available: 24, held: 6, posted: 30 } }]);
  });

  it('reports a payment that throws synchronously as credits.recharge_failed and keeps working', async () => {
    const ledger = createMemoryLedger({
      clock: createVirtualClock(0),
      autoRecharge: { below: 5, topUp: 20, pay: () => { throw new TypeError('provider down'); } },
    });
    const failed = recorder(ledger, 'credits.recharge_failed');
    await ledger.topUp({ id: 't', account: A, amount: 10, source: 's' });
    await ledger.reserve({ id: 'm1', account: A, amount: 6, expiresAt: MINUTE, reason: 'r' });
    await ledger.whenIdle();
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toBeInstanceOf(TypeError);
    expect(await ledger.balance(A)).toEqual({ account: A, available: 4, held: 6, posted: 10 });
  });

  it('a listener that throws does not undo or fail the operation; the failure goes to the error channel', async () => {
    const failures: unknown[] = [];
    const ledger = createMemoryLedger({ clock: createVirtualClock(0), onUnhandledListenerError: (error) => { failures.push(error); } });
    ledger.on('credits.reserved', () => { throw new Error('listener bug'); });
    await ledger.topUp({ id: 't', account: A, amount: 10, source: 's' });
    await ledger.reserve({ id: 'm1', account: A, amount: 4, expiresAt: MINUTE, reason: 'r' });
    expect(failures).toHaveLength(1);
    expect((await ledger.balance(A)).held).toBe(4);
  });

  it('off removes a listener', async () => {
    const ledger = createMemoryLedger({ clock: createVirtualClock(0) });
    const seen: string[] = [];
    const listener = (e: LedgerEvents['credits.reserved']) => { seen.push(e.hold.id); };
    ledger.on('credits.reserved', listener).off('credits.reserved', listener);
    await ledger.topUp({ id: 't', account: A, amount: 10, source: 's' });
    await ledger.reserve({ id: 'm1', account: A, amount: 4, expiresAt: MINUTE, reason: 'r' });
    expect(seen).toEqual([]);
  });
});

describe('memory ledger state', () => {
  it('rolls back every write of a transaction that throws', async () => {
    const state = createMemoryLedgerState();
    const ledger = createMemoryLedger({ state, clock: createVirtualClock(0) });
    await ledger.topUp({ id: 't', account: A, amount: 10, source: 's' });
    expect(() => state.transaction(() => {
      state.putAccount({ account: A, posted: 999 as never, held: 0 as never, rechargeSeq: 0, rechargeClaimedAt: null });
      state.appendEntry({ account: A, kind: 'top_up', operationId: 'x', amount: 989 as never, postedDelta: 989, heldDelta: 0, at: 0 });
      throw new Error('crash between writes');
    })).toThrow('crash between writes');
    expect(await ledger.balance(A)).toEqual({ account: A, available: 10, held: 0, posted: 10 });
    expect((await ledger.entries(A)).entries.map((e) => e.operationId)).toEqual(['t']);
    await ledger.topUp({ id: 't2', account: A, amount: 1, source: 's' });
    expect((await ledger.entries(A)).entries.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('hands out copies: mutating a returned hold does not change the ledger', async () => {
    const ledger = createMemoryLedger({ clock: createVirtualClock(0) });
    await ledger.topUp({ id: 't', account: A, amount: 10, source: 's' });
    const hold = await ledger.reserve({ id: 'm1', account: A, amount: 4, expiresAt: MINUTE, reason: 'r' });
    (hold as { amount: number }).amount = 1;
    expect((await ledger.getHold('m1'))?.amount).toBe(4);
  });
});
