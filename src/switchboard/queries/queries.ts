import { z } from 'zod';
import { SwitchboardError } from '../../core/errors.js';
import type { ConversationId } from '../../core/ids.js';
import { parseId } from '../../core/ids.js';
import { parseWith } from '../../core/validation.js';
import { crmLinkSchema, channelNameSchema, accountIdSchema, idSchema, operatorIdSchema } from '../../model/common.js';
import type { Conversation } from '../../model/conversation.js';
import { conversationStatusSchema } from '../../model/conversation.js';
import type { Message } from '../../model/message.js';
import { windowClosingWithinFilter } from '../../policy/window-queries.js';
import type { ConversationQuery } from '../../ports/conversation-query.js';
import type { Page, PageRequest } from '../../ports/page.js';
import type { SwitchboardContext } from '../context.js';
import { durationSchema } from './duration.js';
import type { Duration } from './duration.js';

/**
 * Filters of {@link Queries.conversations}`.list`; every given filter must hold. Durations are
 * measured back from the Switchboard clock's now.
 */
export interface ConversationFilters {
  status?: 'open' | 'closed';
  /** An operator id, or null for unclaimed dialogs. */
  assignee?: string | null;
  channel?: string;
  accountId?: string;
  /** The CRM record owner (`Conversation.ownerId`). */
  owner?: string;
  contactId?: string;
  /** Dialogs linked to this CRM record. */
  link?: { type: string; id: string };
  /** The customer's last message has waited at least this long without an answer. */
  unrepliedFor?: Duration;
  /** The business answered within this long. */
  repliedWithin?: Duration;
  /** The last message either way is within this long. */
  lastMessageWithin?: Duration;
  /** This operator has replied in the dialog. */
  repliedBy?: string;
  /**
   * The free-form window is open and closes within this long ("reply soon"). Uses the channel's
   * window rule and the policy's safety margin, so it agrees with what `send` allows. Channels
   * without a time limit (VK) never match. When several configured channels have time windows,
   * give `channel` too.
   */
  windowClosingWithin?: Duration;
}

const filtersSchema = z
  .object({
    status: conversationStatusSchema.optional(),
    assignee: operatorIdSchema.nullable().optional(),
    channel: channelNameSchema.optional(),
    accountId: accountIdSchema.optional(),
    owner: operatorIdSchema.optional(),
    contactId: idSchema('ct').optional(),
    link: crmLinkSchema.strict().optional(),
    unrepliedFor: durationSchema.optional(),
    repliedWithin: durationSchema.optional(),
    lastMessageWithin: durationSchema.optional(),
    repliedBy: operatorIdSchema.optional(),
    windowClosingWithin: durationSchema.optional(),
  })
  .strict();

/** Read-only views for the CRM's lists and conversation screen. */
export interface Queries {
  conversations: {
    /**
     * One list across channels, newest activity first (last message either way), filtered;
     * keyset-paged with `page.cursor` from the previous page's `nextCursor`.
     * @throws SwitchboardError `INVALID_INPUT` (unknown filter, bad duration),
     *   `INVALID_CURSOR`, `UNKNOWN_CHANNEL` (a `windowClosingWithin` channel that is not configured).
     * @example await sb.conversations.list({ status: 'open', unrepliedFor: { days: 2 } })
     */
    list(filters?: ConversationFilters, page?: PageRequest): Promise<Page<Conversation>>;
    /** The conversation, or null. */
    get(conversationId: ConversationId): Promise<Conversation | null>;
  };
  messages: {
    /**
     * A conversation's messages oldest first, with their attachments (`content.attachments`).
     * @throws SwitchboardError `CONVERSATION_NOT_FOUND`.
     */
    list(conversationId: ConversationId, page?: PageRequest): Promise<Page<Message>>;
  };
}

