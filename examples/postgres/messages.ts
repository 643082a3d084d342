import { applyStatus, decodeCursor, DEFAULT_PAGE_LIMIT, storageError } from './switchboard.js';
import type { Message, MessageRepository } from './switchboard.js';
import { messageSchema } from './switchboard.js';
import type { Database, Executor } from './database.js';
import { data, isUniqueViolation } from './database.js';
import { pageOf } from './paging.js';

export function postgresMessages(db: Database): MessageRepository {
  const table = db.table('messages');
  const byId = async (x: Executor, id: string, lock = ''): Promise<Message | null> =>
    data(await x.one(`SELECT data FROM ${table} WHERE id = $1 ${lock}`, [id]), messageSchema);
  const byKey = async (key: string): Promise<Message | null> =>
    data(await db.one(`SELECT data FROM ${table} WHERE idempotency_key = $1`, [key]), messageSchema);
  const byProvider = async (x: Executor, channel: string, accountId: string, providerMessageId: string): Promise<Message | null> =>
    data(await x.one(`SELECT data FROM ${table} WHERE channel = $1 AND account_id = $2 AND provider_message_id = $3`, [channel, accountId, providerMessageId]), messageSchema);

  return {
    // One statement: ON CONFLICT DO NOTHING (no target) covers the primary key, the idempotency
    // key and the provider-id index, and waits for a concurrent insert of the same message to
    // commit. When nothing was inserted, the row that won is read back.
    append: async (message) => {
      const inserted = await db.run(
        `INSERT INTO ${table} (id, conversation_id, channel, account_id, idempotency_key, provider_message_id, created_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [
          message.id, message.conversationId, message.channel, message.accountId, message.idempotencyKey,
          message.providerMessageId ?? null, message.createdAt, JSON.stringify(message),
        ],
      );
      if (inserted === 1) return { message, created: true };
      const existing = (await byKey(message.idempotencyKey)) ??
        (message.providerMessageId === undefined ? null : await byProvider(db, message.channel, message.accountId, message.providerMessageId));
      if (existing !== null) return { message: existing, created: false };
      throw storageError('DUPLICATE', `Message id ${message.id} is taken by another message`, 'message.id');
    },

    getById: (id) => byId(db, id),
    getByIdempotencyKey: byKey,
    getByProviderId: (key) => byProvider(db, key.channel, key.accountId, key.providerMessageId),

    // Read-modify-write under the row lock, so concurrent reports are applied one after another.
    applyStatus: (id, update) =>
      db.transaction(async (tx) => {
        const current = await byId(tx, id, 'FOR UPDATE');
        if (current === null) throw storageError('NOT_FOUND', `Message ${id} does not exist`, 'id');
        const result = applyStatus(current, update);
        if (!result.changed) return result;
        const next = result.message;
        try {
          await tx.run(`UPDATE ${table} SET provider_message_id = $2, data = $3 WHERE id = $1`, [id, next.providerMessageId ?? null, JSON.stringify(next)]);
        } catch (error) {
          if (isUniqueViolation(error, 'messages_by_provider_id')) {
            throw storageError('DUPLICATE', 'The provider message id belongs to another message', 'update.providerMessageId');
          }
          throw error;
        }
        return result;
      }),

    listByConversation: async (conversationId, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const [createdAt, id] = page?.cursor === undefined ? [Number.MIN_SAFE_INTEGER, ''] : decodeCursor(page.cursor, ['number', 'string'] as const);
      const rows = await db.rows(
        `SELECT data FROM ${table} WHERE conversation_id = $1 AND (created_at, id) > ($2::bigint, $3::text) ORDER BY created_at, id LIMIT $4`,
        [conversationId, createdAt, id, limit + 1],
      );
      return pageOf(rows, messageSchema, limit, (m) => [m.createdAt, m.id]);
    },
  };
}
