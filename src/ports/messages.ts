import { z } from 'zod';
import type { ConversationId, MessageId } from '../core/ids.js';
import { parseId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import { accountIdSchema, channelNameSchema, epochMsSchema } from '../model/common.js';
import type { Message } from '../model/message.js';
import { messageErrorSchema, messageSchema } from '../model/message.js';
import type { StatusApplyResult, StatusUpdate } from '../model/message-status.js';
import type { Page, PageRequest } from './page.js';
import { parsePageRequest } from './page.js';

/** The provider-side identity of a message: unique per channel account. */
export const providerMessageKeySchema = z
  .object({ channel: channelNameSchema, accountId: accountIdSchema, providerMessageId: z.string().min(1).max(512) })
  .strict();
/** `{ channel, accountId, providerMessageId }`: how status webhooks find a stored message. Inferred from {@link providerMessageKeySchema}. */
export type ProviderMessageKey = z.infer<typeof providerMessageKeySchema>;

/**
 * Validates a {@link StatusUpdate} before {@link MessageRepository.applyStatus} (strict): an
 * outbound status (`received` is refused), its time in epoch ms, and the optional error,
 * provider message id and pricing the report carried.
 */
export const statusUpdateSchema = z
  .object({
    status: z.enum(['queued', 'unknown', 'sent', 'failed', 'delivered', 'read']),
    at: epochMsSchema,
    error: messageErrorSchema.optional(),
    providerMessageId: z.string().min(1).max(512).optional(),
    pricing: z.object({ billable: z.boolean(), category: z.string().max(64).optional() }).strict().optional(),
  })
  .strict();

/** The result of {@link MessageRepository.append}. */
export interface AppendMessageResult {
  /** The stored message: the input, or the one already stored under the same key. */
  message: Message;
  /** False when a message with the same idempotency key or provider id was already stored. */
  created: boolean;
}

/**
 * Messages, unique by `idempotencyKey` and by (channel, accountId, providerMessageId); statuses
 * only move forward (see `applyStatus`).
 */
export interface MessageRepository {
  /**
   * Stores a message unless one with the same idempotency key, or the same provider id on the
   * same channel account, is stored already; then returns that one with `created: false` and
   * writes nothing. Atomic: concurrent appends of one message yield one row.
   *
   * @throws SwitchboardError `DUPLICATE` when the id is taken by a different message.
   */
  append(message: Message): Promise<AppendMessageResult>;

  /** The message with this id, or null. */
  getById(id: MessageId): Promise<Message | null>;

  /** The message stored under this idempotency key, or null. */
  getByIdempotencyKey(idempotencyKey: string): Promise<Message | null>;

  /** The message with this provider id on this channel account, or null. */
  getByProviderId(key: ProviderMessageKey): Promise<Message | null>;

  /**
   * Applies a status report with the model's `applyStatus` as one atomic read-modify-write:
   * concurrent reports in any order end in the highest-ranked status with each timestamp set
   * by its first report. Writes only when something changed.
   *
   * @throws SwitchboardError `NOT_FOUND`; `DUPLICATE` when the report's provider id belongs to
   *   another message.
   */
  applyStatus(id: MessageId, update: StatusUpdate): Promise<StatusApplyResult>;

  /**
   * A conversation's messages in the order they were stored (`createdAt`, then id), oldest
   * first. Keyset cursors: messages appended later appear on later pages, never shift earlier ones.
   */
  listByConversation(conversationId: ConversationId, page?: PageRequest): Promise<Page<Message>>;
}

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateMessageRepository(inner: MessageRepository): MessageRepository {
  return {
    append: async (message) => await inner.append(parseWith(messageSchema, message, 'messages.append message')),
    getById: async (id) => await inner.getById(parseId('msg', id, 'id')),
    getByIdempotencyKey: async (key) =>
      await inner.getByIdempotencyKey(parseWith(z.string().min(1).max(256), key, 'messages.getByIdempotencyKey idempotencyKey')),
    getByProviderId: async (key) => await inner.getByProviderId(parseWith(providerMessageKeySchema, key, 'messages.getByProviderId key')),
    applyStatus: async (id, update) => {
      const validId = parseId('msg', id, 'id');
      // zod omits absent optional keys, so the parsed object is a StatusUpdate.
      return await inner.applyStatus(validId, parseWith(statusUpdateSchema, update, 'messages.applyStatus update') as StatusUpdate);
    },
    listByConversation: async (conversationId, page) => {
      const validId = parseId('cv', conversationId, 'conversationId');
      const { cursor, limit } = parsePageRequest(page, 'messages.listByConversation');
      return await inner.listByConversation(validId, { limit, ...(cursor === undefined ? {} : { cursor }) });
    },
  };
}
