import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { createIdGenerator, defineStore, SwitchboardError, systemClock } from './switchboard.js';
import type { Clock, IdGenerator, Store } from './switchboard.js';
import type { StoredRecordKind } from './switchboard.js';
import { migrateAuditLog, sqliteAuditLog } from './audit-log.js';
import { sqliteCannedResponses } from './canned-responses.js';
import { sqliteConsents } from './consents.js';
import { sqliteContacts } from './contacts.js';
import { sqliteConversations } from './conversations.js';
import type { Connection } from './database.js';
import { openConnection } from './database.js';
import { sqliteDedupe } from './dedupe.js';
import { sqliteMessages } from './messages.js';
import { sqliteOutbox } from './outbox.js';
import { migrate } from './schema.js';
import { sqliteTemplates } from './templates.js';

export interface SqliteStoreOptions {
  /** The database file; created with the schema if missing. Several stores may open one file. */
  path: string;
  /** The time source for timestamps, dedupe expiry and leases; defaults to the system clock. */
  clock?: Clock;
  /** The id generator; defaults to one on `clock`. */
  ids?: IdGenerator;
}

/** A {@link Store} on one SQLite connection. */
export interface SqliteStore extends Store {
  /** The underlying connection, e.g. for the host's own tables or a credits ledger. */
  readonly database: DatabaseSync;
  /** Reads a stored record's raw row back (for the contract's `inspect` hook). */
  readRaw(kind: StoredRecordKind, id: string): Record<string, unknown> | null;
  close(): void;
}

const hasMethod = (name: string) => (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';

const optionsSchema = z
  .object({
    path: z.string().min(1, 'path must be a database file path (or ":memory:")'),
    clock: z.custom<Clock>(hasMethod('now'), { message: 'Expected a Clock with now()' }).optional(),
    ids: z.custom<IdGenerator>(hasMethod('next'), { message: 'Expected an IdGenerator with next(prefix)' }).optional(),
  })
  .strict();

const TABLES: Record<StoredRecordKind, string> = {
  contact: 'contacts',
  conversation: 'conversations',
  message: 'messages',
  template: 'templates',
  cannedResponse: 'canned_responses',
  consent: 'consents',
  outboxJob: 'outbox_jobs',
};

/**
 * Opens (and migrates) a SQLite database file as a Switchboard store on `node:sqlite` (Node ≥ 22.13
 * without flags), in WAL mode with a busy timeout. Each port method that reads and then writes runs
 * in a `BEGIN IMMEDIATE` transaction, so two stores on one file — two app instances — keep every
 * port's guarantees. Arguments are validated by `defineStore` before any SQL runs.
 *
 * @example
 * const store = openSqliteStore({ path: './switchboard.db' });
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const checked = optionsSchema.safeParse(options);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new SwitchboardError('INVALID_CONFIG', `Invalid openSqliteStore options: ${field} ${issue?.message ?? ''}`.trim(), { field });
  }
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator({ clock });
  const connection: Connection = openConnection(options.path);
  migrate(connection);
  migrateAuditLog(connection);
  const store = defineStore({
    contacts: sqliteContacts(connection, clock, ids),
    conversations: sqliteConversations(connection, clock, ids),
    messages: sqliteMessages(connection),
    templates: sqliteTemplates(connection),
    cannedResponses: sqliteCannedResponses(connection, clock, ids),
    consents: sqliteConsents(connection, ids),
    dedupe: sqliteDedupe(connection, clock),
    outbox: sqliteOutbox(connection, clock, ids),
    auditLog: sqliteAuditLog(connection),
  });
  return {
    ...store,
    database: connection.db,
    readRaw: (kind, id) => connection.one(`SELECT * FROM ${TABLES[kind]} WHERE id = ?`, id) ?? null,
    close: () => {
      connection.close();
    },
  };
}
