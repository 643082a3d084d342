// The credits ledger on SQLite through node:sqlite (Node >= 22.13 without flags; 24 here).
// Self-contained: its own `ledger_*` tables, next to (not inside) the storage-port example.
//
//   const { ledger, close } = openSqliteLedger({ path: 'credits.db', autoRecharge: { below: 500, topUp: 5_000, pay } });
//
// The rules live in `createCreditsLedger`; this file only implements the synchronous
// `LedgerStore`. Every ledger operation is one `BEGIN IMMEDIATE … COMMIT`, so the write lock is
// taken before the balance is read: two connections (two app instances) can never both pass the
// same balance check. WAL lets readers continue meanwhile, and busy_timeout makes a second
// process wait for the lock instead of failing.
import { DatabaseSync } from 'node:sqlite';
import type { SQLOutputValue } from 'node:sqlite';
// Imported from the ledger's own barrel (the same names `switchboard` exports) to keep this
// example independent of the rest of the package.
import type { Clock } from '../../src/core/clock.js';
import type { Credits } from '../../src/core/credits.js';
import { SwitchboardError } from '../../src/core/errors.js';
import type { AutoRechargeOptions, CreditsLedger, Hold, JournalEntry, LedgerStore } from '../../src/ledger/index.js';
import { createCreditsLedger } from '../../src/ledger/index.js';

export interface SqliteLedgerOptions {
  /** Database file (`:memory:` cannot be shared between instances). */
  path: string;
  clock?: Clock;
  autoRecharge?: AutoRechargeOptions;
  /** How long to wait for another process's write lock, in ms; default 5000. */
  busyTimeoutMs?: number;
}

