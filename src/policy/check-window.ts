import type { WindowRule } from '../channels/adapter.js';
import type { SwitchboardError } from '../core/errors.js';
import type { PolicyErrorCode } from './errors.js';
import { invalidPolicyInput, policyError } from './errors.js';
import { formatTime, toDurationMs, toEpochMs, toOptionalEpochMs } from './timestamps.js';
import type { WindowRuleSource } from './window-rule.js';
import { resolveWindowRule } from './window-rule.js';
import type { ConversationWindowState } from './window-state.js';

/** A free-form message (text, media, reaction, ...) or a provider-approved template. */
export type MessageKind = 'free_form' | 'template';

/**
 * The input of {@link checkWindow}: the channel's window rule (as `rule` or as the adapter's
 * `capabilities`), the conversation's window state, the decision time and the kind of message.
 * Times are epoch milliseconds.
 */
export type CheckWindowInput = WindowRuleSource & {
  /** The conversation (or any object with its window fields). */
  conversation?: ConversationWindowState | undefined;
  /** Shorthand for `conversation: { lastInboundAt }`; give one or the other. */
  lastInboundAt?: number | undefined;
  /** The time of the decision (epoch ms, from the injected clock). */
  now: number;
  kind: MessageKind;
  /**
   * Session rules: refuse free-form this long before the window really closes, so a message
   * queued or retried near the boundary does not reach the provider late. Default 0.
   */
  safetyMarginMs?: number | undefined;
};

/** Why free-form (or, on permission channels, any) messaging is refused. */
export type WindowClosedReason =
  /** Session rule: the customer never wrote. */
  | 'no_inbound'
  /** Session rule: more than the window's duration since the customer's last message. */
  | 'expired'
  /** Session rule: the window is still open at the provider but inside the safety margin. */
  | 'safety_margin'
  /** Session rule: the provider refused a free-form message as outside its window (WhatsApp 131047) after the customer's last message. */
  | 'closed_by_provider'
  /** Permission rule: the user denied messages, or the provider refused a reply (VK 901/950). */
  | 'denied'
  /** Permission rule: the user never wrote and never allowed messages. */
  | 'not_permitted';

/** A {@link checkWindow} decision that lets the message go out now, with the window's state for the UI. */
export interface WindowAllowed {
  allowed: true;
  kind: MessageKind;
  rule: WindowRule['kind'];
  /** Whether the free-form window is open now (templates may be sent either way). */
  windowOpen: boolean;
  /**
   * When free-form messages stop being allowed (safety margin applied). Present only for an
   * open session window; permission and `none` rules have no time limit.
   */
  closesAt?: number;
  /** WhatsApp: a free entry point (click-to-WhatsApp ad) is open; for pricing only. */
  freeEntryPoint: boolean;
}

/**
 * A {@link checkWindow} refusal: why the window is closed and what to do instead.
 * {@link windowRefusalError} turns it into the `WINDOW_CLOSED` error the send path throws, with
 * the same `remedy` and the decision in `details`.
 */
export interface WindowRefused {
  allowed: false;
  code: 'WINDOW_CLOSED';
  kind: MessageKind;
  rule: WindowRule['kind'];
  reason: WindowClosedReason;
  /** `template` on session channels with templates; `ask_permission` on permission channels. */
  remedy: 'template' | 'ask_permission' | 'none';
  /**
   * Session rule: when free-form stopped being allowed (safety margin applied); permission
   * rule: when the deny was recorded. Absent when the window never opened.
   */
  closedAt?: number;
}

/** The answer of {@link checkWindow}; narrow it on `allowed`. It is a value, never thrown. */
export type WindowDecision = WindowAllowed | WindowRefused;

/**
 * Decides whether a message of `kind` may go out now under the channel's window rule. Pure
 * and deterministic: the same input gives the same decision, the clock is `now`.
 *
 * - `session {durationMs}` (WhatsApp, 24 h): free-form is allowed in
 *   `[lastInboundAt, lastInboundAt + durationMs - safetyMarginMs)`; templates at any time.
 *   A `lastInboundAt` after `now` (another instance's clock ahead) counts as open. When the
 *   provider refused a free-form message as outside its window (`windowClosedAt`, WhatsApp
 *   131047), free-form is refused while `lastInboundAt <= windowClosedAt` (reason
 *   `closed_by_provider`): the provider's clock wins until the customer writes again.
 * - `permission` (VK): every message is allowed while the user allows messages
 *   (`messagesAllowed`, or a customer message on record when the flag was never set), refused
 *   after a deny with remedy `ask_permission`. VK's reply-timeout (950) and intent (943/944)
 *   errors are not predicted here; they are classified when they come back.
 * - `none`: always allowed.
 *
 * @example
 * const decision = checkWindow({ capabilities: adapter.capabilities, conversation, now: clock.now(), kind: 'free_form' });
 * if (!decision.allowed) showBanner(decision.remedy); // 'template'
 *
 * @throws SwitchboardError `INVALID_INPUT` for a bad rule, timestamp, margin or kind (never for a refusal).
 */
