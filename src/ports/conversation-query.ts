import { z } from 'zod';
import { accountIdSchema, channelNameSchema, crmLinkSchema, epochMsSchema, idSchema, operatorIdSchema } from '../model/common.js';
import type { Conversation } from '../model/conversation.js';
import { conversationStatusSchema } from '../model/conversation.js';

const durationSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const boundSchema = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

/**
 * Filters for `conversations.list`; all given filters must hold. Duration filters are relative
 * to `now`, which the caller passes (usually `clock.now()`) so results are deterministic.
 */
export const conversationQuerySchema = z
  .object({
    status: conversationStatusSchema.optional(),
    /** An operator id, or null for unassigned dialogs. */
    assigneeId: operatorIdSchema.nullable().optional(),
    channel: channelNameSchema.optional(),
    accountId: accountIdSchema.optional(),
    ownerId: operatorIdSchema.optional(),
    contactId: idSchema('ct').optional(),
    /** Dialogs linked to this CRM record. */
    link: crmLinkSchema.optional(),
    /** The customer's last message is at least this old (ms) and nobody answered after it. */
    unrepliedFor: durationSchema.optional(),
    /** The business answered within this many ms before `now`. */
    repliedWithin: durationSchema.optional(),
    /** The last message either way is within this many ms before `now`. */
    lastMessageWithin: durationSchema.optional(),
    /** This operator has replied in the dialog (see `Conversation.repliedBy`). */
    repliedBy: operatorIdSchema.optional(),
    /**
     * The customer's last message is in `[from, to]`, both bounds inclusive (the shape the
     * window-query helpers produce). Bounds may lie before the epoch; such a range simply
     * matches less.
     */
    lastInboundBetween: z.object({ from: boundSchema, to: boundSchema }).strict().optional(),
    /** true: the customer's last message has no answer after it; false: it has one, or there is none. */
    unanswered: z.boolean().optional(),
    /** The time duration filters are measured from; required with any of them. */
    now: epochMsSchema.optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    const durations = ['unrepliedFor', 'repliedWithin', 'lastMessageWithin'] as const;
    if (query.now === undefined && durations.some((key) => query[key] !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['now'], message: 'now is required with unrepliedFor, repliedWithin or lastMessageWithin' });
    }
    if (query.lastInboundBetween !== undefined && query.lastInboundBetween.from > query.lastInboundBetween.to) {
      ctx.addIssue({ code: 'custom', path: ['lastInboundBetween', 'from'], message: 'from must not be after to' });
    }
  });
/** The storage-level filters of {@link ConversationRepository.list}, durations in ms from `now`; inferred from {@link conversationQuerySchema}. */
export type ConversationQuery = z.infer<typeof conversationQuerySchema>;

/** The time of a dialog's newest activity: its last message either way, else its creation. */
export function conversationActivityAt(conversation: Conversation): number {
  return Math.max(conversation.createdAt, conversation.lastInboundAt ?? 0, conversation.lastOutboundAt ?? 0);
}

/** True when the customer's last message has no outbound message at or after it. */
export function isUnanswered(conversation: Conversation): boolean {
  const inbound = conversation.lastInboundAt;
  if (inbound === undefined) return false;
  return conversation.lastOutboundAt === undefined || conversation.lastOutboundAt < inbound;
}

/**
 * The reference semantics of {@link ConversationQuery}: true when `conversation` passes every
 * filter. Database implementations translate the same rules into their query language; the
 * contract checks they agree.
 */
export function matchesConversationQuery(conversation: Conversation, query: ConversationQuery): boolean {
  const c = conversation;
  const now = query.now ?? 0;
  const lastMessageAt = Math.max(c.lastInboundAt ?? -1, c.lastOutboundAt ?? -1);
  const checks: boolean[] = [
    query.status === undefined || c.status === query.status,
    query.assigneeId === undefined || c.assigneeId === query.assigneeId,
    query.channel === undefined || c.channel === query.channel,
    query.accountId === undefined || c.accountId === query.accountId,
    query.ownerId === undefined || c.ownerId === query.ownerId,
    query.contactId === undefined || c.contactId === query.contactId,
    query.link === undefined || c.links.some((l) => l.type === query.link?.type && l.id === query.link.id),
    query.unrepliedFor === undefined || (isUnanswered(c) && (c.lastInboundAt ?? now) <= now - query.unrepliedFor),
    query.repliedWithin === undefined || (c.lastOutboundAt !== undefined && c.lastOutboundAt >= now - query.repliedWithin),
    query.lastMessageWithin === undefined || (lastMessageAt >= 0 && lastMessageAt >= now - query.lastMessageWithin),
    query.repliedBy === undefined || (c.repliedBy ?? []).includes(query.repliedBy),
    query.lastInboundBetween === undefined ||
      (c.lastInboundAt !== undefined && c.lastInboundAt >= query.lastInboundBetween.from && c.lastInboundAt <= query.lastInboundBetween.to),
    query.unanswered === undefined || isUnanswered(c) === query.unanswered,
  ];
  return checks.every(Boolean);
}

/** Listing order: newest activity first, then id descending; the cursor key is `[activityAt, id]`. */
export function compareConversationsForList(a: Conversation, b: Conversation): number {
  const byActivity = conversationActivityAt(b) - conversationActivityAt(a);
  if (byActivity !== 0) return byActivity;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
