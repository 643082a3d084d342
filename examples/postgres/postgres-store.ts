import pg from 'pg';
import type { Pool } from 'pg';
import { z } from 'zod';
import { createIdGenerator, defineStore, parseWith, registerSecret, systemClock, validateAuditLog } from './switchboard.js';
import type { AuditLog, Clock, IdGenerator, Store, StoredRecordKind } from './switchboard.js';
import { postgresAuditLog } from './audit-log.js';
import { postgresCannedResponses } from './canned-responses.js';
import { postgresConsents } from './consents.js';
import { postgresContacts } from './contacts.js';
import { postgresConversations } from './conversations.js';
import type { Database, Row } from './database.js';
import { openDatabase } from './database.js';
import { postgresDedupe } from './dedupe.js';
import { postgresMessages } from './messages.js';
import { postgresOutbox } from './outbox.js';
import { migrate, SCHEMA_NAME_RE } from './schema.js';
import { postgresTemplates } from './templates.js';

export interface PostgresStoreOptions {
  /** A `postgres://` URL; the store opens (and `close()` ends) its own pool. Give this or `pool`. */
  connectionString?: string;
  /** Your own `pg.Pool`, shared with the rest of your application; `close()` leaves it open. */
  pool?: Pool;
  /** The schema holding the tables (created if missing); default `public`. */
  schema?: string;
  /** Create missing tables and indexes on open; default true. */
  migrate?: boolean;
  /** The time source for timestamps, dedupe expiry and leases; defaults to the system clock. */
  clock?: Clock;
  /** The id generator; defaults to one on `clock`. */
  ids?: IdGenerator;
}

/** A {@link Store} on a PostgreSQL pool, plus the audit log. */
export interface PostgresStore extends Store {
  readonly auditLog: AuditLog;
  readonly pool: Pool;
  /** Reads a stored record's raw row back (for the contract's `inspect` hook). */
  readRaw(kind: StoredRecordKind, id: string): Promise<Row | null>;
  /** Ends the pool if the store opened it from `connectionString`. */
  close(): Promise<void>;
}

const hasMethod = (name: string) => (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';

export const postgresOptionsShape = {
  connectionString: z.string().min(1).optional(),
  pool: z.custom<Pool>(hasMethod('connect'), { message: 'Expected a pg.Pool' }).optional(),
  schema: z.string().regex(SCHEMA_NAME_RE, 'schema must be a lower-case identifier (a-z, 0-9, _)').optional(),
  migrate: z.boolean().optional(),
  clock: z.custom<Clock>(hasMethod('now'), { message: 'Expected a Clock with now()' }).optional(),
};

const optionsSchema = z
  .object({ ...postgresOptionsShape, ids: z.custom<IdGenerator>(hasMethod('next'), { message: 'Expected an IdGenerator with next(prefix)' }).optional() })
  .strict()
  .refine((o) => (o.connectionString === undefined) !== (o.pool === undefined), { message: 'give exactly one of connectionString and pool', path: ['connectionString'] });

/**
 * Opens a pool (or takes yours) onto the database `connectionString` names, with a handler
 * for idle-client errors (a restarted server must not crash the process).
 */
export function poolFor(options: { connectionString?: string | undefined; pool?: Pool | undefined }): { pool: Pool; owned: boolean } {
  if (options.pool !== undefined) return { pool: options.pool, owned: false };
  registerSecret(passwordOf(options.connectionString));
  const pool = new pg.Pool({ connectionString: options.connectionString });
  pool.on('error', () => {
    // An idle connection died; the pool drops it and the next query opens a new one.
  });
  return { pool, owned: true };
}

/** The password in a `postgres://user:password@host/db` URL, so errors and logs never show it. */
function passwordOf(connectionString: string | undefined): string | undefined {
  if (connectionString === undefined || !URL.canParse(connectionString)) return undefined;
  const { password } = new URL(connectionString);
  return password === '' ? undefined : decodeURIComponent(password);
}

const TABLES: Record<StoredRecordKind, 'contacts' | 'conversations' | 'messages' | 'templates' | 'canned_responses' | 'consents' | 'outbox_jobs'> = {
  contact: 'contacts',
  conversation: 'conversations',
  message: 'messages',
  template: 'templates',
  cannedResponse: 'canned_responses',
  consent: 'consents',
  outboxJob: 'outbox_jobs',
};

/**
 * Opens a Switchboard store on PostgreSQL through `pg`. Every port method that reads and then
 * writes is one transaction that locks what it reads (`SELECT … FOR UPDATE`, advisory locks for
 * addresses, `FOR UPDATE SKIP LOCKED` for outbox leases) or a single `INSERT … ON CONFLICT`
 * statement, so any number of app instances may share the database. Arguments are validated by
 * `defineStore` before any SQL runs.
 *
 * @throws SwitchboardError `INVALID_CONFIG` naming the bad option.
 * @example
 * const store = await openPostgresStore({ connectionString: process.env.DATABASE_URL });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const valid = parseWith(optionsSchema, options, 'openPostgresStore options', 'INVALID_CONFIG');
  const clock = valid.clock ?? systemClock;
  const ids = valid.ids ?? createIdGenerator({ clock });
  const { pool, owned } = poolFor(valid);
  const db: Database = openDatabase(pool, valid.schema ?? 'public');
  try {
    if (valid.migrate !== false) await migrate(db, 'store');
  } catch (error) {
    if (owned) await pool.end();
    throw error;
  }
  const ports = {
    contacts: postgresContacts(db, clock, ids),
    conversations: postgresConversations(db, clock, ids),
    messages: postgresMessages(db),
    templates: postgresTemplates(db),
    cannedResponses: postgresCannedResponses(db, clock, ids),
    consents: postgresConsents(db, ids),
    dedupe: postgresDedupe(db, clock),
    outbox: postgresOutbox(db, clock, ids),
    auditLog: postgresAuditLog(db),
  };
  return {
    ...defineStore(ports),
    auditLog: validateAuditLog(ports.auditLog),
    pool,
    readRaw: async (kind, id) => (await db.one(`SELECT * FROM ${db.table(TABLES[kind])} WHERE id = $1`, [id])) ?? null,
    close: async () => {
      if (owned) await pool.end();
    },
  };
}
