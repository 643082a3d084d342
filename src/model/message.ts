import { z } from 'zod';
import { accountIdSchema, channelNameSchema, epochMsSchema, idSchema, operatorIdSchema } from './common.js';

/** A file attached to a message; by provider media id or by URL. */
export const attachmentSchema = z
  .object({
    kind: z.enum(['image', 'video', 'audio', 'document', 'sticker']),
    mediaId: z.string().min(1).max(256).optional(),
    url: z.url().max(2048).optional(),
    mimeType: z.string().max(128).optional(),
    filename: z.string().max(256).optional(),
    caption: z.string().max(1024).optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
    sha256: z.string().max(128).optional(),
  })
  .refine((a) => a.mediaId !== undefined || a.url !== undefined, { message: 'An attachment needs a mediaId or a url' });
export type Attachment = z.infer<typeof attachmentSchema>;

/** The most attachments one CRM message may carry (they may go out as several provider messages). */
export const MAX_ATTACHMENTS = 5;

export const messageContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(65_536), previewUrl: z.boolean().optional() }),
  z.object({
    type: z.literal('template'),
    name: z.string().min(1).max(512),
    language: z.string().min(2).max(16),
    /** Provider parameters as rendered: positional (`['Ivan', '#123']`) or named. */
    parameters: z.union([z.array(z.string()), z.record(z.string(), z.string())]),
    /** The text the customer sees, for the conversation view. */
    preview: z.string().max(65_536).optional(),
  }),
  z.object({
    type: z.literal('media'),
    attachments: z.array(attachmentSchema).min(1).max(MAX_ATTACHMENTS),
    text: z.string().max(65_536).optional(),
  }),
  z.object({ type: z.literal('reaction'), emoji: z.string().max(16), targetProviderMessageId: z.string().max(512) }),
  z.object({ type: z.literal('interactive_reply'), replyId: z.string().max(512), title: z.string().max(1024) }),
  z.object({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1024).optional(),
    address: z.string().max(1024).optional(),
  }),
  /** A message type the adapter does not model; kept rather than failing the batch. */
  z.object({ type: z.literal('unsupported'), providerType: z.string().max(64), description: z.string().max(1024).optional() }),
]);
export type MessageContent = z.infer<typeof messageContentSchema>;

export const messageDirectionSchema = z.enum(['inbound', 'outbound']);
export type MessageDirection = z.infer<typeof messageDirectionSchema>;

/**
 * Delivery status. Inbound messages are `received`. Outbound ones move along
 * `queued → unknown → sent → failed → delivered → read` by rank (see `applyStatus`):
 * `unknown` is a send whose outcome is not known yet (timeout after the request left).
 */
export const messageStatusSchema = z.enum(['received', 'queued', 'unknown', 'sent', 'failed', 'delivered', 'read']);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const messageErrorSchema = z.object({
  code: z.string().max(64),
  message: z.string().max(2048),
  provider: z.string().max(32).optional(),
  providerCode: z.union([z.number(), z.string().max(64)]).optional(),
  retryable: z.boolean().optional(),
});
export type MessageError = z.infer<typeof messageErrorSchema>;

/** Set-once timestamps: the first report of each status wins. */
export const statusTimestampsSchema = z.object({
  received: epochMsSchema.optional(),
  queued: epochMsSchema.optional(),
  unknown: epochMsSchema.optional(),
  sent: epochMsSchema.optional(),
  delivered: epochMsSchema.optional(),
  read: epochMsSchema.optional(),
  failed: epochMsSchema.optional(),
});
export type StatusTimestamps = z.infer<typeof statusTimestampsSchema>;

export const messageSchema = z.object({
  id: idSchema('msg'),
  conversationId: idSchema('cv'),
  contactId: idSchema('ct'),
  channel: channelNameSchema,
  accountId: accountIdSchema,
  direction: messageDirectionSchema,
  content: messageContentSchema,
  /**
   * Unique per message. Outbound: the caller's key (or a generated one); a repeat send with the
   * same key is the same message. Inbound: derived from the provider's message id.
   */
  idempotencyKey: z.string().min(1).max(256),
  /** The provider's id (WhatsApp wamid, VK conversation_message_id or message id). */
  providerMessageId: z.string().min(1).max(512).optional(),
  status: messageStatusSchema,
  timestamps: statusTimestampsSchema,
  /** The provider's timestamp of the message itself (inbound), epoch ms. */
  providerTimestamp: epochMsSchema.optional(),
  error: messageErrorSchema.optional(),
  /** The operator who sent an outbound message. */
  operatorId: operatorIdSchema.optional(),
  /** The provider id of the message this one replies to. */
  replyTo: z.string().max(512).optional(),
  /** Whether the provider reported this message billable, and in which pricing category. */
  pricing: z.object({ billable: z.boolean(), category: z.string().max(64).optional() }).optional(),
  createdAt: epochMsSchema,
});
export type Message = z.infer<typeof messageSchema>;
