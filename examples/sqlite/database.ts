import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { z } from 'zod';
import { SwitchboardError } from './switchboard.js';

/** One SQLite connection with a statement cache and an IMMEDIATE-transaction helper. */
export interface Connection {
  readonly db: DatabaseSync;
  /** A cached prepared statement. */
  statement(sql: string): StatementSync;
  /** The first row, or undefined. */
  one(sql: string, ...params: SQLInputValue[]): Record<string, SQLOutputValue> | undefined;
  /** All rows. */
  all(sql: string, ...params: SQLInputValue[]): Record<string, SQLOutputValue>[];
  /** Runs a write and returns the number of changed rows. */
  run(sql: string, ...params: SQLInputValue[]): number;
  /**
   * Runs `work` inside `BEGIN IMMEDIATE … COMMIT`: the write lock is taken before the first read,
   * so a read-check-write sequence cannot interleave with another connection's (another app
   * instance's) writes. Rolls back on any error.
   */
  immediate<T>(work: () => T): T;
  close(): void;
}

/** How long a connection waits for another one's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a connection in WAL mode (readers never block the writer) with a busy timeout, so
 * several connections, in one process or several, can share the file.
 */
export function openConnection(path: string): Connection {
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec('PRAGMA synchronous = NORMAL');
  const cache = new Map<string, StatementSync>();
  const statement = (sql: string): StatementSync => {
    let prepared = cache.get(sql);
    if (prepared === undefined) {
      prepared = db.prepare(sql);
      cache.set(sql, prepared);
    }
    return prepared;
  };
  return {
    db,
    statement,
    one: (sql, ...params) => statement(sql).get(...params),
    all: (sql, ...params) => statement(sql).all(...params),
    run: (sql, ...params) => Number(statement(sql).run(...params).changes),
    immediate<T>(work: () => T): T {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => {
      db.close();
    },
  };
}

/**
 * Parses a row's `data` JSON column with the record's schema, so a row edited by hand or by an
 * older version fails loudly instead of leaking a malformed record into the application.
 */
export function data<S extends z.ZodType>(row: Record<string, SQLOutputValue> | undefined, schema: S): z.output<S> | null {
  if (row === undefined) return null;
  const raw = row.data;
  if (typeof raw !== 'string') throw new SwitchboardError('INTERNAL', 'A stored row has no data column');
  const parsed = schema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new SwitchboardError('INTERNAL', `A stored row does not match its schema: ${parsed.error.message}`, { cause: parsed.error });
  return parsed.data;
}

/** A numeric column (SQLite integers come back as numbers for values below 2^53). */
export function num(row: Record<string, SQLOutputValue> | undefined, column: string): number | null {
  const value = row?.[column];
  return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null;
}
