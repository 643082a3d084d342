import type { AuditEntry } from '../../model/audit.js';
import type { AuditLog } from '../audit-log.js';
import { decodeCursor, DEFAULT_PAGE_LIMIT, toPage } from '../page.js';
import { copy } from './deps.js';

const byTimeThenId = (a: AuditEntry, b: AuditEntry): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The audit trail in process memory. */
export function createMemoryAuditLog(): AuditLog {
  const byId = new Map<string, AuditEntry>();
  const byConversation = new Map<string, AuditEntry[]>();

  return {
    append: (entry) => {
      const existing = byId.get(entry.id);
      if (existing !== undefined) return Promise.resolve({ entry: copy(existing), created: false });
      const stored = copy(entry);
      byId.set(stored.id, stored);
      const list = byConversation.get(stored.conversationId) ?? [];
      list.push(stored);
      list.sort(byTimeThenId);
      byConversation.set(stored.conversationId, list);
      return Promise.resolve({ entry: copy(stored), created: true });
    },

    listByConversation: (conversationId, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string'] as const);
      const rows = (byConversation.get(conversationId) ?? [])
        .filter((e) => after === undefined || e.at > after[0] || (e.at === after[0] && e.id > after[1]))
        .slice(0, limit + 1);
      return Promise.resolve(toPage(rows.map(copy), limit, (e) => [e.at, e.id]));
    },
  };
}
