import type { ConversationId } from '../../core/ids.js';
import type { AuditEntry } from '../../model/audit.js';
import { MAX_PAGE_LIMIT } from '../../ports/page.js';
import type { DialogDeps } from './mutate.js';
import { notFound } from './mutate.js';

/** Who works or worked on a dialog ("the list of operators who worked on it"). */
export interface DialogOperators {
  /** The operator holding the dialog now, or null. */
  assigneeId: string | null;
  /** Operators invited into it now. */
  participants: string[];
  /**
   * Everyone who ever acted on it, was given it or invited into it (audit trail), or replied in
   * it (`repliedBy`), in order of first appearance; the current ones included.
   */
  all: string[];
}

const NAMING_ACTIONS = new Set<AuditEntry['action']>(['claimed', 'invited', 'delegated', 'assigned']);

/** Collects the operators of a dialog from its audit trail and the conversation itself. */
export async function listOperators(deps: Pick<DialogDeps, 'store' | 'auditLog'>, conversationId: ConversationId): Promise<DialogOperators> {
  const conversation = await deps.store.conversations.get(conversationId);
  if (conversation === null) throw notFound(conversationId);
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deps.auditLog.listByConversation(conversationId, { limit: MAX_PAGE_LIMIT, ...(cursor === undefined ? {} : { cursor }) });
    for (const entry of page.items) {
      if (entry.actor.kind === 'operator') seen.add(entry.actor.id);
      const named = entry.details.operatorId;
      if (NAMING_ACTIONS.has(entry.action) && typeof named === 'string') seen.add(named);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  for (const operatorId of conversation.repliedBy ?? []) seen.add(operatorId);
  if (conversation.assigneeId !== null) seen.add(conversation.assigneeId);
  for (const operatorId of conversation.participants) seen.add(operatorId);
  return { assigneeId: conversation.assigneeId, participants: [...conversation.participants], all: [...seen] };
}
