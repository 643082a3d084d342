import { hasErrorCode } from '../../core/errors.js';
import type { ConversationId } from '../../core/ids.js';
import type { AuditAction, AuditEntry } from '../../model/audit.js';
import type { Conversation } from '../../model/conversation.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { ConversationPatch } from '../../ports/conversations.js';
import type { SwitchboardContext } from '../context.js';
import type { Actor } from '../events.js';
import { auditEntry } from './audit.js';
import { dialogError } from './errors.js';

/** What the dialog actions need from the facade's context, plus the audit trail. */
export type DialogDeps = Pick<SwitchboardContext, 'store' | 'events' | 'policy' | 'clock'> & { auditLog: AuditLog };

/** One decided change of a dialog: the patch, its audit line and its events. */
export interface DialogChange {
  patch: ConversationPatch;
  action: AuditAction;
  details: AuditEntry['details'];
  /** Emits the change's events with the stored conversation. */
  emit(updated: Conversation): void;
}

/** How often an action re-reads and re-checks after a concurrent change before giving up. */
export const MAX_DIALOG_ATTEMPTS = 5;

/**
 * Reads the conversation, lets `decide` check the rules and pick a change (or `null`: nothing to
 * do, the current state is returned), stores it with compare-and-set, appends the audit entry
 * and emits the events. On `VERSION_CONFLICT` it re-reads and decides again, so the rules are
 * always checked against the state the change is applied to.
 *
 * @throws SwitchboardError `CONVERSATION_NOT_FOUND`, `CONCURRENT_UPDATE` (retryable), whatever
 *   `decide` throws, and the store's `DUPLICATE` (for the caller to translate).
 */
export async function mutateConversation(
  deps: DialogDeps,
  id: ConversationId,
  actor: Actor,
  decide: (current: Conversation) => DialogChange | null,
): Promise<Conversation> {
  for (let attempt = 1; attempt <= MAX_DIALOG_ATTEMPTS; attempt++) {
    const current = await deps.store.conversations.get(id);
    if (current === null) throw notFound(id);
    const change = decide(current);
    if (change === null) return current;
    let updated: Conversation;
    try {
      updated = await deps.store.conversations.update(id, change.patch, current.version);
    } catch (error) {
      if (hasErrorCode(error, 'VERSION_CONFLICT')) continue;
      if (hasErrorCode(error, 'NOT_FOUND')) throw notFound(id);
      throw error;
    }
    await deps.auditLog.append(auditEntry(updated, actor, change.action, change.details));
    change.emit(updated);
    return updated;
  }
  throw dialogError('CONCURRENT_UPDATE', `Conversation ${id} changed ${String(MAX_DIALOG_ATTEMPTS)} times while the action was applied; try again`, {
    retryable: true,
    remedy: 'retry_later',
    details: { conversationId: id },
  });
}

export function notFound(id: string): ReturnType<typeof dialogError> {
  return dialogError('CONVERSATION_NOT_FOUND', `Conversation ${id} does not exist`, { details: { conversationId: id } });
}