export function checkWindow(input: CheckWindowInput): WindowDecision {
  const rule = resolveWindowRule(input);
  const now = toEpochMs(input.now, 'now');
  const kind = parseKind(input.kind);
  const state = readState(input);
  const freeEntryPoint = state.entryPointExpiresAt !== undefined && now < state.entryPointExpiresAt;
  const base = { kind, rule: rule.kind } as const;

  if (rule.kind === 'none') return { allowed: true, ...base, windowOpen: true, freeEntryPoint };

  if (rule.kind === 'permission') {
    const allowed = state.messagesAllowed ?? state.lastInboundAt !== undefined;
    if (allowed) return { allowed: true, ...base, windowOpen: true, freeEntryPoint };
    return {
      allowed: false, code: 'WINDOW_CLOSED', ...base, remedy: 'ask_permission',
      reason: state.messagesAllowed === false ? 'denied' : 'not_permitted',
      ...(state.messagesAllowed === false && state.messagesAllowedAt !== undefined ? { closedAt: state.messagesAllowedAt } : {}),
    };
  }

  const margin = toDurationMs(input.safetyMarginMs ?? 0, 'safetyMarginMs');
  if (margin >= rule.durationMs) throw invalidPolicyInput('safetyMarginMs', `must be shorter than the window (${rule.durationMs} ms)`);
  const remedy = input.capabilities?.templates === false ? 'none' : 'template';
  const last = state.lastInboundAt;
  const providerClose = last === undefined ? undefined : last + rule.durationMs;
  const closesAt = providerClose === undefined ? undefined : providerClose - margin;
  const closedByProvider = state.windowClosedAt !== undefined && (last === undefined || last <= state.windowClosedAt);
  const windowOpen = closesAt !== undefined && now < closesAt && !closedByProvider;
  if (windowOpen) return { allowed: true, ...base, windowOpen, closesAt, freeEntryPoint };
  if (kind === 'template') return { allowed: true, ...base, windowOpen, freeEntryPoint };
  if (closesAt === undefined || providerClose === undefined) {
    return { allowed: false, code: 'WINDOW_CLOSED', ...base, remedy, reason: 'no_inbound' };
  }
  if (closedByProvider && now < closesAt && state.windowClosedAt !== undefined) {
    return { allowed: false, code: 'WINDOW_CLOSED', ...base, remedy, reason: 'closed_by_provider', closedAt: state.windowClosedAt };
  }
  return {
    allowed: false, code: 'WINDOW_CLOSED', ...base, remedy,
    reason: now < providerClose ? 'safety_margin' : 'expired', closedAt: closesAt,
  };
}

/**
 * Like {@link checkWindow}, but throws the refusal.
 * @throws SwitchboardError `WINDOW_CLOSED` with `remedy` and the decision in `details`.
 */
export function assertWindow(input: CheckWindowInput): WindowAllowed {
  const decision = checkWindow(input);
  if (!decision.allowed) throw windowRefusalError(decision);
  return decision;
}

/** The `WINDOW_CLOSED` error for a refusal, with a message a CRM can show an operator. */
export function windowRefusalError(decision: WindowRefused): SwitchboardError<PolicyErrorCode> {
  const at = decision.closedAt === undefined ? '' : ` at ${formatTime(decision.closedAt)}`;
  const what = decision.kind === 'template' ? 'Messages' : 'Free-form messages';
  const messages: Record<WindowClosedReason, string> = {
    no_inbound: `${what} are allowed only after the customer writes; the customer has not written yet.`,
    expired: `${what} are allowed only within the window after the customer's last message; it closed${at}.`,
    safety_margin: `The conversation window is about to close; Switchboard stopped free-form messages${at} (safety margin).`,
    closed_by_provider: `The provider refused a free-form message${at} because the window after the customer's last message had closed; free-form messages are allowed again once the customer writes.`,
    denied: `The user does not allow messages from this account${decision.closedAt === undefined ? '' : ` since ${formatTime(decision.closedAt)}`} (they denied messages, or the provider refused the last reply); they must write or allow messages again.`,
    not_permitted: 'The user has not written to this account or allowed its messages yet.',
  };
  const hint = decision.remedy === 'template' ? ' Send an approved template instead.' : '';
  return policyError('WINDOW_CLOSED', `${messages[decision.reason]}${hint}`, decision.remedy, { ...decision });
}

function parseKind(kind: unknown): MessageKind {
  if (kind === 'free_form' || kind === 'template') return kind;
  throw invalidPolicyInput('kind', `expected 'free_form' or 'template', got ${typeof kind === 'string' ? `'${kind}'` : typeof kind}`);
}

function readState(input: CheckWindowInput): ConversationWindowState {
  const conversation = input.conversation ?? {};
  if (input.lastInboundAt !== undefined && input.conversation !== undefined) {
    throw invalidPolicyInput('lastInboundAt', 'give either `conversation` or `lastInboundAt`, not both');
  }
  const lastInboundAt = toOptionalEpochMs(input.lastInboundAt ?? conversation.lastInboundAt, 'lastInboundAt');
  const messagesAllowedAt = toOptionalEpochMs(conversation.messagesAllowedAt, 'conversation.messagesAllowedAt');
  const entryPointExpiresAt = toOptionalEpochMs(conversation.entryPointExpiresAt, 'conversation.entryPointExpiresAt');
  const windowClosedAt = toOptionalEpochMs(conversation.windowClosedAt, 'conversation.windowClosedAt');
  return {
    ...(lastInboundAt === undefined ? {} : { lastInboundAt }),
    ...(conversation.messagesAllowed === undefined ? {} : { messagesAllowed: conversation.messagesAllowed }),
    ...(messagesAllowedAt === undefined ? {} : { messagesAllowedAt }),
    ...(entryPointExpiresAt === undefined ? {} : { entryPointExpiresAt }),
    ...(windowClosedAt === undefined ? {} : { windowClosedAt }),
  };
}

/**
 * The window state a price book quotes with (`quote({ windowState })`): `free_entry_point` while
 * a WhatsApp free entry point is open (every message free), else `open` or `closed`.
 */
export function pricingWindowState(decision: WindowAllowed): 'open' | 'closed' | 'free_entry_point' {
  if (decision.freeEntryPoint) return 'free_entry_point';
  return decision.windowOpen ? 'open' : 'closed';
}
