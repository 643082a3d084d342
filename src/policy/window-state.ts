import type { InboundEvent, WindowRule } from '../channels/adapter.js';
import { DAY, HOUR, MINUTE } from '../core/clock.js';
import type { Conversation } from '../model/conversation.js';
import { invalidPolicyInput } from './errors.js';
import { formatTime, toDurationMs, toEpochMs } from './timestamps.js';

/**
 * The part of a conversation the window guard reads and the reducers write. A full
 * `Conversation` fits; the reducers return the same type they are given.
 */
export type ConversationWindowState = {
  [K in 'lastInboundAt' | 'messagesAllowed' | 'messagesAllowedAt' | 'lastReferralAt' | 'entryPointExpiresAt' | 'windowClosedAt']?: Conversation[K] | undefined;
};

/**
 * A fact that moves a window, already separated from the provider event it came from:
 * - `customer_message`: the customer wrote (opens or refreshes a session window; on a
 *   permission channel it also counts as permission, VK's "wrote first");
 * - `permission`: the user allowed or denied messages (VK `message_allow` / `message_deny`),
 *   or a provider refusal proved they are not allowed (see `classifyProviderRefusal`);
 * - `window_closed`: the provider refused a free-form message because its session window is
 *   closed (WhatsApp 131047): free-form stays refused until a newer customer message.
 */
export type WindowFact =
  | { type: 'customer_message'; timestamp: number; fromAd?: boolean }
  | { type: 'permission'; allowed: boolean; timestamp: number }
  | { type: 'window_closed'; timestamp: number };

/** What {@link applyInboundToWindow} and {@link applyWindowFact} need besides the state and the event. */
export interface WindowReducerOptions {
  /** The channel's rule (`adapter.capabilities.window`). */
  rule: WindowRule;
  /** The time the event is processed (epoch ms, from the injected clock). */
  now: number;
  /**
   * How far a provider timestamp may be ahead of `now` and still be accepted (clamped to
   * `now`); further ahead is refused as bad input. Default 5 minutes.
   */
  maxClockSkewMs?: number | undefined;
}

/** Default tolerance for provider clocks running ahead of ours. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * MINUTE;

/**
 * Which inbound events move the window. Only a customer message whose adapter marked it
 * `refreshesWindow` (reactions are not) counts as a customer message; on a `permission`
 * channel a `consent.changed` for purpose `all` is the user's allow/deny. Statuses, echoes of
 * our own messages, edits, typing, button callbacks, template and account events return `null`.
 */
export function windowFactFromInbound(event: InboundEvent, rule: WindowRule): WindowFact | null {
  if (event.type === 'message.received') {
    if (!event.refreshesWindow) return null;
    return { type: 'customer_message', timestamp: event.timestamp, ...(event.referral === undefined ? {} : { fromAd: true }) };
  }
  if (event.type === 'consent.changed' && event.purpose === 'all' && rule.kind === 'permission') {
    return { type: 'permission', allowed: event.status === 'opted_in', timestamp: event.timestamp };
  }
  return null;
}

/**
 * The reducer the inbound pipeline calls for every event: returns the window state after
 * `event`. Pure; returns the very same object when the event changes nothing (so the caller
 * can skip a write).
 *
 * Guarantees (property-tested): the result does not depend on the order or repetition of
 * events; `lastInboundAt` never decreases; a late allow never overrides a newer deny.
 *
 * @throws SwitchboardError `INVALID_INPUT` when the event's timestamp is missing, negative,
 *   not a number, or more than `maxClockSkewMs` ahead of `now`.
 */
export function applyInboundToWindow<S extends ConversationWindowState>(state: S, event: InboundEvent, options: WindowReducerOptions): S {
  const fact = windowFactFromInbound(event, options.rule);
  return fact === null ? state : applyWindowFact(state, fact, options);
}

/**
 * Applies one {@link WindowFact}. Timestamps are provider time: seconds are detected and
 * converted; a timestamp up to `maxClockSkewMs` in the future is clamped to `now` (the
 * customer cannot have written after we received it); `lastInboundAt` keeps the maximum.
 * Permission changes are last-writer-wins by timestamp, a deny winning a tie. A provider's
 * `window_closed` keeps the newest refusal time in `windowClosedAt`; it closes the session
 * window only until a customer message newer than it (see `checkWindow`).
 */
export function applyWindowFact<S extends ConversationWindowState>(state: S, fact: WindowFact, options: WindowReducerOptions): S {
  const now = toEpochMs(options.now, 'now');
  const skew = toDurationMs(options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS, 'maxClockSkewMs');
  const raw = toEpochMs(fact.timestamp, 'event.timestamp');
  if (raw > now + skew) {
    throw invalidPolicyInput('event.timestamp', `${formatTime(raw)} is more than ${skew} ms ahead of now (${formatTime(now)})`);
  }
  const at = Math.min(raw, now);
  let next: S = state;
  if (fact.type === 'customer_message') {
    if (state.lastInboundAt === undefined || at > state.lastInboundAt) next = { ...next, lastInboundAt: at };
    if (fact.fromAd === true && (state.lastReferralAt === undefined || at > state.lastReferralAt)) next = { ...next, lastReferralAt: at };
    if (options.rule.kind === 'permission') next = withPermission(next, true, at);
  } else if (fact.type === 'permission') {
    next = withPermission(next, fact.allowed, at);
  } else if (state.windowClosedAt === undefined || at > state.windowClosedAt) {
    next = { ...next, windowClosedAt: at };
  }
  return next;
}

function withPermission<S extends ConversationWindowState>(state: S, allowed: boolean, at: number): S {
  const since = state.messagesAllowedAt;
  if (since !== undefined) {
    if (at < since) return state;
    // Same millisecond: a deny wins, so an allow changes nothing and a repeated deny neither.
    if (at === since && (allowed || state.messagesAllowed === false)) return state;
  }
  return { ...state, messagesAllowed: allowed, messagesAllowedAt: at };
}

/** WhatsApp free entry point: how long after a click-to-WhatsApp message a reply opens it, and for how long. */
export const FREE_ENTRY_POINT = { replyWithinMs: 24 * HOUR, durationMs: 3 * DAY } as const;

/**
 * Records a WhatsApp free entry point (pricing only; it never widens the free-form window).
 * Call it when a reply is sent: if the conversation's newest ad-referred customer message
 * (`lastReferralAt`) is less than 24 h old at `repliedAt` and no entry point is open, one opens
 * for 72 h from the reply. Returns the same object when nothing changes.
 */
export function recordEntryPoint<S extends ConversationWindowState>(state: S, input: { repliedAt: number }): S {
  const repliedAt = toEpochMs(input.repliedAt, 'repliedAt');
  const referralAt = state.lastReferralAt;
  if (referralAt === undefined) return state;
  if (repliedAt < referralAt || repliedAt >= referralAt + FREE_ENTRY_POINT.replyWithinMs) return state;
  if (state.entryPointExpiresAt !== undefined && repliedAt < state.entryPointExpiresAt) return state;
  return { ...state, entryPointExpiresAt: repliedAt + FREE_ENTRY_POINT.durationMs };
}
