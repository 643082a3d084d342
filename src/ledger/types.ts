import type { Credits } from '../core/credits.js';
import type { SwitchboardError } from '../core/errors.js';

/**
 * Error codes raised by the credits ledger and the price book. Every refusal changes nothing.
 *
 * - `INSUFFICIENT_CREDITS`: a reservation would overdraw the account (remedy `top_up`).
 * - `IDEMPOTENCY_CONFLICT`: an operation id was already used with different fields.
 * - `HOLD_NOT_FOUND`: no hold has that id.
 * - `HOLD_ALREADY_RESOLVED`: the hold was settled differently before (captured vs released, or
 *   captured with another amount).
 * - `CAPTURE_EXCEEDS_HOLD`: a capture asked for more than the hold reserved.
 * - `HOLD_EXPIRED`: a capture came at or after the hold's `expiresAt`.
 * - `INVALID_AMOUNT`: zero, negative, fractional, non-finite or overflowing credits.
 * - `INVALID_INPUT` / `INVALID_CONFIG` / `INVALID_CURSOR`: a malformed argument, option or cursor.
 * - `PRICE_NOT_FOUND`: the price book has no rule for a message (never a silent zero charge).
 */
export type LedgerErrorCode =
  | 'INSUFFICIENT_CREDITS'
  | 'IDEMPOTENCY_CONFLICT'
  | 'HOLD_NOT_FOUND'
  | 'HOLD_ALREADY_RESOLVED'
  | 'CAPTURE_EXCEEDS_HOLD'
  | 'HOLD_EXPIRED'
  | 'INVALID_AMOUNT'
  | 'INVALID_INPUT'
  | 'INVALID_CONFIG'
  | 'INVALID_CURSOR'
  | 'PRICE_NOT_FOUND';

/** An error thrown by the ledger or the price book. */
export type LedgerError = SwitchboardError<LedgerErrorCode>;

/** The figures of one account. Always `available = posted - held` and `available >= 0`. */
export interface Balance {
  account: string;
  /** What a new reservation may take: `posted - held`. Never negative. */
  available: Credits;
  /** Credits reserved by open holds (pending). */
  held: Credits;
  /** Credits topped up minus credits captured. */
  posted: Credits;
}

/** The input of {@link CreditsLedger.topUp}: which account gets how many credits, under an idempotent operation id. */
export interface TopUpInput {
  /** Caller-chosen operation id (≤ 255 characters), e.g. the payment's id. */
  id: string;
  account: string;
  /** Positive whole credits. */
  amount: number;
  /** Where the credits came from, e.g. `purchase`, `promo`, `auto_recharge`. */
  source: string;
}

/** The result of a top-up; a repeat of the same id returns the first one. */
export interface TopUpResult {
  id: string;
  account: string;
  amount: Credits;
  source: string;
  /** The account right after this top-up. */
  balance: Balance;
  /** Journal sequence number of the top-up entry. */
  entrySeq: number;
}

/** The input of {@link CreditsLedger.reserve}: a hold of `amount` credits until `expiresAt`, under an idempotent id. */
export interface ReserveInput {
  /** Caller-chosen operation id; it also becomes the hold's id (use the message id). */
  id: string;
  account: string;
  /** Positive whole credits; the price, fixed now for the life of the hold. */
  amount: number;
  /** Epoch milliseconds after the current time; from then on the hold is released. */
  expiresAt: number;
  /** What the credits are for, e.g. `whatsapp:MARKETING:IN` (≤ 500 characters). */
  reason: string;
}

/** The lifecycle of a hold: `held` resolves exactly once to one of the three others. */
export type HoldStatus = 'held' | 'captured' | 'released' | 'expired';

/** Credits set aside for one message until it is settled. */
export interface Hold {
  /** The id given to `reserve`. */
  id: string;
  account: string;
  amount: Credits;
  reason: string;
  createdAt: number;
  expiresAt: number;
  status: HoldStatus;
  /** Set once the hold is resolved. */
  settlement?: Settlement;
}

