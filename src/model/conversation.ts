import { z } from 'zod';
import { accountIdSchema, channelNameSchema, crmLinkSchema, epochMsSchema, idSchema, operatorIdSchema } from './common.js';

export const conversationStatusSchema = z.enum(['open', 'closed']);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

/** Why a conversation was closed: handled (`completed`) or junk (`spam`, stays closed on new messages). */
export const closeReasonSchema = z.enum(['completed', 'spam']);
export type CloseReason = z.infer<typeof closeReasonSchema>;

/**
 * A dialog between the business (one channel account) and one contact.
 *
 * `version` starts at 1 and grows by one on every update; repositories compare it to refuse
 * lost updates. Timestamps are epoch milliseconds; `lastInboundAt` is the provider's timestamp
 * of the newest customer message and never moves backwards.
 */
export const conversationSchema = z.object({
  id: idSchema('cv'),
  channel: channelNameSchema,
  accountId: accountIdSchema,
  contactId: idSchema('ct'),
  status: conversationStatusSchema,
  closeReason: closeReasonSchema.optional(),
  closedAt: epochMsSchema.optional(),
  /** The operator who claimed the dialog, or null while unclaimed. */
  assigneeId: operatorIdSchema.nullable(),
  /** Operators invited into the dialog (the assignee is not repeated here). */
  participants: z.array(operatorIdSchema).max(64),
  /** The CRM record's owner (e.g. the lead's owner), for "owner" filters. */
  ownerId: operatorIdSchema.optional(),
  /** CRM records this dialog belongs to; kept across lead → contact → order conversion. */
  links: z.array(crmLinkSchema).max(32),
  /** A title for lists, e.g. "Shop group: Ivan Petrov". */
  title: z.string().max(512).optional(),
  lastInboundAt: epochMsSchema.optional(),
  lastOutboundAt: epochMsSchema.optional(),
  /** The operator who sent the last outbound message. */
  lastRepliedBy: operatorIdSchema.optional(),
  /** When the business first answered (for first-response-time metrics). */
  firstResponseAt: epochMsSchema.optional(),
  /**
   * VK: whether the user allows messages from the community (`message_allow` / wrote first:
   * true; `message_deny`: false). Undefined when the channel has no such rule.
   */
  messagesAllowed: z.boolean().optional(),
  /** WhatsApp: end of a 72-hour free entry point (click-to-WhatsApp ad), for pricing only. */
  entryPointExpiresAt: epochMsSchema.optional(),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
  version: z.number().int().positive(),
});
export type Conversation = z.infer<typeof conversationSchema>;
