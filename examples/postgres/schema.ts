import type { Database, TableName } from './database.js';

/**
 * The store's tables: each aggregate keeps its full record as jsonb in `data`, plus the columns
 * its unique keys, filters and orderings need. Unique indexes enforce the ports' uniqueness rules
 * even if application code had a bug; several ports rely on them for atomicity (`ON CONFLICT`).
 * Keys that are ordered use `COLLATE "C"` so the order is the SDK's (code-point) order whatever
 * the database's default collation is. Times are epoch milliseconds from the injected clock.
 */
const STORE = (t: (name: TableName) => string): string[] => [
  `CREATE TABLE IF NOT EXISTS ${t('contacts')} (id text COLLATE "C" PRIMARY KEY, data jsonb NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${t('contact_addresses')} (
     address_key text PRIMARY KEY, contact_id text NOT NULL REFERENCES ${t('contacts')} (id))`,
  `CREATE TABLE IF NOT EXISTS ${t('conversations')} (
     id text COLLATE "C" PRIMARY KEY, channel text NOT NULL, account_id text NOT NULL, contact_id text NOT NULL,
     status text NOT NULL, assignee_id text, owner_id text, activity_at bigint NOT NULL,
     last_inbound_at bigint, last_outbound_at bigint, version integer NOT NULL, data jsonb NOT NULL)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS conversations_one_open ON ${t('conversations')} (channel, account_id, contact_id) WHERE status = 'open'`,
  `CREATE INDEX IF NOT EXISTS conversations_by_activity ON ${t('conversations')} (activity_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS ${t('messages')} (
     id text COLLATE "C" PRIMARY KEY, conversation_id text NOT NULL, channel text NOT NULL, account_id text NOT NULL,
     idempotency_key text NOT NULL UNIQUE, provider_message_id text, created_at bigint NOT NULL, data jsonb NOT NULL)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS messages_by_provider_id ON ${t('messages')} (channel, account_id, provider_message_id)
     WHERE provider_message_id IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS messages_by_conversation ON ${t('messages')} (conversation_id, created_at, id)`,
  `CREATE TABLE IF NOT EXISTS ${t('templates')} (
     id text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL, language text COLLATE "C" NOT NULL, status text NOT NULL,
     category text NOT NULL, provider_template_id text, version integer NOT NULL, data jsonb NOT NULL,
     CONSTRAINT templates_name_language UNIQUE (name, language))`,
  `CREATE INDEX IF NOT EXISTS templates_by_provider_id ON ${t('templates')} (provider_template_id)`,
  `CREATE TABLE IF NOT EXISTS ${t('canned_responses')} (
     id text COLLATE "C" PRIMARY KEY, module text NOT NULL, name_folded text NOT NULL, version integer NOT NULL, data jsonb NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${t('consents')} (
     seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, contact_id text NOT NULL, channel text NOT NULL,
     purpose text NOT NULL, recorded_at bigint NOT NULL, data jsonb NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS consents_by_contact ON ${t('consents')} (contact_id, channel, purpose, recorded_at, seq)`,
  `CREATE TABLE IF NOT EXISTS ${t('dedupe_claims')} (key text PRIMARY KEY, expires_at bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${t('outbox_jobs')} (
     id text COLLATE "C" PRIMARY KEY, message_id text NOT NULL UNIQUE, status text NOT NULL, run_at bigint NOT NULL,
     lease_owner text, lease_expires_at bigint, data jsonb NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS outbox_due ON ${t('outbox_jobs')} (status, run_at, id)`,
  `CREATE TABLE IF NOT EXISTS ${t('audit_entries')} (
     id text COLLATE "C" PRIMARY KEY, conversation_id text NOT NULL, at bigint NOT NULL, data jsonb NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS audit_by_conversation ON ${t('audit_entries')} (conversation_id, at, id)`,
];

/**
 * The credits ledger's tables. Balances can never go negative or hold more than is posted (CHECK),
 * and the journal refuses UPDATE and DELETE (a trigger), whatever the application does.
 */
const LEDGER = (t: (name: TableName) => string, schema: string): string[] => [
  `CREATE TABLE IF NOT EXISTS ${t('ledger_accounts')} (
     account text PRIMARY KEY, posted bigint NOT NULL CHECK (posted >= 0), held bigint NOT NULL CHECK (held >= 0 AND held <= posted),
     recharge_seq integer NOT NULL, recharge_claimed_at bigint)`,
  `CREATE TABLE IF NOT EXISTS ${t('ledger_operations')} (id text PRIMARY KEY, kind text NOT NULL, fingerprint text NOT NULL, result text NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${t('ledger_holds')} (
     id text COLLATE "C" PRIMARY KEY, account text NOT NULL, status text NOT NULL, expires_at bigint NOT NULL, body jsonb NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS ledger_holds_open ON ${t('ledger_holds')} (account, expires_at) WHERE status = 'held'`,
  `CREATE SEQUENCE IF NOT EXISTS ${t('ledger_entry_seq')}`,
  `CREATE TABLE IF NOT EXISTS ${t('ledger_entries')} (
     seq bigint PRIMARY KEY, account text NOT NULL, kind text NOT NULL, operation_id text NOT NULL, amount bigint NOT NULL,
     posted_delta bigint NOT NULL, held_delta bigint NOT NULL, at bigint NOT NULL, note text)`,
  `CREATE INDEX IF NOT EXISTS ledger_entries_account ON ${t('ledger_entries')} (account, seq)`,
  `CREATE OR REPLACE FUNCTION "${schema}".ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS
     $$ BEGIN RAISE EXCEPTION 'ledger_entries is append-only'; END $$`,
  `CREATE OR REPLACE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ${t('ledger_entries')}
     FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".ledger_entries_append_only()`,
];

/**
 * Creates the schema, tables and indexes that are missing. Safe to run from several app
 * instances at once: an advisory lock makes concurrent migrations wait for each other (plain
 * `CREATE … IF NOT EXISTS` can still collide in PostgreSQL's catalogs).
 */
export async function migrate(db: Database, part: 'store' | 'ledger'): Promise<void> {
  const statements = part === 'store' ? STORE((name) => db.table(name)) : LEDGER((name) => db.table(name), db.schema);
  await db.transaction(async (tx) => {
    await tx.run(`SELECT pg_advisory_xact_lock(hashtext('switchboard-migrate'))`);
    await tx.run(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
    for (const sql of statements) await tx.run(sql);
  });
}

/** Valid schema names for the `schema` option: plain lower-case identifiers. */
export const SCHEMA_NAME_RE = /^[a-z_][a-z0-9_]{0,62}$/;