/** How a hold was resolved. `captured + released = hold amount`. */
export interface Settlement {
  holdId: string;
  account: string;
  status: Exclude<HoldStatus, 'held'>;
  captured: Credits;
  released: Credits;
  /** When the ledger recorded the resolution (its clock). */
  at: number;
}

/** The input of {@link CreditsLedger.capture}: the hold to charge and, optionally, a smaller amount. */
export interface CaptureInput {
  holdId: string;
  /** Credits to charge, 1 ≤ amount ≤ the hold; defaults to the whole hold. The rest is released. */
  amount?: number;
}

/** The input of {@link CreditsLedger.release}: the hold whose credits go back to the account. */
export interface ReleaseInput {
  holdId: string;
}

/** The kinds of journal entries. */
export type EntryKind = 'top_up' | 'hold' | 'capture' | 'release' | 'expire';

/**
 * One line of the append-only journal. Entries are never changed or removed; replaying them in
 * `seq` order gives the balance: `posted = Σ postedDelta`, `held = Σ heldDelta`.
 */
export interface JournalEntry {
  /** Strictly increasing across the whole store. */
  seq: number;
  account: string;
  kind: EntryKind;
  /** The operation id (top-up id, or the hold id for hold/capture/release/expire). */
  operationId: string;
  /** Credits moved: top-up amount, hold amount, captured amount, or released amount. */
  amount: Credits;
  /** Change to `posted` (+ for a top-up, − for a capture). */
  postedDelta: number;
  /** Change to `held` (+ for a hold, − when it resolves). */
  heldDelta: number;
  /** Ledger clock time of the entry. */
  at: number;
  /** `source` for top-ups, `reason` for holds. */
  note?: string;
}

/** Paging of {@link CreditsLedger.entries}. */
export interface EntriesOptions {
  /** The `next` cursor of the previous page; omit for the first page. */
  cursor?: string;
  /** Page size, 1–1000; default 100. */
  limit?: number;
}

/** One page of an account's journal, oldest entry first. */
export interface EntriesPage {
  entries: JournalEntry[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  next?: string;
}

/** The host's payment provider, called by auto-recharge. */
export type PayPort = (request: PaymentRequest) => Promise<unknown>;

/** What auto-recharge asks the host's {@link PayPort} to charge. `amount` is in credits; converting to money is the host's. */
export interface PaymentRequest {
  account: string;
  amount: Credits;
  /**
   * Stable for one threshold crossing (`<account>:recharge:<n>`): pass it to the payment
   * provider so a retried call never charges twice.
   */
  idempotencyKey: string;
}

/**
 * Automatic top-ups: when a reservation leaves fewer than `below` credits available, the ledger
 * calls `pay` for `topUp` credits in the background and tops the account up when it resolves
 * (`credits.low`, then `credits.recharged` or `credits.recharge_failed`). One recharge runs per
 * threshold crossing, across instances sharing a store.
 */
export interface AutoRechargeOptions {
  /** A reservation leaving `available` below this many credits triggers a recharge. */
  below: number;
  /** Credits to buy per recharge. */
  topUp: number;
  /** Charges the customer; resolve when paid, reject when the payment failed. */
  pay: PayPort;
  /**
   * A recharge still unfinished after this long (its instance crashed mid-payment) is run
   * again by the next crossing with the same idempotency key, so the provider charges once.
   * Default 15 minutes; keep it well above your provider's slowest payment.
   */
  stuckAfterMs?: number;
}

/** Events of a ledger instance; each is emitted once, by the instance that did the work. */
export interface LedgerEvents {
  'credits.reserved': { hold: Hold };
  'credits.captured': { settlement: Settlement };
  /** A hold released by `release` or by expiry (`settlement.status` tells which). */
  'credits.released': { settlement: Settlement };
  /** A reservation was refused for lack of credits. */
  'credits.insufficient': { account: string; operationId: string; requested: Credits; available: Credits };
  /** A reservation took the account below the auto-recharge minimum; a recharge starts. */
  'credits.low': { account: string; available: Credits; below: Credits; idempotencyKey: string };
  'credits.recharged': { account: string; amount: Credits; idempotencyKey: string; balance: Balance };
  'credits.recharge_failed': { account: string; amount: Credits; idempotencyKey: string; error: unknown };
}

/**
 * Pre-paid message credits: holds for messages in flight, captures when the channel bills,
 * releases when it does not. Implemented by `createMemoryLedger`, by `createCreditsLedger`
 * over any `LedgerStore`, and checked by `ledgerContract` from `switchboard/testing`.
 *
 * Guarantees, under any number of concurrent callers and ledger instances over one store:
 * - **No overdraft**: `available` is never negative; a reservation that does not fit is refused.
 * - **Idempotent**: an operation repeated with the same id and fields returns the first result and
 *   changes nothing; the same id with different fields throws `IDEMPOTENCY_CONFLICT`. Refusals
 *   (`INSUFFICIENT_CREDITS`, invalid input) record nothing, so the same call may succeed later.
 * - **Holds resolve once**: captured, released or expired, never two of these.
 * - **Append-only journal**: balances equal the replay of {@link CreditsLedger.entries}.
 */
export interface CreditsLedger {
  /**
   * The account's figures (an unknown account has all zeros). Expired holds are released first.
   * @throws `INVALID_INPUT` for an empty account.
   */
  balance(account: string): Promise<Balance>;

