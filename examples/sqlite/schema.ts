import type { Connection } from './database.js';

/**
 * The schema: each aggregate keeps its full record as JSON in `data`, plus the columns its
 * unique keys, filters and orderings need. Unique indexes enforce the ports' uniqueness rules
 * even if application code had a bug.
 */
const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS contacts (id TEXT PRIMARY KEY, data TEXT NOT NULL) STRICT`,
  `CREATE TABLE IF NOT EXISTS contact_addresses (
     address_key TEXT PRIMARY KEY, contact_id TEXT NOT NULL REFERENCES contacts(id)) STRICT`,
  `CREATE TABLE IF NOT EXISTS conversations (
     id TEXT PRIMARY KEY, channel TEXT NOT NULL, account_id TEXT NOT NULL, contact_id TEXT NOT NULL,
     status TEXT NOT NULL, assignee_id TEXT, owner_id TEXT, activity_at INTEGER NOT NULL,
     last_inbound_at INTEGER, last_outbound_at INTEGER, version INTEGER NOT NULL, data TEXT NOT NULL) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS conversations_one_open ON conversations (channel, account_id, contact_id) WHERE status = 'open'`,
  `CREATE INDEX IF NOT EXISTS conversations_by_activity ON conversations (activity_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS messages (
     id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, channel TEXT NOT NULL, account_id TEXT NOT NULL,
     idempotency_key TEXT NOT NULL UNIQUE, provider_message_id TEXT, created_at INTEGER NOT NULL, data TEXT NOT NULL) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS messages_by_provider_id ON messages (channel, account_id, provider_message_id) WHERE provider_message_id IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, created_at, id)`,
  `CREATE TABLE IF NOT EXISTS templates (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, language TEXT NOT NULL, status TEXT NOT NULL, category TEXT NOT NULL,
     provider_template_id TEXT, version INTEGER NOT NULL, data TEXT NOT NULL, UNIQUE (name, language)) STRICT`,
  `CREATE INDEX IF NOT EXISTS templates_by_provider_id ON templates (provider_template_id)`,
  `CREATE TABLE IF NOT EXISTS canned_responses (
     id TEXT PRIMARY KEY, module TEXT NOT NULL, name_folded TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL) STRICT`,
  `CREATE TABLE IF NOT EXISTS consents (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, contact_id TEXT NOT NULL, channel TEXT NOT NULL,
     purpose TEXT NOT NULL, recorded_at INTEGER NOT NULL, data TEXT NOT NULL) STRICT`,
  `CREATE INDEX IF NOT EXISTS consents_by_contact ON consents (contact_id, channel, purpose, recorded_at, seq)`,
  `CREATE TABLE IF NOT EXISTS dedupe_claims (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT`,
  `CREATE TABLE IF NOT EXISTS outbox_jobs (
     id TEXT PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, run_at INTEGER NOT NULL,
     lease_owner TEXT, lease_expires_at INTEGER, data TEXT NOT NULL) STRICT`,
  `CREATE INDEX IF NOT EXISTS outbox_due ON outbox_jobs (status, run_at, id)`,
];

/** Creates the tables and indexes if missing; safe to run from several connections at once. */
export function migrate(connection: Connection): void {
  connection.immediate(() => {
    for (const sql of STATEMENTS) connection.db.exec(sql);
  });
}
