import type { Credits } from './switchboard.js';
import { SwitchboardError } from './switchboard.js';
import type { Database, Executor, Row } from './database.js';
import { int } from './database.js';
import type { AccountRecord, Hold, JournalEntry, LedgerStore, OperationRecord } from './ledger-rules.js';

/** What one ledger transaction may touch besides its account: preloaded before the rules run. */
export interface SnapshotRequest {
  /** The account whose row the transaction has locked. */
  account: string;
  /** The ledger clock's time for this transaction (hold expiry). */
  now: number;
  /** An operation id the rules may replay. */
  operationId?: string;
  /** A hold the rules may read. */
  holdId?: string;
  /** How many journal entries the rules may append besides the expiry ones. */
  entries: number;
}

/**
 * A synchronous {@link LedgerStore} over one locked account: the rows the ledger's rules can read
 * are loaded first, the rules run without I/O, and {@link LedgerSnapshot.flush} writes what they
 * changed — all inside one SQL transaction that holds the account row's lock (`FOR UPDATE`), so
 * no other transaction can read or change the account in between.
 */
export class LedgerSnapshot implements LedgerStore {
  readonly #request: SnapshotRequest;
  #account: AccountRecord | undefined;
  #accountChanged = false;
  readonly #operations = new Map<string, OperationRecord | undefined>();
  readonly #newOperations: OperationRecord[] = [];
  readonly #holds = new Map<string, Hold>();
  readonly #changedHolds = new Map<string, Hold>();
  readonly #expired: string[];
  readonly #seqs: number[];
  readonly #entries: JournalEntry[] = [];

  private constructor(request: SnapshotRequest, account: AccountRecord | undefined, holds: Hold[], expired: string[], seqs: number[]) {
    this.#request = request;
    this.#account = account;
    for (const hold of holds) this.#holds.set(hold.id, hold);
    this.#expired = expired;
    this.#seqs = seqs;
  }

  /** Locks the account row (creating it with zeros if new) and loads what `request` names. */
  static async load(db: Database, tx: Executor, request: SnapshotRequest): Promise<LedgerSnapshot> {
    const accounts = db.table('ledger_accounts');
    const holdsTable = db.table('ledger_holds');
    // Creating the row first gives even a brand-new account a row to lock.
    await tx.run(`INSERT INTO ${accounts} (account, posted, held, recharge_seq) VALUES ($1, 0, 0, 0) ON CONFLICT (account) DO NOTHING`, [request.account]);
    const row = await tx.one(`SELECT * FROM ${accounts} WHERE account = $1 FOR UPDATE`, [request.account]);
    const expired = await tx.rows(
      `SELECT body FROM ${holdsTable} WHERE account = $1 AND status = 'held' AND expires_at <= $2 ORDER BY expires_at, id`,
      [request.account, request.now],
    );
    const holds = expired.map(holdOf);
    if (request.holdId !== undefined) {
      const wanted = await tx.one(`SELECT body FROM ${holdsTable} WHERE id = $1`, [request.holdId]);
      if (wanted !== undefined) holds.push(holdOf(wanted));
    }
    // Reads (balance, a hold, the journal) need no journal numbers: skip the round trip.
    const needed = expired.length + request.entries;
    const seqs = needed === 0 ? [] : await tx.rows(`SELECT nextval('${db.table('ledger_entry_seq')}') AS seq FROM generate_series(1, $1)`, [needed]);
    const snapshot = new LedgerSnapshot(request, row === undefined ? undefined : accountOf(row), holds, holds.slice(0, expired.length).map((h) => h.id), seqs.map((r) => int(r, 'seq')).sort((a, b) => a - b));
    if (request.operationId !== undefined) {
      const op = await tx.one(`SELECT * FROM ${db.table('ledger_operations')} WHERE id = $1`, [request.operationId]);
      snapshot.#operations.set(request.operationId, op === undefined ? undefined : operationOf(op));
    }
    return snapshot;
  }

