import { expect } from 'vitest';
import type { VirtualClock } from '../../core/clock.js';
import { SwitchboardError, hasErrorCode } from '../../core/errors.js';
import type { AutoRechargeOptions, CreditsLedger, JournalEntry, LedgerErrorCode, PaymentRequest } from '../../ledger/types.js';

/** What the contract hands to `setup`: build the ledger(s) with exactly these. */
export interface LedgerSetupOptions {
  /** The clock every ledger instance must read (the contract moves it). */
  clock: VirtualClock;
  /** Present for auto-recharge cases: pass it to every instance. */
  autoRecharge?: AutoRechargeOptions;
}

/** What `setup` returns: fresh, empty storage per call. */
export interface LedgerHarness {
  ledger: CreditsLedger;
  /**
   * A second instance over the same storage (another "app instance"), for the concurrency
   * cases. Without it those cases run both sides on `ledger`.
   */
  second?: CreditsLedger;
  /** Called after the case, pass or fail, once held payments are answered and auto-recharges have finished (close connections, delete files). */
  teardown?: () => Promise<void> | void;
}

/** The figures your storage holds for an account, read directly (not through the ledger). */
export interface StoredFigures { posted: number; held: number }

/** How {@link ledgerContract} reaches your ledger implementation. */
export interface LedgerContractDescriptor {
  /** Suite title; default `CreditsLedger contract`. */
  name?: string;
  /** Builds ledger instance(s) over fresh, empty storage, reading time from `options.clock` and using `options.autoRecharge` when given. Called once per case. */
  setup: (options: LedgerSetupOptions) => Promise<LedgerHarness>;
  /** Raw read of an account, to prove writes really landed in your storage. */
  inspect?: (harness: LedgerHarness, account: string) => Promise<StoredFigures>;
  /** Case name → why it does not apply to this implementation. */
  skip?: Readonly<Record<string, string>>;
}

/** Records auto-recharge payments; fails or holds back the ones it is told to. */
export interface PaymentRecorder {
  readonly calls: PaymentRequest[];
  /** The `pay` port to give the ledger: records the request, then resolves with a `pay_<n>` reference or rejects with `PAYMENT_DECLINED` as told. */
  pay: (request: PaymentRequest) => Promise<{ reference: string }>;
  /** The next `count` payments reject. */
  failNext(count: number): void;
  /** The next payment does not answer until {@link PaymentRecorder.answerHeld} (a crashed instance). */
  holdNext(): void;
  /** Lets every held payment succeed. */
  answerHeld(): void;
}

export function createPaymentRecorder(): PaymentRecorder {
  const calls: PaymentRequest[] = [];
  const held: (() => void)[] = [];
  let failures = 0;
  let holdNext = false;
  return {
    calls,
    async pay(request) {
      calls.push(request);
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((resolve) => { held.push(resolve); });
      } else {
        // A real provider answers later: let every concurrent caller run first.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (failures > 0) {
        failures -= 1;
        throw new SwitchboardError('PAYMENT_DECLINED', 'Test payment declined (failNext)');
      }
      return { reference: `pay_${calls.length}` };
    },
    failNext(count) {
      failures += count;
    },
    holdNext() {
      holdNext = true;
    },
    answerHeld() {
      for (const resolve of held.splice(0)) resolve();
    },
  };
}

/** Everything a case can use. */
export interface LedgerCaseContext {
  ledger: CreditsLedger;
  second: CreditsLedger;
  clock: VirtualClock;
  payments: PaymentRecorder;
  /** Defined when the descriptor has `inspect`. */
  inspect?: (account: string) => Promise<StoredFigures>;
}

/** One named case of the ledger contract (see `ledgerContract.cases`); run it alone with {@link runLedgerCase}. */
export interface LedgerCase {
  name: string;
  /** Auto-recharge settings this case needs (`pay` is the context's recorder). */
  autoRecharge?: { below: number; topUp: number; stuckAfterMs?: number };
  /** Runs the case; rejects when the ledger breaks the invariant the case is named after. */
  run(context: LedgerCaseContext): Promise<void>;
}

/** Reads the whole journal of an account through every page. */
export async function allEntries(ledger: CreditsLedger, account: string): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await ledger.entries(account, cursor === undefined ? { limit: 50 } : { cursor, limit: 50 });
    out.push(...page.entries);
    if (page.next === undefined) return out;
    cursor = page.next;
  }
}

/** Folds a journal into balance figures, the way an auditor would. */
export function replayJournal(entries: readonly JournalEntry[]): { posted: number; held: number; available: number } {
  let posted = 0;
  let held = 0;
  for (const entry of entries) {
    posted += entry.postedDelta;
    held += entry.heldDelta;
  }
  return { posted, held, available: posted - held };
}

/** Asserts the ledger's reported balance equals the replay of its journal, and is not overdrawn. */
export async function expectConserved(ledger: CreditsLedger, account: string): Promise<void> {
  const balance = await ledger.balance(account);
  const replayed = replayJournal(await allEntries(ledger, account));
  expect({ posted: balance.posted, held: balance.held, available: balance.available }).toEqual(replayed);
  expect(balance.available).toBeGreaterThanOrEqual(0);
  expect(balance.held).toBeGreaterThanOrEqual(0);
}

/** Asserts that `promise` rejects with a SwitchboardError of `code`; returns the error. */
export async function expectCode(promise: Promise<unknown>, code: LedgerErrorCode): Promise<unknown> {
  const error = await promise.then(
    () => expect.unreachable(`expected a ${code} refusal, but the operation succeeded`),
    (reason: unknown) => reason,
  );
  expect(hasErrorCode(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  return error;
}

/** The contract's epoch: 2026-01-01T00:00:00Z. */
export const CONTRACT_START = Date.UTC(2026, 0, 1);
export const MINUTE_MS = 60_000;
