import type { Conversation } from '../model/conversation.js';
import { invalidPolicyInput } from './errors.js';
import { toDurationMs, toEpochMs } from './timestamps.js';
import type { WindowRuleSource } from './window-rule.js';
import { resolveWindowRule } from './window-rule.js';

/**
 * A conversation-list filter in the shape the conversation repository accepts. Both bounds of
 * `lastInboundBetween` are **inclusive** epoch milliseconds; `unanswered: true` keeps
 * conversations whose newest customer message has no later reply
 * (`lastOutboundAt === undefined || lastOutboundAt < lastInboundAt`).
 */
export interface WindowConversationFilter {
  lastInboundBetween: { from: number; to: number };
  unanswered?: boolean;
  now: number;
}

/**
 * The channel's window rule (as `rule` or `capabilities`) and the current time (epoch ms), for
 * building conversation-list filters that agree with {@link checkWindow}.
 */
export type WindowQueryInput = WindowRuleSource & {
  /** The current time, epoch ms (from the injected clock). */
  now: number;
  /** The same safety margin the send path uses, so the list agrees with `checkWindow`. */
  safetyMarginMs?: number | undefined;
};

/**
 * "Reply soon": conversations whose free-form window is open now and closes within `within`
 * ms (`now < closesAt <= now + within`). Returns `null` for rules without a time limit
 * (`permission`, `none`): nothing there closes by time.
 */
export function windowClosingWithinFilter(input: WindowQueryInput & { within: number }): WindowConversationFilter | null {
  const within = toDurationMs(input.within, 'within');
  const session = sessionBounds(input);
  if (session === null) return null;
  const { now, closedUpTo } = session;
  return { lastInboundBetween: { from: closedUpTo + 1, to: closedUpTo + within }, now };
}

/**
 * Conversations whose free-form window is closed and whose customer is still waiting for an
 * answer (a template is the only way to reach them). Returns `null` for rules without a time
 * limit; on a `permission` channel a closed conversation is one with `messagesAllowed === false`.
 */
export function closedUnansweredFilter(input: WindowQueryInput): WindowConversationFilter | null {
  const session = sessionBounds(input);
  if (session === null) return null;
  return { lastInboundBetween: { from: 0, to: session.closedUpTo }, unanswered: true, now: session.now };
}

/** The in-memory meaning of a {@link WindowConversationFilter}, for tests and the memory store. */
export function matchesWindowFilter(
  conversation: Partial<Pick<Conversation, 'lastInboundAt' | 'lastOutboundAt'>>,
  filter: WindowConversationFilter,
): boolean {
  const last = conversation.lastInboundAt;
  if (last === undefined || last < filter.lastInboundBetween.from || last > filter.lastInboundBetween.to) return false;
  if (filter.unanswered === undefined) return true;
  const unanswered = conversation.lastOutboundAt === undefined || conversation.lastOutboundAt < last;
  return unanswered === filter.unanswered;
}

/** For a session rule: `closedUpTo` is the newest `lastInboundAt` whose window is closed at `now`. */
function sessionBounds(input: WindowQueryInput): { now: number; closedUpTo: number } | null {
  const rule = resolveWindowRule(input);
  const now = toEpochMs(input.now, 'now');
  if (rule.kind !== 'session') return null;
  const margin = toDurationMs(input.safetyMarginMs ?? 0, 'safetyMarginMs');
  if (margin >= rule.durationMs) throw invalidPolicyInput('safetyMarginMs', `must be shorter than the window (${rule.durationMs} ms)`);
  // Open at `now` ⇔ now < last + duration - margin ⇔ last > now - duration + margin.
  return { now, closedUpTo: now - rule.durationMs + margin };
}