  /**
   * Adds credits to an account.
   * @throws `INVALID_AMOUNT` (also when the balance would pass `Number.MAX_SAFE_INTEGER`),
   *   `IDEMPOTENCY_CONFLICT`, `INVALID_INPUT`.
   */
  topUp(input: TopUpInput): Promise<TopUpResult>;

  /**
   * Sets credits aside for one message; the hold's id is `input.id`.
   * May start an auto-recharge (in the background; see {@link CreditsLedger.whenIdle}).
   * @throws `INSUFFICIENT_CREDITS` (remedy `top_up`, `details.available`) when
   *   `amount > available`; `INVALID_AMOUNT`; `IDEMPOTENCY_CONFLICT`; `INVALID_INPUT` when
   *   `expiresAt` is not after the ledger's current time.
   * @example
   * const hold = await ledger.reserve({ id: messageId, account: 'acme', amount: quote.amount,
   *   expiresAt: clock.now() + 3 * DAY, reason: 'whatsapp:MARKETING:IN' });
   */
  reserve(input: ReserveInput): Promise<Hold>;

  /**
   * Charges a hold (all of it, or `amount` of it and releases the rest). Repeating the same
   * capture returns the first settlement.
   * @throws `HOLD_NOT_FOUND`, `HOLD_EXPIRED` (at or after `expiresAt`), `CAPTURE_EXCEEDS_HOLD`,
   *   `HOLD_ALREADY_RESOLVED` (released before, or captured with another amount), `INVALID_AMOUNT`.
   */
  capture(input: CaptureInput): Promise<Settlement>;

  /**
   * Gives a hold's credits back. Repeating it returns the first settlement; releasing a hold
   * that already expired returns its `expired` settlement (the credits are back either way).
   * @throws `HOLD_NOT_FOUND`, `HOLD_ALREADY_RESOLVED` (it was captured).
   */
  release(input: ReleaseInput): Promise<Settlement>;

  /** The current state of a hold, or `undefined`. Expired holds are released first. */
  getHold(holdId: string): Promise<Hold | undefined>;

  /**
   * The account's journal in order, one page at a time.
   * @throws `INVALID_CURSOR` for a cursor this ledger did not produce, `INVALID_INPUT`.
   */
  entries(account: string, options?: EntriesOptions): Promise<EntriesPage>;

  /** Resolves when every auto-recharge this instance started has finished (paid or failed). */
  whenIdle(): Promise<void>;

  /** Calls `listener` with the payload of every future `event` (see {@link LedgerEvents}); a listener that throws never breaks the ledger operation. */
  on<E extends keyof LedgerEvents>(event: E, listener: (payload: LedgerEvents[E]) => unknown): this;
  /** Removes a listener added with `on` (the same function reference); no-op when absent. */
  off<E extends keyof LedgerEvents>(event: E, listener: (payload: LedgerEvents[E]) => unknown): this;
}
