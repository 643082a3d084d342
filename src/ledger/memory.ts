import type { Clock } from '../core/clock.js';
import { SwitchboardError } from '../core/errors.js';
import type { UnhandledListenerError } from '../core/events.js';
import { createCreditsLedger } from './credits-ledger.js';
import type { AccountRecord, LedgerStore, OperationRecord } from './store.js';
import type { AutoRechargeOptions, CreditsLedger, Hold, JournalEntry } from './types.js';

/**
 * The in-process storage of memory ledgers. Create one and hand it to several
 * {@link createMemoryLedger} calls to get ledger instances that share accounts, like several app
 * instances over one database (the ledger contract's concurrency cases do exactly that).
 */
export type MemoryLedgerState = LedgerStore;

/**
 * Creates empty in-memory ledger storage. A transaction is a synchronous critical section (the
 * JavaScript thread runs nothing else meanwhile) with an undo log, so a failed operation leaves
 * no trace.
 */
export function createMemoryLedgerState(): MemoryLedgerState {
  const accounts = new Map<string, AccountRecord>();
  const operations = new Map<string, OperationRecord>();
  const holds = new Map<string, Hold>();
  const openHolds = new Map<string, Set<string>>();
  // A lower bound on the earliest expiry among an account's open holds (a cache, not state: it may be low, never high).
  const earliestExpiry = new Map<string, number>();
  const journal = new Map<string, JournalEntry[]>();
  let seq = 0;
  let undo: (() => void)[] | undefined;

  function record(step: () => void): void {
    if (undo === undefined) throw new SwitchboardError('INTERNAL', 'LedgerStore writes must happen inside transaction()');
    undo.push(step);
  }

  function put<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const previous = map.get(key);
    map.set(key, value);
    record(() => {
      if (had) map.set(key, previous as V);
      else map.delete(key);
    });
  }

  function openSet(account: string): Set<string> {
    let set = openHolds.get(account);
    if (set === undefined) {
      set = new Set();
      openHolds.set(account, set);
    }
    return set;
  }

  return {
    transaction<T>(fn: () => T): T {
      if (undo !== undefined) return fn();
      const log: (() => void)[] = [];
      undo = log;
      try {
        return fn();
      } catch (error) {
        for (const step of log.reverse()) step();
        throw error;
      } finally {
        undo = undefined;
      }
    },
    getAccount: (account) => copy(accounts.get(account)),
    putAccount: (value) => { put(accounts, value.account, { ...value }); },
    getOperation: (id) => copy(operations.get(id)),
    putOperation: (value) => { put(operations, value.id, { ...value }); },
    getHold: (id) => copy(holds.get(id)),
    putHold(hold) {
      put(holds, hold.id, structuredClone(hold));
      const set = openSet(hold.account);
      const wasOpen = set.has(hold.id);
      if (hold.status === 'held') {
        set.add(hold.id);
        const earliest = earliestExpiry.get(hold.account);
        if (earliest === undefined || hold.expiresAt < earliest) earliestExpiry.set(hold.account, hold.expiresAt);
      } else set.delete(hold.id);
      record(() => {
        if (wasOpen) set.add(hold.id);
        else set.delete(hold.id);
      });
    },
    expiredHolds(account, now) {
      // Every operation asks this first: skip the scan until the earliest open hold can have expired.
      const earliest = earliestExpiry.get(account);
      if (earliest === undefined || earliest > now) return [];
      const due: Hold[] = [];
      let nextEarliest = Number.POSITIVE_INFINITY;
      for (const id of openHolds.get(account) ?? []) {
        const hold = holds.get(id);
        if (hold === undefined) continue;
        if (hold.expiresAt <= now) due.push(structuredClone(hold));
        // Due holds count too: if the caller's transaction rolls back they stay open and due.
        nextEarliest = Math.min(nextEarliest, hold.expiresAt);
      }
      if (Number.isFinite(nextEarliest)) earliestExpiry.set(account, nextEarliest);
      else earliestExpiry.delete(account);
      return due.sort((a, b) => a.expiresAt - b.expiresAt || a.createdAt - b.createdAt);
    },
    appendEntry(entry) {
      const stored: JournalEntry = { ...entry, seq: seq + 1 };
      seq = stored.seq;
      let list = journal.get(entry.account);
      if (list === undefined) {
        list = [];
        journal.set(entry.account, list);
      }
      const target = list;
      target.push(stored);
      record(() => {
        target.pop();
        seq -= 1;
      });
      return { ...stored };
    },
    listEntries(account, afterSeq, limit) {
      const list = journal.get(account) ?? [];
      let start = 0;
      while (start < list.length && (list[start]?.seq ?? 0) <= afterSeq) start++;
      return list.slice(start, start + limit).map((entry) => ({ ...entry }));
    },
  };
}

function copy<T extends object>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}

/** Options of {@link createMemoryLedger}; all optional. */
export interface MemoryLedgerOptions {
  /** Shared storage; a fresh {@link createMemoryLedgerState} by default. */
  state?: MemoryLedgerState;
  /** Time source for expiry and timestamps; the system clock by default. */
  clock?: Clock;
  /** `{ below, topUp, pay }`: buy `topUp` credits through `pay` when a reservation leaves fewer than `below`. */
  autoRecharge?: AutoRechargeOptions;
  /** Where listener failures go when nobody listens to `error`; by default they are re-thrown on a microtask (see `TypedEmitter`). */
  onUnhandledListenerError?: UnhandledListenerError;
}

/**
 * The in-memory {@link CreditsLedger}: correct under any number of concurrent async callers and
 * of instances sharing one `state`; lost when the process exits, so use it for tests, demos and
 * single-process tools, and a durable store (see the SQLite example) in production.
 *
 * @throws SwitchboardError `INVALID_CONFIG` naming the bad option.
 * @example
 * const ledger = createMemoryLedger({ autoRecharge: { below: 500, topUp: 5_000, pay } });
 * await ledger.topUp({ id: 'payment-1', account: 'acme', amount: 10_000, source: 'purchase' });
 */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): CreditsLedger {
  return createCreditsLedger({
    store: options.state ?? createMemoryLedgerState(),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.autoRecharge === undefined ? {} : { autoRecharge: options.autoRecharge }),
    ...(options.onUnhandledListenerError === undefined ? {} : { onUnhandledListenerError: options.onUnhandledListenerError }),
  });
}