  /** Writes every change the rules made. */
  async flush(db: Database, tx: Executor): Promise<void> {
    // Operations first: an id taken meanwhile (by another account) fails here, before anything else is written.
    for (const o of this.#newOperations) {
      await tx.run(`INSERT INTO ${db.table('ledger_operations')} (id, kind, fingerprint, result) VALUES ($1, $2, $3, $4)`, [o.id, o.kind, o.fingerprint, o.result]);
    }
    const a = this.#account;
    if (this.#accountChanged && a !== undefined) {
      await tx.run(
        `UPDATE ${db.table('ledger_accounts')} SET posted = $2, held = $3, recharge_seq = $4, recharge_claimed_at = $5 WHERE account = $1`,
        [a.account, a.posted, a.held, a.rechargeSeq, a.rechargeClaimedAt],
      );
    }
    for (const h of this.#changedHolds.values()) {
      await tx.run(
        `INSERT INTO ${db.table('ledger_holds')} (id, account, status, expires_at, body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body`,
        [h.id, h.account, h.status, h.expiresAt, JSON.stringify(h)],
      );
    }
    for (const e of this.#entries) {
      await tx.run(
        `INSERT INTO ${db.table('ledger_entries')} (seq, account, kind, operation_id, amount, posted_delta, held_delta, at, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [e.seq, e.account, e.kind, e.operationId, e.amount, e.postedDelta, e.heldDelta, e.at, e.note ?? null],
      );
    }
  }

  // Already inside the SQL transaction.
  transaction<T>(fn: () => T): T {
    return fn();
  }

  getAccount(account: string): AccountRecord | undefined {
    this.#own(account);
    return this.#account;
  }

  putAccount(record: AccountRecord): void {
    this.#own(record.account);
    this.#account = record;
    this.#accountChanged = true;
  }

  getOperation(id: string): OperationRecord | undefined {
    if (!this.#operations.has(id)) throw outside(`operation ${id}`);
    return this.#operations.get(id);
  }

  putOperation(record: OperationRecord): void {
    this.#operations.set(record.id, record);
    this.#newOperations.push(record);
  }

  getHold(id: string): Hold | undefined {
    if (id !== this.#request.holdId && !this.#holds.has(id)) throw outside(`hold ${id}`);
    return this.#holds.get(id);
  }

  putHold(hold: Hold): void {
    this.#own(hold.account);
    this.#holds.set(hold.id, hold);
    this.#changedHolds.set(hold.id, hold);
  }

  expiredHolds(account: string, now: number): Hold[] {
    this.#own(account);
    if (now !== this.#request.now) throw outside(`expiry at another time (${now})`);
    return this.#expired.map((id) => this.#holds.get(id)).filter((h): h is Hold => h?.status === 'held');
  }

  appendEntry(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    this.#own(entry.account);
    const seq = this.#seqs.shift();
    if (seq === undefined) throw outside('more journal entries than reserved');
    const stored = { ...entry, seq };
    this.#entries.push(stored);
    return stored;
  }

  listEntries(): JournalEntry[] {
    // Read with SQL after flush(): the journal is not part of the snapshot.
    throw outside('the journal');
  }

  #own(account: string): void {
    if (account !== this.#request.account) throw outside(`account ${account}`);
  }
}

function outside(what: string): SwitchboardError {
  return new SwitchboardError('INTERNAL', `The ledger rules reached ${what}, outside the loaded snapshot`);
}

function accountOf(row: Row): AccountRecord {
  return {
    account: String(row.account), posted: int(row, 'posted') as Credits, held: int(row, 'held') as Credits,
    rechargeSeq: int(row, 'recharge_seq'), rechargeClaimedAt: row.recharge_claimed_at === null ? null : int(row, 'recharge_claimed_at'),
  };
}

function holdOf(row: Row): Hold {
  return row.body as Hold;
}

function operationOf(row: Row): OperationRecord {
  const kind = row.kind;
  if (kind !== 'top_up' && kind !== 'reserve') throw new SwitchboardError('INTERNAL', `unknown ledger operation kind ${String(kind)}`);
  return { id: String(row.id), kind, fingerprint: String(row.fingerprint), result: String(row.result) };
}

/** Reads an account's journal page (`seq > afterSeq`, in order). */
export async function readEntries(db: Database, x: Executor, account: string, afterSeq: number, limit: number): Promise<JournalEntry[]> {
  const rows = await x.rows(
    `SELECT * FROM ${db.table('ledger_entries')} WHERE account = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [account, afterSeq, limit],
  );
  return rows.map((row): JournalEntry => ({
    seq: int(row, 'seq'), account, kind: String(row.kind) as JournalEntry['kind'], operationId: String(row.operation_id),
    amount: int(row, 'amount') as Credits, postedDelta: int(row, 'posted_delta'), heldDelta: int(row, 'held_delta'),
    at: int(row, 'at'), ...(typeof row.note === 'string' ? { note: row.note } : {}),
  }));
}