export interface SqliteLedger {
  ledger: CreditsLedger;
  store: LedgerStore;
  database: DatabaseSync;
  /** Closes the connection; await `ledger.whenIdle()` first if recharges may be running. */
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_accounts (
  account TEXT PRIMARY KEY,
  posted INTEGER NOT NULL CHECK (posted >= 0),
  held INTEGER NOT NULL CHECK (held >= 0 AND held <= posted),
  recharge_seq INTEGER NOT NULL,
  recharge_claimed_at INTEGER
) STRICT;
CREATE TABLE IF NOT EXISTS ledger_operations (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  result TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS ledger_holds (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  status TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS ledger_holds_open ON ledger_holds (account, expires_at) WHERE status = 'held';
CREATE TABLE IF NOT EXISTS ledger_entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  kind TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  posted_delta INTEGER NOT NULL,
  held_delta INTEGER NOT NULL,
  at INTEGER NOT NULL,
  note TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS ledger_entries_account ON ledger_entries (account, seq);
CREATE TRIGGER IF NOT EXISTS ledger_entries_no_update BEFORE UPDATE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_entries_no_delete BEFORE DELETE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
`;

type Row = Record<string, SQLOutputValue>;

function int(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new SwitchboardError('INTERNAL', `ledger column ${column} is not an integer`);
}

function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value === 'string') return value;
  throw new SwitchboardError('INTERNAL', `ledger column ${column} is not text`);
}

/** A {@link LedgerStore} over one SQLite connection; creates its tables when missing. */
export function createSqliteLedgerStore(database: DatabaseSync): LedgerStore {
  database.exec(SCHEMA);
  const q = {
    getAccount: database.prepare('SELECT * FROM ledger_accounts WHERE account = ?'),
    putAccount: database.prepare(`INSERT INTO ledger_accounts (account, posted, held, recharge_seq, recharge_claimed_at)
      VALUES ($account, $posted, $held, $seq, $claimedAt)
      ON CONFLICT (account) DO UPDATE SET posted = excluded.posted, held = excluded.held,
        recharge_seq = excluded.recharge_seq, recharge_claimed_at = excluded.recharge_claimed_at`),
    getOperation: database.prepare('SELECT * FROM ledger_operations WHERE id = ?'),
    putOperation: database.prepare('INSERT INTO ledger_operations (id, kind, fingerprint, result) VALUES (?, ?, ?, ?)'),
    getHold: database.prepare('SELECT body FROM ledger_holds WHERE id = ?'),
    putHold: database.prepare(`INSERT INTO ledger_holds (id, account, status, expires_at, body) VALUES ($id, $account, $status, $expiresAt, $body)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body`),
    expiredHolds: database.prepare(`SELECT body FROM ledger_holds WHERE account = ? AND status = 'held' AND expires_at <= ?
      ORDER BY expires_at, rowid`),
    appendEntry: database.prepare(`INSERT INTO ledger_entries (account, kind, operation_id, amount, posted_delta, held_delta, at, note)
      VALUES ($account, $kind, $operationId, $amount, $postedDelta, $heldDelta, $at, $note) RETURNING seq`),
    listEntries: database.prepare('SELECT * FROM ledger_entries WHERE account = ? AND seq > ? ORDER BY seq LIMIT ?'),
  };
  const hold = (row: Row | undefined): Hold | undefined => (row === undefined ? undefined : JSON.parse(text(row, 'body')) as Hold);
  const inTransaction = (): boolean => database.isTransaction;

  return {
    transaction<T>(fn: () => T): T {
      if (database.isTransaction) return fn();
      try {
        database.exec('BEGIN IMMEDIATE');
      } catch (cause) {
        // Another process held the write lock for longer than busy_timeout.
        throw new SwitchboardError('STORAGE_BUSY', 'The credits database stayed locked; try again', { cause, retryable: true });
      }
      try {
        const result = fn();
        database.exec('COMMIT');
        return result;
      } catch (error) {
        // Read through a function: the type narrowing from the BEGIN above does not survive `fn()`.
        if (inTransaction()) database.exec('ROLLBACK');
        throw error;
      }
    },
    getAccount(account) {
      const row = q.getAccount.get(account);
      if (row === undefined) return undefined;
      return {
        account, posted: int(row, 'posted') as Credits, held: int(row, 'held') as Credits,
        rechargeSeq: int(row, 'recharge_seq'), rechargeClaimedAt: row.recharge_claimed_at === null ? null : int(row, 'recharge_claimed_at'),
      };
    },
    putAccount(r) {
      q.putAccount.run({ account: r.account, posted: r.posted, held: r.held, seq: r.rechargeSeq, claimedAt: r.rechargeClaimedAt });
    },
    getOperation(id) {
      const row = q.getOperation.get(id);
      if (row === undefined) return undefined;
      const kind = text(row, 'kind');
      if (kind !== 'top_up' && kind !== 'reserve') throw new SwitchboardError('INTERNAL', `unknown ledger operation kind ${kind}`);
      return { id, kind, fingerprint: text(row, 'fingerprint'), result: text(row, 'result') };
    },
    putOperation(r) {
      q.putOperation.run(r.id, r.kind, r.fingerprint, r.result);
    },
    getHold: (id) => hold(q.getHold.get(id)),
    putHold(h) {
      q.putHold.run({ id: h.id, account: h.account, status: h.status, expiresAt: h.expiresAt, body: JSON.stringify(h) });
    },
    expiredHolds: (account, now) => q.expiredHolds.all(account, now).map((row) => hold(row) as Hold),
    appendEntry(entry) {
      const row = q.appendEntry.get({ ...entry, note: entry.note ?? null });
      if (row === undefined) throw new SwitchboardError('INTERNAL', 'ledger entry insert returned no sequence number');
      return { ...entry, seq: int(row, 'seq') };
    },
    listEntries(account, afterSeq, limit) {
      return q.listEntries.all(account, afterSeq, limit).map((row): JournalEntry => {
        const note = row.note;
        return {
          seq: int(row, 'seq'), account, kind: text(row, 'kind') as JournalEntry['kind'], operationId: text(row, 'operation_id'),
          amount: int(row, 'amount') as Credits, postedDelta: int(row, 'posted_delta'), heldDelta: int(row, 'held_delta'),
          at: int(row, 'at'), ...(typeof note === 'string' ? { note } : {}),
        };
      });
    },
  };
}

/**
 * Opens (creating if needed) a credits ledger in a SQLite file. Open it once per app instance;
 * several instances — threads, processes — may share the file.
 */
export function openSqliteLedger(options: SqliteLedgerOptions): SqliteLedger {
  const database = new DatabaseSync(options.path);
  database.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}; PRAGMA synchronous = NORMAL;`);
  const store = createSqliteLedgerStore(database);
  const ledger = createCreditsLedger({
    store,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.autoRecharge === undefined ? {} : { autoRecharge: options.autoRecharge }),
  });
  return { ledger, store, database, close: () => { database.close(); } };
}
