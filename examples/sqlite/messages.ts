import { applyStatus, decodeCursor, DEFAULT_PAGE_LIMIT, storageError } from './switchboard.js';
import type { Message, MessageRepository } from './switchboard.js';
import { messageSchema } from './switchboard.js';
import type { Connection } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

export function sqliteMessages(c: Connection): MessageRepository {
  const byId = (id: string): Message | null => data(c.one('SELECT data FROM messages WHERE id = ?', id), messageSchema);
  const byKey = (key: string): Message | null => data(c.one('SELECT data FROM messages WHERE idempotency_key = ?', key), messageSchema);
  const byProvider = (channel: string, accountId: string, providerMessageId: string): Message | null =>
    data(c.one('SELECT data FROM messages WHERE channel = ? AND account_id = ? AND provider_message_id = ?', channel, accountId, providerMessageId), messageSchema);

  return {
    append: (message) =>
      Promise.resolve(
        c.immediate(() => {
          const existing = byKey(message.idempotencyKey) ??
            (message.providerMessageId === undefined ? null : byProvider(message.channel, message.accountId, message.providerMessageId));
          if (existing !== null) return { message: existing, created: false };
          if (byId(message.id) !== null) throw storageError('DUPLICATE', `Message id ${message.id} is taken by another message`, 'message.id');
          c.run(
            `INSERT INTO messages (id, conversation_id, channel, account_id, idempotency_key, provider_message_id, created_at, data)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            message.id, message.conversationId, message.channel, message.accountId, message.idempotencyKey,
            message.providerMessageId ?? null, message.createdAt, JSON.stringify(message),
          );
          return { message, created: true };
        }),
      ),

    getById: (id) => Promise.resolve(byId(id)),
    getByIdempotencyKey: (key) => Promise.resolve(byKey(key)),
    getByProviderId: (key) => Promise.resolve(byProvider(key.channel, key.accountId, key.providerMessageId)),

    applyStatus: (id, update) =>
      Promise.resolve(
        c.immediate(() => {
          const current = byId(id);
          if (current === null) throw storageError('NOT_FOUND', `Message ${id} does not exist`, 'id');
          const result = applyStatus(current, update);
          if (!result.changed) return result;
          const next = result.message;
          if (next.providerMessageId !== undefined && current.providerMessageId === undefined) {
            const owner = byProvider(next.channel, next.accountId, next.providerMessageId);
            if (owner !== null && owner.id !== id) throw storageError('DUPLICATE', 'The provider message id belongs to another message', 'update.providerMessageId');
          }
          c.run('UPDATE messages SET provider_message_id = ?, data = ? WHERE id = ?', next.providerMessageId ?? null, JSON.stringify(next), id);
          return result;
        }),
      ),

    listByConversation: (conversationId, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      if (page?.cursor === undefined) {
        const rows = c.all('SELECT data FROM messages WHERE conversation_id = ? ORDER BY created_at, id LIMIT ?', conversationId, limit + 1);
        return Promise.resolve(pageOf(rows, messageSchema, limit, (m) => [m.createdAt, m.id]));
      }
      const [createdAt, id] = decodeCursor(page.cursor, ['number', 'string'] as const);
      const rows = c.all(
        'SELECT data FROM messages WHERE conversation_id = ? AND (created_at > ? OR (created_at = ? AND id > ?)) ORDER BY created_at, id LIMIT ?',
        conversationId, createdAt, createdAt, id, limit + 1,
      );
      return Promise.resolve(pageOf(rows, messageSchema, limit, (m) => [m.createdAt, m.id]));
    },
  };
}
