import type { ConversationId } from '../../core/ids.js';
import type { Conversation } from '../../model/conversation.js';
import { compareConversationsForList, conversationActivityAt, matchesConversationQuery } from '../conversation-query.js';
import type { ConversationRepository, OpenConversationKey } from '../conversations.js';
import { applyConversationPatch, newOpenConversation } from '../conversations.js';
import { storageError } from '../errors.js';
import { decodeCursor, DEFAULT_PAGE_LIMIT, toPage } from '../page.js';
import type { MemoryDeps } from './deps.js';
import { copy } from './deps.js';

const openKey = (k: OpenConversationKey): string => JSON.stringify([k.channel, k.accountId, k.contactId]);

export function createMemoryConversations({ clock, ids }: MemoryDeps): ConversationRepository {
  const byId = new Map<ConversationId, Conversation>();
  const openByKey = new Map<string, ConversationId>();

  return {
    get: (id) => Promise.resolve(copy(byId.get(id) ?? null)),

    findOpen: (key) => {
      const id = openByKey.get(openKey(key));
      return Promise.resolve(id === undefined ? null : copy(byId.get(id) ?? null));
    },

    createOpen: (input) => {
      const existingId = openByKey.get(openKey(input));
      const existing = existingId === undefined ? undefined : byId.get(existingId);
      if (existing !== undefined) return Promise.resolve({ conversation: copy(existing), created: false });
      const conversation = newOpenConversation(input, ids.next('cv'), clock.now());
      byId.set(conversation.id, conversation);
      openByKey.set(openKey(conversation), conversation.id);
      return Promise.resolve({ conversation: copy(conversation), created: true });
    },

    update: (id, patch, expectedVersion) => {
      const current = byId.get(id);
      if (current === undefined) throw storageError('NOT_FOUND', `Conversation ${id} does not exist`, 'id');
      if (current.version !== expectedVersion) {
        throw storageError('VERSION_CONFLICT', `Conversation ${id} is at version ${current.version}, not ${expectedVersion}`, 'expectedVersion');
      }
      const next = applyConversationPatch(current, patch, clock.now());
      const key = openKey(next);
      if (next.status === 'open' && current.status !== 'open') {
        if (openByKey.has(key)) throw storageError('DUPLICATE', 'Another conversation is already open for this channel account and contact', 'patch.status');
        openByKey.set(key, id);
      }
      if (next.status !== 'open' && current.status === 'open') openByKey.delete(key);
      byId.set(id, next);
      return Promise.resolve(copy(next));
    },

    list: (query, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string'] as const);
      const matching = [...byId.values()]
        .filter((c) => matchesConversationQuery(c, query))
        .filter((c) => {
          if (after === undefined) return true;
          const at = conversationActivityAt(c);
          return at < after[0] || (at === after[0] && c.id < after[1]);
        })
        .sort(compareConversationsForList)
        .slice(0, limit + 1);
      return Promise.resolve(toPage(matching.map(copy), limit, (c) => [conversationActivityAt(c), c.id]));
    },
  };
}
