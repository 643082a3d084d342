import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { z } from 'zod';
import { SwitchboardError } from './switchboard.js';

/**
 * Codes this example adds to the storage codes: `STORAGE_UNAVAILABLE` (retryable, remedy
 * `retry_later`) when PostgreSQL cannot be reached or refuses connections, `INTERNAL` for any
 * other database failure. Either carries the driver's error as `cause` and its SQLSTATE in
 * `details.sqlState`.
 */
export type PostgresErrorCode = 'STORAGE_UNAVAILABLE' | 'INTERNAL';

/** A result row as `pg` returns it (bigint columns arrive as strings, jsonb as parsed JSON). */
export type Row = Record<string, unknown>;

/** Runs statements on the pool, or on one client inside a transaction. */
export interface Executor {
  /** All rows. */
  rows(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The first row, or undefined. */
  one(sql: string, params?: readonly unknown[]): Promise<Row | undefined>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export type TableName =
  | 'contacts' | 'contact_addresses' | 'conversations' | 'messages' | 'templates' | 'canned_responses' | 'consents'
  | 'dedupe_claims' | 'outbox_jobs' | 'audit_entries'
  | 'ledger_accounts' | 'ledger_operations' | 'ledger_holds' | 'ledger_entries' | 'ledger_entry_seq';

/** One pool plus the schema its tables live in. */
export interface Database extends Executor {
  readonly pool: Pool;
  readonly schema: string;
  /** The schema-qualified name of a table, for SQL text. */
  table(name: TableName): string;
  /**
   * Runs `work` in one `BEGIN … COMMIT` on one pooled client (READ COMMITTED; the ports take the
   * row locks they need with `SELECT … FOR UPDATE`). Rolls back on any error; retries the whole
   * transaction a few times when PostgreSQL aborted it for a deadlock or a serialization failure.
   */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
}

/** SQLSTATEs after which a transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

function executor(target: Pool | PoolClient): Executor {
  const query = async (sql: string, params: readonly unknown[]): Promise<pg.QueryResult> => {
    try {
      return await target.query(sql, [...params]);
    } catch (error) {
      throw databaseError(error);
    }
  };
  return {
    rows: async (sql, params = []) => (await query(sql, params)).rows as Row[],
    one: async (sql, params = []) => (await query(sql, params)).rows[0] as Row | undefined,
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
  };
}

/** The SQLSTATE of a driver error, also when wrapped by {@link databaseError}. */
function sqlStateOf(error: unknown): string | undefined {
  const driver = error instanceof SwitchboardError ? error.cause : error;
  return driver instanceof pg.DatabaseError ? driver.code : undefined;
}

/** Wraps a driver failure in a typed error (connection classes 08, 53300 and 57P are "unavailable"). */
export function databaseError(error: unknown): SwitchboardError<PostgresErrorCode> {
  if (error instanceof SwitchboardError) return error as SwitchboardError<PostgresErrorCode>;
  const sqlState = sqlStateOf(error);
  const unavailable = sqlState === undefined || sqlState.startsWith('08') || sqlState.startsWith('57P') || sqlState === '53300';
  const message = error instanceof Error ? error.message : String(error);
  return new SwitchboardError(unavailable ? 'STORAGE_UNAVAILABLE' : 'INTERNAL', `PostgreSQL: ${message}`, {
    cause: error,
    retryable: unavailable,
    ...(unavailable ? { remedy: 'retry_later' as const } : {}),
    ...(sqlState === undefined ? {} : { details: { sqlState } }),
  });
}

export function openDatabase(pool: Pool, schema: string): Database {
  const quoted = `"${schema}"`;
  return {
    ...executor(pool),
    pool,
    schema,
    table: (name) => `${quoted}.${name}`,
    async transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt += 1) {
        const client = await pool.connect().catch((error: unknown) => {
          throw databaseError(error);
        });
        const tx = executor(client);
        let broken: Error | undefined;
        try {
          await tx.run('BEGIN');
          const result = await work(tx);
          await tx.run('COMMIT');
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            // The connection is unusable; do not return it to the pool.
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
          if (!(isSqlState(error, RETRYABLE) && attempt < MAX_ATTEMPTS)) throw error;
        } finally {
          client.release(broken);
        }
      }
    },
  };
}

function isSqlState(error: unknown, states: ReadonlySet<string>): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && states.has(state);
}

/** True when `error` is a unique violation of the named index or constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driver = error instanceof SwitchboardError ? error.cause : error;
  return driver instanceof pg.DatabaseError && driver.code === '23505' && driver.constraint === constraint;
}

/**
 * Parses a row's `data` jsonb column with the record's schema, so a row edited by hand or by an
 * older version fails loudly instead of leaking a malformed record into the application.
 */
export function data<S extends z.ZodType>(row: Row | undefined, schema: S): z.output<S> | null {
  if (row === undefined) return null;
  const parsed = schema.safeParse(row.data);
  if (!parsed.success) throw new SwitchboardError('INTERNAL', `A stored row does not match its schema: ${parsed.error.message}`, { cause: parsed.error });
  return parsed.data;
}

/** Every row's `data`, parsed. */
export function dataOf<S extends z.ZodType>(rows: readonly Row[], schema: S): z.output<S>[] {
  return rows.map((row) => data(row, schema)).filter((item): item is z.output<S> => item !== null);
}

/** An integer column (`bigint` arrives as a string; values stay below 2^53). */
export function int(row: Row, column: string): number {
  const value = row[column];
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new SwitchboardError('INTERNAL', `Column ${column} is not an integer`);
  return n;
}
