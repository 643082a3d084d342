import { decodeCursor, DEFAULT_PAGE_LIMIT } from './switchboard.js';
import type { AuditEntry, AuditLog } from './switchboard.js';
import { auditEntrySchema } from './switchboard.js';
import type { Database } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

export function postgresAuditLog(db: Database): AuditLog {
  const table = db.table('audit_entries');
  return {
    // Idempotent by id in one statement: a concurrent append of the same id waits, then does nothing.
    append: async (entry) => {
      const inserted = await db.run(
        `INSERT INTO ${table} (id, conversation_id, at, data) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        [entry.id, entry.conversationId, entry.at, JSON.stringify(entry)],
      );
      if (inserted === 1) return { entry, created: true };
      const stored: AuditEntry | null = data(await db.one(`SELECT data FROM ${table} WHERE id = $1`, [entry.id]), auditEntrySchema);
      return { entry: stored ?? entry, created: false };
    },

    listByConversation: async (conversationId, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const [at, id] = page?.cursor === undefined ? [Number.MIN_SAFE_INTEGER, ''] : decodeCursor(page.cursor, ['number', 'string'] as const);
      const rows = await db.rows(
        `SELECT data FROM ${table} WHERE conversation_id = $1 AND (at, id) > ($2::bigint, $3::text) ORDER BY at, id LIMIT $4`,
        [conversationId, at, id, limit + 1],
      );
      return pageOf(rows, auditEntrySchema, limit, (e) => [e.at, e.id]);
    },
  };
}
