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
/** A file on a message, identified by provider `mediaId` or by `url` (at least one is present); inferred from {@link attachmentSchema}. */
export type Attachment = z.infer<typeof attachmentSchema>;

/** The most attachments one CRM message may carry (they may go out as several provider messages). */
export const MAX_ATTACHMENTS = 5;

/**
 * Validates a message body, discriminated by `type`: `text`, `template` (name, language, rendered
 * parameters and optional header/buttons), `media` (1–{@link MAX_ATTACHMENTS} attachments plus an
 * optional caption), `reaction`, `interactive_reply` (a tapped button or list row), `location`,
 * or `unsupported` (a provider type Switchboard does not model, kept instead of dropped).
 * {@link MessageContent} is inferred from it.
 */
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
    /**
     * Header and button parameters as rendered (the provider-ready parts besides the body), so a
     * queued template can be sent again exactly as rendered, e.g. by the outbox after a restart.
     */
    header: z
      .union([
        z.object({ type: z.literal('text'), parameters: z.union([z.array(z.string()), z.record(z.string(), z.string())]) }),
        z.object({
          type: z.enum(['image', 'video', 'document']),
          mediaId: z.string().max(256).optional(),
          link: z.string().max(2048).optional(),
          filename: z.string().max(256).optional(),
        }),
      ])
      .optional(),
    buttons: z
      .array(z.object({ index: z.number().int().min(0).max(9), subType: z.enum(['url', 'copy_code', 'quick_reply']), parameter: z.string().max(2048) }))
      .max(10)
      .optional(),
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
/** The body of a message, discriminated by `type`; inferred from {@link messageContentSchema}. */
export type MessageContent = z.infer<typeof messageContentSchema>;

/** Validates a message direction: `inbound` (from the customer) or `outbound` (from the business). {@link MessageDirection} is inferred from it. */
export const messageDirectionSchema = z.enum(['inbound', 'outbound']);
/** `inbound` (customer → business) or `outbound` (business → customer); inferred from {@link messageDirectionSchema}. */
export type MessageDirection = z.infer<typeof messageDirectionSchema>;

/**
 * Delivery status. Inbound messages are `received`. Outbound ones move along
 * `queued → unknown → sent → failed → delivered → read` by rank (see `applyStatus`):
 * `unknown` is a send whose outcome is not known yet (timeout after the request left).
 */
export const messageStatusSchema = z.enum(['received', 'queued', 'unknown', 'sent', 'failed', 'delivered', 'read']);
/** A message's delivery status (`received` for inbound; ranked `queued` … `read` for outbound); inferred from {@link messageStatusSchema}. */
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/**
 * Validates why an outbound message failed: Switchboard's error `code` and `message`, plus the
 * `provider` and its own `providerCode` when the provider refused, and whether a retry may help.
 * {@link MessageError} is inferred from it.
 */
export const messageErrorSchema = z.object({
  code: z.string().max(64),
  message: z.string().max(2048),
  provider: z.string().max(32).optional(),
  providerCode: z.union([z.number(), z.string().max(64)]).optional(),
  retryable: z.boolean().optional(),
});
/** The failure recorded on a `failed` message; inferred from {@link messageErrorSchema}. */
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
/** When each status was first reached, epoch ms (set once, never overwritten); inferred from {@link statusTimestampsSchema}. */
export type StatusTimestamps = z.infer<typeof statusTimestampsSchema>;

/**
 * Validates a stored message: ids of its conversation and contact, direction, content, the
 * idempotency key that makes sends and inbound deliveries exactly-once, the provider's id,
 * status with set-once {@link StatusTimestamps}, and an optional {@link MessageError}.
 * {@link Message} is inferred from it.
 */
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
/** One inbound or outbound message in a conversation; inferred from {@link messageSchema}. */
export type Message = z.infer<typeof messageSchema>;
