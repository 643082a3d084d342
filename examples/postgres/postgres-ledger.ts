// The credits ledger on PostgreSQL through `pg`.
//
//   const { ledger, close } = await openPostgresLedger({ connectionString, autoRecharge: { below: 500, topUp: 5_000, pay } });
//
// Every operation is one READ COMMITTED transaction that first locks the account's row
// (`SELECT … FOR UPDATE`): two transactions on one account — from this process or another app
// instance — run one after the other, so they can never both pass the same balance check, resolve
// one hold twice, or claim two recharges for one crossing. The rules are the SDK's own (see
// ledger-rules.ts), run on a snapshot of the locked account (ledger-snapshot.ts).
import type { Pool } from 'pg';
import { z } from 'zod';
import { parseWith, systemClock, toSwitchboardError } from './switchboard.js';
import type { Clock } from './switchboard.js';
import type { Database, Executor } from './database.js';
import { isUniqueViolation, openDatabase } from './database.js';
import {
  applyCapture, applyRelease, applyReserve, applyTopUp, encodeCursor, expireHolds, finishRecharge, ledgerError, loadAccount,
  parseAccount, parseAutoRecharge, parseCapture, parseEntriesOptions, parseHoldId, parseRelease, parseReserve, parseTopUp,
  replay, reservePrint, toBalance, topUpPrint, TypedEmitter,
} from './ledger-rules.js';
import type {
  AutoRechargeOptions, Balance, CaptureInput, CreditsLedger, EntriesOptions, EntriesPage, Hold, LedgerEvents, RechargeClaim,
  ReleaseInput, ReserveInput, Settlement, SettleOutcome, TopUpInput, TopUpResult, UnhandledListenerError, ValidAutoRecharge,
} from './ledger-rules.js';
import type { SnapshotRequest } from './ledger-snapshot.js';
import { LedgerSnapshot, readEntries } from './ledger-snapshot.js';
import { poolFor, postgresOptionsShape } from './postgres-store.js';
import { migrate } from './schema.js';

export interface PostgresLedgerOptions {
  /** A `postgres://` URL; the ledger opens (and `close()` ends) its own pool. Give this or `pool`. */
  connectionString?: string;
  /** Your own `pg.Pool`; `close()` leaves it open. */
  pool?: Pool;
  /** The schema holding the `ledger_*` tables (created if missing); default `public`. */
  schema?: string;
  /** Create missing tables on open; default true. */
  migrate?: boolean;
  /** Time source for hold expiry and journal timestamps; defaults to the system clock. */
  clock?: Clock;
  /** Tops the account up through your payment port when it runs low. */
  autoRecharge?: AutoRechargeOptions;
  /** Where listener failures go when nobody listens to `error`. */
  onUnhandledListenerError?: UnhandledListenerError;
}

export interface PostgresLedger {
  ledger: CreditsLedger;
  pool: Pool;
  /** Ends the pool if the ledger opened it; await `ledger.whenIdle()` first if recharges may be running. */
  close(): Promise<void>;
}

const optionsSchema = z
  .object({ ...postgresOptionsShape, autoRecharge: z.unknown().optional(), onUnhandledListenerError: z.unknown().optional() })
  .strict()
  .refine((o) => (o.connectionString === undefined) !== (o.pool === undefined), { message: 'give exactly one of connectionString and pool', path: ['connectionString'] });

/**
 * Opens (creating its tables if needed) a credits ledger in PostgreSQL. Open it once per app
 * instance; any number of instances may share the database.
 * @throws SwitchboardError `INVALID_CONFIG` naming the bad option.
 */
export async function openPostgresLedger(options: PostgresLedgerOptions): Promise<PostgresLedger> {
  const valid = parseWith(optionsSchema, options, 'openPostgresLedger options', 'INVALID_CONFIG');
  const recharge = parseAutoRecharge(options.autoRecharge);
  const { pool, owned } = poolFor(valid);
  const db = openDatabase(pool, valid.schema ?? 'public');
  try {
    if (valid.migrate !== false) await migrate(db, 'ledger');
  } catch (error) {
    if (owned) await pool.end();
    throw error;
  }
  const ledger = new PostgresCreditsLedger(db, valid.clock ?? systemClock, recharge, options.onUnhandledListenerError);
  return { ledger, pool, close: async () => { if (owned) await pool.end(); } };
}

/** How often a transaction is retried after losing a race to insert the same operation id for another account. */
const MAX_ATTEMPTS = 3;

class PostgresCreditsLedger implements CreditsLedger {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #recharge: ValidAutoRecharge | undefined;
  readonly #events: TypedEmitter<LedgerEvents>;
  readonly #running = new Set<Promise<void>>();

