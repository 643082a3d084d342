import { auditEntrySchema, decodeCursor, DEFAULT_PAGE_LIMIT } from './switchboard.js';
import type { AuditEntry, AuditLog } from './switchboard.js';
import type { Connection } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

/** The audit trail's table; `openSqliteStore` creates it with `migrateAuditLog` (idempotent). */
export const AUDIT_LOG_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS audit_entries (
     id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX IF NOT EXISTS audit_by_conversation ON audit_entries (conversation_id, at, id)`,
] as const;

/** Creates the audit table if missing; safe to run from several connections at once. */
export function migrateAuditLog(c: Connection): void {
  c.immediate(() => {
    for (const sql of AUDIT_LOG_SCHEMA) c.db.exec(sql);
  });
}

/** The dialogs' audit trail on SQLite: one row per entry, the entry as JSON. */
export function sqliteAuditLog(c: Connection): AuditLog {
  const byId = (id: string): AuditEntry | null => data(c.one('SELECT data FROM audit_entries WHERE id = ?', id), auditEntrySchema);
  return {
    // Idempotent by id in one statement: a concurrent append of the same id (another connection) inserts nothing.
    append: (entry) => {
      const inserted = c.run('INSERT OR IGNORE INTO audit_entries (id, conversation_id, at, data) VALUES (?, ?, ?, ?)', entry.id, entry.conversationId, entry.at, JSON.stringify(entry));
      if (inserted === 1) return Promise.resolve({ entry, created: true });
      return Promise.resolve({ entry: byId(entry.id) ?? entry, created: false });
    },

    listByConversation: (conversationId, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const [at, id] = page?.cursor === undefined ? [-1, ''] : decodeCursor(page.cursor, ['number', 'string'] as const);
      const rows = c.all(
        'SELECT data FROM audit_entries WHERE conversation_id = ? AND (at > ? OR (at = ? AND id > ?)) ORDER BY at, id LIMIT ?',
        conversationId, at, at, id, limit + 1,
      );
      return Promise.resolve(pageOf(rows, auditEntrySchema, limit, (e) => [e.at, e.id]));
    },
  };
}
