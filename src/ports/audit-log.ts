import type { ConversationId } from '../core/ids.js';
import { parseId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import type { AuditEntry } from '../model/audit.js';
import { auditEntrySchema } from '../model/audit.js';
import type { Page, PageRequest } from './page.js';
import { parsePageRequest } from './page.js';

/** The result of {@link AuditLog.append}. */
export interface AppendAuditResult {
  /** The stored entry: the input, or the one already stored under the same id. */
  entry: AuditEntry;
  /** False when an entry with this id was already stored (nothing was written). */
  created: boolean;
}

/**
 * The dialogs' audit trail ("dialog history"): append-only entries of who did what to a
 * conversation, and when.
 */
export interface AuditLog {
  /**
   * Stores an entry unless one with the same id is stored already; then returns that one with
   * `created: false` and writes nothing. Atomic: concurrent appends of one id yield one row.
   */
  append(entry: AuditEntry): Promise<AppendAuditResult>;

  /**
   * A conversation's entries oldest first (`at`, then id). Keyset cursors: entries appended
   * later appear on later pages and never shift earlier ones.
   */
  listByConversation(conversationId: ConversationId, page?: PageRequest): Promise<Page<AuditEntry>>;
}

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateAuditLog(inner: AuditLog): AuditLog {
  return {
    append: async (entry) => await inner.append(parseWith(auditEntrySchema, entry, 'auditLog.append entry')),
    listByConversation: async (conversationId, page) => {
      const validId = parseId('cv', conversationId, 'conversationId');
      const { cursor, limit } = parsePageRequest(page, 'auditLog.listByConversation');
      return await inner.listByConversation(validId, { limit, ...(cursor === undefined ? {} : { cursor }) });
    },
  };
}