  constructor(db: Database, clock: Clock, recharge: ValidAutoRecharge | undefined, onUnhandled: UnhandledListenerError | undefined) {
    this.#db = db;
    this.#clock = clock;
    this.#recharge = recharge;
    this.#events = new TypedEmitter(onUnhandled === undefined ? {} : { onUnhandledError: onUnhandled });
  }

  balance(account: string): Promise<Balance> {
    return this.#run(async () => {
      const name = parseAccount(account);
      const { expired, balance } = await this.#locked({ account: name, entries: 0 }, (store, now) => ({
        expired: expireHolds(store, name, now),
        balance: toBalance(loadAccount(store, name)),
      }));
      this.#emitExpired(expired);
      return balance;
    });
  }

  topUp(input: TopUpInput): Promise<TopUpResult> {
    return this.#run(async () => {
      const valid = parseTopUp(input);
      const step = await this.#locked({ account: valid.account, operationId: valid.id, entries: 1 }, (store, now) => {
        const first = replay(store, 'top_up', valid.id, topUpPrint(valid)) as TopUpResult | undefined;
        if (first !== undefined) return { result: first, expired: [] };
        const expired = expireHolds(store, valid.account, now);
        return { result: applyTopUp(store, valid, now), expired };
      });
      this.#emitExpired(step.expired);
      return step.result;
    });
  }

  reserve(input: ReserveInput): Promise<Hold> {
    return this.#run(async () => {
      const valid = parseReserve(input);
      const step = await this.#locked({ account: valid.account, operationId: valid.id, entries: 1 }, (store, now) => {
        const first = replay(store, 'reserve', valid.id, reservePrint(valid)) as Hold | undefined;
        if (first !== undefined) return { first };
        if (valid.expiresAt <= now) {
          throw ledgerError('INVALID_INPUT', `reserve expiresAt (${new Date(valid.expiresAt).toISOString()}) must be after the current time`, { field: 'expiresAt', remedy: 'fix_input' });
        }
        const expired = expireHolds(store, valid.account, now);
        return { expired, outcome: applyReserve(store, valid, now, this.#recharge) };
      });
      if ('first' in step) return step.first;
      this.#emitExpired(step.expired);
      const { outcome } = step;
      if (!outcome.ok) {
        this.#events.emit('credits.insufficient', { account: valid.account, operationId: valid.id, requested: valid.amount, available: outcome.available });
        throw ledgerError('INSUFFICIENT_CREDITS', `Account "${valid.account}" has ${outcome.available} credits available, ${valid.amount} needed`, {
          field: 'amount', remedy: 'top_up', details: { account: valid.account, requested: valid.amount, available: outcome.available },
        });
      }
      this.#events.emit('credits.reserved', { hold: outcome.hold });
      if (outcome.claim !== undefined) this.#startRecharge(outcome.claim);
      return outcome.hold;
    });
  }

  capture(input: CaptureInput): Promise<Settlement> {
    return this.#run(async () => {
      const valid = parseCapture(input);
      return await this.#settle(valid.holdId, (store, hold, now) => applyCapture(store, hold, valid.amount, now), 'credits.captured');
    });
  }

  release(input: ReleaseInput): Promise<Settlement> {
    return this.#run(async () => {
      const valid = parseRelease(input);
      return await this.#settle(valid.holdId, (store, hold, now) => applyRelease(store, hold, now), 'credits.released');
    });
  }

  getHold(holdId: string): Promise<Hold | undefined> {
    return this.#run(async () => {
      const id = parseHoldId(holdId);
      const account = await this.#holdAccount(id);
      if (account === undefined) return undefined;
      const { expired, hold } = await this.#locked({ account, holdId: id, entries: 0 }, (store, now) => ({
        expired: expireHolds(store, account, now),
        hold: store.getHold(id),
      }));
      this.#emitExpired(expired);
      return hold;
    });
  }

  entries(account: string, options: EntriesOptions = {}): Promise<EntriesPage> {
    return this.#run(async () => {
      const name = parseAccount(account);
      const { afterSeq, limit } = parseEntriesOptions(options);
      const [expired, rows] = await this.#locked(
        { account: name, entries: 0 },
        (store, now) => expireHolds(store, name, now),
        (tx) => readEntries(this.#db, tx, name, afterSeq, limit + 1),
      );
      this.#emitExpired(expired);
      const entries = rows.slice(0, limit);
      const last = entries.at(-1);
      return rows.length > limit && last !== undefined ? { entries, next: encodeCursor(last.seq) } : { entries };
    });
  }

  async whenIdle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  on<E extends keyof LedgerEvents>(event: E, listener: (payload: LedgerEvents[E]) => unknown): this {
    this.#events.on(event, listener);
    return this;
  }

  off<E extends keyof LedgerEvents>(event: E, listener: (payload: LedgerEvents[E]) => unknown): this {
    this.#events.off(event, listener);
    return this;
  }

  async #run<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      throw toSwitchboardError(error);
    }
  }

  /**
   * One transaction on a locked account: loads the snapshot, runs the synchronous rules, writes
   * what they changed, then (optionally) reads more in the same transaction. Events are emitted
   * by the callers only after it committed.
   */
  #locked<T>(request: Omit<SnapshotRequest, 'now'>, rules: (store: LedgerSnapshot, now: number) => T): Promise<T>;
  #locked<T, R>(request: Omit<SnapshotRequest, 'now'>, rules: (store: LedgerSnapshot, now: number) => T, after: (tx: Executor) => Promise<R>): Promise<[T, R]>;
  async #locked<T, R>(
    request: Omit<SnapshotRequest, 'now'>,
    rules: (store: LedgerSnapshot, now: number) => T,
    after?: (tx: Executor) => Promise<R>,
  ): Promise<T | [T, R]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#db.transaction(async (tx) => {
          const now = this.#clock.now();
          const store = await LedgerSnapshot.load(this.#db, tx, { ...request, now });
          const result = rules(store, now);
          await store.flush(this.#db, tx);
          return after === undefined ? result : [result, await after(tx)];
        });
      } catch (error) {
        // The same operation id was just used on another account; running again replays it.
        if (!(isUniqueViolation(error, 'ledger_operations_pkey') && attempt < MAX_ATTEMPTS)) throw error;
      }
    }
  }

  async #holdAccount(holdId: string): Promise<string | undefined> {
    const row = await this.#db.one(`SELECT account FROM ${this.#db.table('ledger_holds')} WHERE id = $1`, [holdId]);
    return row === undefined ? undefined : String(row.account);
  }

  async #settle(
    holdId: string,
    apply: (store: LedgerSnapshot, hold: Hold, now: number) => SettleOutcome,
    event: 'credits.captured' | 'credits.released',
  ): Promise<Settlement> {
    const account = await this.#holdAccount(holdId);
    const step = account === undefined ? undefined : await this.#locked({ account, holdId, entries: 1 }, (store, now) => {
      const found = store.getHold(holdId);
      if (found === undefined) return undefined;
      const expired = expireHolds(store, account, now);
      const current = store.getHold(holdId) ?? found;
      return { expired, fresh: current.status === 'held', outcome: apply(store, current, now) };
    });
    if (step === undefined) throw ledgerError('HOLD_NOT_FOUND', `No hold has id "${holdId}"`, { field: 'holdId', details: { holdId } });
    this.#emitExpired(step.expired);
    if (!step.outcome.ok) throw step.outcome.error;
    if (step.fresh) this.#events.emit(event, { settlement: step.outcome.settlement });
    return step.outcome.settlement;
  }

  #emitExpired(settlements: readonly Settlement[]): void {
    for (const settlement of settlements) this.#events.emit('credits.released', { settlement });
  }

  #startRecharge(claim: RechargeClaim): void {
    const recharge = this.#recharge;
    if (recharge === undefined) return;
    this.#events.emit('credits.low', { account: claim.account, available: claim.available, below: recharge.below, idempotencyKey: claim.idempotencyKey });
    const running: Promise<void> = this.#runRecharge(claim, recharge).finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  // The claim was committed with the reservation, so only this instance pays for this crossing.
  async #runRecharge(claim: RechargeClaim, recharge: ValidAutoRecharge): Promise<void> {
    const { account, seq, idempotencyKey } = claim;
    const amount = recharge.topUp;
    try {
      await recharge.pay({ account, amount, idempotencyKey });
      const topUp = { id: idempotencyKey, account, amount, source: 'auto_recharge' };
      const result = await this.#locked({ account, operationId: topUp.id, entries: 1 }, (store, now) => {
        const expired = expireHolds(store, account, now);
        const done = (replay(store, 'top_up', topUp.id, topUpPrint(topUp)) as TopUpResult | undefined) ?? applyTopUp(store, topUp, now);
        finishRecharge(store, account, seq);
        return { done, expired };
      });
      this.#emitExpired(result.expired);
      this.#events.emit('credits.recharged', { account, amount, idempotencyKey, balance: result.done.balance });
    } catch (error) {
      this.#events.emit('credits.recharge_failed', { account, amount, idempotencyKey, error });
      try {
        await this.#locked({ account, entries: 0 }, (store) => { finishRecharge(store, account, seq); });
      } catch (storeError) {
        // The claim stays in flight, so no second recharge can start for this crossing.
        this.#events.emit('credits.recharge_failed', { account, amount, idempotencyKey, error: storeError });
      }
    }
  }
}
