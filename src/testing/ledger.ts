import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../core/clock.js';
import { basicCases } from './ledger/cases-basic.js';
import { concurrencyCases } from './ledger/cases-concurrency.js';
import { holdCases } from './ledger/cases-holds.js';
import type { LedgerCase, LedgerCaseContext, LedgerContractDescriptor } from './ledger/harness.js';
import { CONTRACT_START, MINUTE_MS, createPaymentRecorder } from './ledger/harness.js';

export type {
  LedgerCase, LedgerCaseContext, LedgerContractDescriptor, LedgerHarness, LedgerSetupOptions,
  PaymentRecorder, StoredFigures,
} from './ledger/harness.js';
export { replayJournal, allEntries } from './ledger/harness.js';

const inspectCase: LedgerCase = {
  name: 'inspect: the figures in storage match the reported balance',
  async run({ ledger, clock, inspect }) {
    if (inspect === undefined) return;
    await ledger.topUp({ id: 't', account: 'acct-a', amount: 100, source: 's' });
    await ledger.reserve({ id: 'm1', account: 'acct-a', amount: 30, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
    await ledger.capture({ holdId: 'm1', amount: 10 });
    await ledger.reserve({ id: 'm2', account: 'acct-a', amount: 5, expiresAt: clock.now() + MINUTE_MS, reason: 'r' });
    expect(await inspect('acct-a')).toEqual({ posted: 90, held: 5 });
  },
};

const cases: readonly LedgerCase[] = [...basicCases, ...holdCases, ...concurrencyCases, inspectCase];

/**
 * Runs one case of the ledger contract outside a test runner's `it` (the contract's own
 * meta-tests use it to prove a broken ledger fails). Rejects when the case fails.
 */
export async function runLedgerCase(testCase: LedgerCase, descriptor: LedgerContractDescriptor): Promise<void> {
  const clock = createVirtualClock(CONTRACT_START);
  const payments = createPaymentRecorder();
  const harness = await descriptor.setup({
    clock,
    ...(testCase.autoRecharge === undefined ? {} : { autoRecharge: { ...testCase.autoRecharge, pay: payments.pay } }),
  });
  const inspect = descriptor.inspect;
  const context: LedgerCaseContext = {
    ledger: harness.ledger,
    second: harness.second ?? harness.ledger,
    clock,
    payments,
    ...(inspect === undefined ? {} : { inspect: (account: string) => inspect(harness, account) }),
  };
  try {
    await testCase.run(context);
  } finally {
    payments.answerHeld();
    await harness.ledger.whenIdle();
    await harness.second?.whenIdle();
    await harness.teardown?.();
  }
}

/**
 * The conformance suite of a {@link switchboard!CreditsLedger} implementation (vitest, an optional peer
 * dependency): one named test per invariant — conservation (journal replay = reported balance),
 * no overdraft, idempotent repeats, conflicting repeats refused, a hold resolves once, capture ≤
 * hold, expiry by the clock, append-only journal — plus concurrency cases over two instances
 * sharing one store (100 concurrent reservations of 7 against 50 → exactly 7 succeed; exactly
 * one auto-recharge per crossing).
 *
 * `setup` receives the virtual clock (and, for auto-recharge cases, the `autoRecharge` options
 * with a recording `pay`) and must return ledger instances built with them over fresh storage.
 *
 * @example
 * ledgerContract({
 *   setup: async ({ clock, autoRecharge }) => {
 *     const state = createMemoryLedgerState();
 *     const options = { state, clock, ...(autoRecharge ? { autoRecharge } : {}) };
 *     return { ledger: createMemoryLedger(options), second: createMemoryLedger(options) };
 *   },
 * });
 */
export function ledgerContract(descriptor: LedgerContractDescriptor): void {
  describe(descriptor.name ?? 'CreditsLedger contract', () => {
    for (const testCase of cases) {
      const reason = descriptor.skip?.[testCase.name] ??
        (testCase === inspectCase && descriptor.inspect === undefined ? 'no inspect hook given' : undefined);
      if (reason !== undefined) {
        it.skip(`${testCase.name} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(testCase.name, () => runLedgerCase(testCase, descriptor));
    }
  });
}

/** Every case of the contract, by name, in order. */
ledgerContract.cases = cases;