/** Builds the queries over the context's store, clock, channels and policy. */
export function createQueries(ctx: Pick<SwitchboardContext, 'store' | 'clock' | 'channels' | 'policy'>): Queries {
  return {
    conversations: {
      list: async (filters = {}, page) => {
        const query = toStoreQuery(ctx, parseWith(filtersSchema, filters, 'conversations.list filters'));
        if (query === null) return { items: [], nextCursor: null };
        return await ctx.store.conversations.list(query, page);
      },
      get: async (conversationId) => await ctx.store.conversations.get(parseId('cv', conversationId, 'conversationId')),
    },
    messages: {
      list: async (conversationId, page) => {
        const id = parseId('cv', conversationId, 'conversationId');
        if ((await ctx.store.conversations.get(id)) === null) {
          throw new SwitchboardError('CONVERSATION_NOT_FOUND', `Conversation ${id} does not exist`, { details: { conversationId: id } });
        }
        return await ctx.store.messages.listByConversation(id, page);
      },
    },
  };
}

type ParsedFilters = z.output<typeof filtersSchema>;

/** The store query for the filters, or null when nothing can match. */
function toStoreQuery(ctx: Pick<SwitchboardContext, 'clock' | 'channels' | 'policy'>, f: ParsedFilters): ConversationQuery | null {
  const now = ctx.clock.now();
  const query: ConversationQuery = {
    ...(f.status === undefined ? {} : { status: f.status }),
    ...(f.assignee === undefined ? {} : { assigneeId: f.assignee }),
    ...(f.channel === undefined ? {} : { channel: f.channel }),
    ...(f.accountId === undefined ? {} : { accountId: f.accountId }),
    ...(f.owner === undefined ? {} : { ownerId: f.owner }),
    ...(f.contactId === undefined ? {} : { contactId: f.contactId }),
    ...(f.link === undefined ? {} : { link: f.link }),
    ...(f.unrepliedFor === undefined ? {} : { unrepliedFor: f.unrepliedFor }),
    ...(f.repliedWithin === undefined ? {} : { repliedWithin: f.repliedWithin }),
    ...(f.lastMessageWithin === undefined ? {} : { lastMessageWithin: f.lastMessageWithin }),
    ...(f.repliedBy === undefined ? {} : { repliedBy: f.repliedBy }),
    now,
  };
  if (f.windowClosingWithin === undefined) return query;
  return withClosingWindow(ctx, query, f.windowClosingWithin, now);
}

function withClosingWindow(
  ctx: Pick<SwitchboardContext, 'channels' | 'policy'>,
  query: ConversationQuery,
  within: number,
  now: number,
): ConversationQuery | null {
  const adapters = query.channel === undefined
    ? ctx.channels.all().filter((a) => query.accountId === undefined || a.accountId === query.accountId)
    : [ctx.channels.get(query.channel, query.accountId)];
  const timed = new Map<string, NonNullable<ReturnType<typeof windowClosingWithinFilter>>>();
  for (const adapter of adapters) {
    const filter = windowClosingWithinFilter({ capabilities: adapter.capabilities, now, within, safetyMarginMs: ctx.policy.windowSafetyMarginMs });
    if (filter !== null && !timed.has(adapter.channel)) timed.set(adapter.channel, filter);
  }
  if (timed.size === 0) return null;
  if (timed.size > 1) {
    throw new SwitchboardError('INVALID_INPUT', `windowClosingWithin: several channels have time windows (${[...timed.keys()].join(', ')}); give channel too`, {
      field: 'filters.channel',
      remedy: 'fix_input',
    });
  }
  const [[channel, filter]] = [...timed] as [[string, NonNullable<ReturnType<typeof windowClosingWithinFilter>>]];
  // The policy filter's bounds are inclusive; the store's `lastInboundBetween.to` is exclusive.
  return { ...query, channel, lastInboundBetween: { from: filter.lastInboundBetween.from, to: filter.lastInboundBetween.to + 1 } };
}
