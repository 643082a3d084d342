import type { ConversationId, MessageId } from '../../core/ids.js';
import type { Message } from '../../model/message.js';
import { applyStatus } from '../../model/message-status.js';
import { storageError } from '../errors.js';
import type { MessageRepository, ProviderMessageKey } from '../messages.js';
import { decodeCursor, DEFAULT_PAGE_LIMIT, toPage } from '../page.js';
import { copy } from './deps.js';

const providerKey = (k: ProviderMessageKey): string => JSON.stringify([k.channel, k.accountId, k.providerMessageId]);

function providerKeyOf(message: Message): string | undefined {
  const { providerMessageId } = message;
  return providerMessageId === undefined ? undefined : providerKey({ channel: message.channel, accountId: message.accountId, providerMessageId });
}

export function createMemoryMessages(): MessageRepository {
  const byId = new Map<MessageId, Message>();
  const byIdempotencyKey = new Map<string, MessageId>();
  const byProviderKey = new Map<string, MessageId>();
  const byConversation = new Map<ConversationId, MessageId[]>();

  const find = (id: MessageId | undefined): Message | null => (id === undefined ? null : copy(byId.get(id) ?? null));

  return {
    append: (message) => {
      const pk = providerKeyOf(message);
      const existing = find(byIdempotencyKey.get(message.idempotencyKey)) ?? find(pk === undefined ? undefined : byProviderKey.get(pk));
      if (existing !== null) return Promise.resolve({ message: existing, created: false });
      if (byId.has(message.id)) throw storageError('DUPLICATE', `Message id ${message.id} is taken by another message`, 'message.id');
      const stored = copy(message);
      byId.set(stored.id, stored);
      byIdempotencyKey.set(stored.idempotencyKey, stored.id);
      if (pk !== undefined) byProviderKey.set(pk, stored.id);
      const list = byConversation.get(stored.conversationId) ?? [];
      list.push(stored.id);
      byConversation.set(stored.conversationId, list);
      return Promise.resolve({ message: copy(stored), created: true });
    },

    getById: (id) => Promise.resolve(find(id)),
    getByIdempotencyKey: (key) => Promise.resolve(find(byIdempotencyKey.get(key))),
    getByProviderId: (key) => Promise.resolve(find(byProviderKey.get(providerKey(key)))),

    applyStatus: (id, update) => {
      const current = byId.get(id);
      if (current === undefined) throw storageError('NOT_FOUND', `Message ${id} does not exist`, 'id');
      const result = applyStatus(current, update);
      if (result.changed) {
        const pk = providerKeyOf(result.message);
        if (pk !== undefined && current.providerMessageId === undefined) {
          const owner = byProviderKey.get(pk);
          if (owner !== undefined && owner !== id) throw storageError('DUPLICATE', 'The provider message id belongs to another message', 'update.providerMessageId');
          byProviderKey.set(pk, id);
        }
        byId.set(id, copy(result.message));
      }
      return Promise.resolve({ ...result, message: copy(result.message) });
    },

    listByConversation: (conversationId, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string'] as const);
      const messages = (byConversation.get(conversationId) ?? [])
        .map((id) => byId.get(id))
        .filter((m): m is Message => m !== undefined)
        .filter((m) => after === undefined || m.createdAt > after[0] || (m.createdAt === after[0] && m.id > after[1]))
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit + 1);
      return Promise.resolve(toPage(messages.map(copy), limit, (m) => [m.createdAt, m.id]));
    },
  };
}
