import { SwitchboardError, hasErrorCode } from '../core/errors.js';
import type { ConversationId } from '../core/ids.js';
import type { Conversation } from '../model/conversation.js';
import type { ConversationPatch } from '../ports/conversations.js';
import type { Store } from '../ports/store.js';

const MAX_ATTEMPTS = 8;

/**
 * Read-modify-write of a conversation with the store's compare-and-set: `change` gets the
 * current record and returns a patch (or null for "nothing to do"); on `VERSION_CONFLICT`
 * (another request or instance wrote first) it runs again on the fresh record.
 * Returns the stored conversation (unchanged when `change` returned null).
 */
export async function updateConversation(
  store: Store,
  conversation: Conversation,
  change: (current: Conversation) => ConversationPatch | null,
): Promise<Conversation> {
  let current = conversation;
  for (let attempt = 1; ; attempt++) {
    const patch = change(current);
    if (patch === null || Object.keys(patch).length === 0) return current;
    try {
      return await store.conversations.update(current.id, patch, current.version);
    } catch (error) {
      if (!hasErrorCode(error, 'VERSION_CONFLICT') || attempt >= MAX_ATTEMPTS) throw error;
      current = await reload(store, current.id);
    }
  }
}

/**
 * The patch that moves `current` to `next` in the given fields: those whose value changed to
 * something set (a reducer's result never unsets a window field).
 */
export function changedFields(current: Conversation, next: Conversation, fields: readonly (keyof ConversationPatch & keyof Conversation)[]): ConversationPatch {
  const patch: ConversationPatch = {};
  for (const field of fields) {
    const value = next[field];
    if (value !== current[field] && value !== undefined) Object.assign(patch, { [field]: value });
  }
  return patch;
}

async function reload(store: Store, id: ConversationId): Promise<Conversation> {
  const fresh = await store.conversations.get(id);
  if (fresh === null) throw new SwitchboardError('NOT_FOUND', `Conversation ${id} was deleted during an update`, { details: { conversationId: id } });
  return fresh;
}
