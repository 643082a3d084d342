import { z } from 'zod';
import { accountIdSchema, channelNameSchema, crmLinkSchema, epochMsSchema, idSchema, operatorIdSchema } from './common.js';

/** Validates a conversation status: `open` (new messages land here) or `closed`. {@link ConversationStatus} is inferred from it. */
export const conversationStatusSchema = z.enum(['open', 'closed']);
/** `open` or `closed`; inferred from {@link conversationStatusSchema}. */
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

/** Why a conversation was closed: handled (`completed`) or junk (`spam`, stays closed on new messages). */
export const closeReasonSchema = z.enum(['completed', 'spam']);
/** `completed` (a new customer message reopens the dialog) or `spam` (it stays closed); inferred from {@link closeReasonSchema}. */
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
  /** Every operator who has sent an outbound message in this dialog, for "replied by" filters. */
  repliedBy: z.array(operatorIdSchema).max(256).optional(),
  /** When the business first answered (for first-response-time metrics). */
  firstResponseAt: epochMsSchema.optional(),
  /**
   * VK: whether the user allows messages from the community (`message_allow` / wrote first:
   * true; `message_deny`: false). Undefined when the channel has no such rule.
   */
  messagesAllowed: z.boolean().optional(),
  /**
   * When `messagesAllowed` last changed (the provider's timestamp of the allow, deny or
   * customer message, or the time of a provider refusal), so a late event never overrides a
   * newer one. Maintained by `applyInboundToWindow` / `applyWindowFact`.
   */
  messagesAllowedAt: epochMsSchema.optional(),
  /**
   * WhatsApp: the provider timestamp of the newest customer message that came from a
   * click-to-WhatsApp ad (`referral`); a reply within 24 h of it opens a free entry point.
   */
  lastReferralAt: epochMsSchema.optional(),
  /**
   * WhatsApp: the provider's time of its latest refusal of a free-form message because the
   * 24-hour window was closed (error 131047, from a send or a failed-status webhook). Free-form
   * messages are refused locally while `lastInboundAt <= windowClosedAt`; a newer customer
   * message reopens the window. Maintained by `applyWindowFact`.
   */
  windowClosedAt: epochMsSchema.optional(),
  /** WhatsApp: end of a 72-hour free entry point (click-to-WhatsApp ad), for pricing only. */
  entryPointExpiresAt: epochMsSchema.optional(),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
  version: z.number().int().positive(),
});
/** A dialog with one contact on one channel account, versioned for optimistic concurrency; inferred from {@link conversationSchema}. */
export type Conversation = z.infer<typeof conversationSchema>;
