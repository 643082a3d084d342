import type { Credits } from '../core/credits.js';
import type { Hold, JournalEntry } from './types.js';

/**
 * The storage behind {@link createCreditsLedger}: a few synchronous reads and writes plus a
 * transaction. Implement it to keep credits in your own database; the ledger supplies the rules.
 *
 * Every method is synchronous on purpose: `transaction(fn)` must run `fn` with no other
 * transaction of the same store interleaved (a JavaScript critical section for memory, `BEGIN
 * IMMEDIATE … COMMIT` for SQLite through `node:sqlite`'s synchronous API), and roll back every
 * write made by `fn` when it throws. Reads and writes are only called inside `transaction`.
 */
export interface LedgerStore {
  /** Runs `fn` atomically and returns its result: no other transaction interleaves, and every write is rolled back when `fn` throws (the error is re-thrown). */
  transaction<T>(fn: () => T): T;
  /** The account's record, or `undefined` for an account never written. */
  getAccount(account: string): AccountRecord | undefined;
  /** Inserts or replaces the account's record. */
  putAccount(record: AccountRecord): void;
  /** The recorded first outcome of the operation with this id, or `undefined`. */
  getOperation(id: string): OperationRecord | undefined;
  /** Inserts a new operation record; an id is written at most once. */
  putOperation(record: OperationRecord): void;
  /** The hold with this id, or `undefined`. */
  getHold(id: string): Hold | undefined;
  /** Inserts or replaces a hold. */
  putHold(hold: Hold): void;
  /** Holds of `account` with status `held` and `expiresAt <= now`, oldest first. */
  expiredHolds(account: string, now: number): Hold[];
  /** Appends an entry with the next sequence number and returns it. */
  appendEntry(entry: Omit<JournalEntry, 'seq'>): JournalEntry;
  /** Entries of `account` with `seq > afterSeq`, in order, at most `limit`. */
  listEntries(account: string, afterSeq: number, limit: number): JournalEntry[];
}

/** The stored figures of one account and its auto-recharge state. */
export interface AccountRecord {
  account: string;
  posted: Credits;
  held: Credits;
  /** How many recharges were ever claimed for this account (the crossing number). */
  rechargeSeq: number;
  /**
   * When the current recharge was claimed (ledger clock), while it has not finished; `null`
   * otherwise. No second recharge is claimed meanwhile, unless this one looks abandoned.
   */
  rechargeClaimedAt: number | null;
}

/** The first outcome of an idempotent operation, keyed by its caller-chosen id. */
export interface OperationRecord {
  id: string;
  kind: 'top_up' | 'reserve';
  /** Canonical JSON of the operation's fields, compared on repeats. */
  fingerprint: string;
  /** JSON of the first result. */
  result: string;
}
