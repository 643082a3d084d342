// Automation: keyword/regex/intent auto-replies, the out-of-hours reply, hand-off to a human,
// and broadcasts (one template to many recipients, resumable, with progress).
import { parseWith } from '../../core/validation.js';
import type { SwitchboardContext } from '../context.js';
import type { SwitchboardEvents } from '../events.js';
import type { BroadcastInput, BroadcastReport } from './broadcast.js';
import { runBroadcast } from './broadcast.js';
import type { AutomationConfig } from './config.js';
import { automationConfigSchema } from './config.js';
import { createMessageAutomation } from './on-message.js';

// --- Configuration -------------------------------------------------------------------------------
export { automationConfigSchema, autoReplyRuleSchema, autoReplySchema, outOfHoursSchema, handoffSchema } from './config.js';
export type {
  AutomationConfig, ResolvedAutomationConfig, AutoReplyRule, AutoReply, OutOfHoursConfig, HandoffConfig, IntentMatcher, MergeRecordInput,
} from './config.js';
export { DEFAULT_COMPLAINT_KEYWORDS } from './complaint-keywords.js';

// --- Building blocks -------------------------------------------------------------------------------
export { keywordMatcher, messageText } from './match.js';
export type { KeywordMatcher } from './match.js';
export { isOpenAt } from './hours.js';
export type { WeeklyHours, Weekday } from './hours.js';

// --- Broadcast -------------------------------------------------------------------------------------
export type { BroadcastInput, BroadcastRecipient, BroadcastReport, BroadcastSkip } from './broadcast.js';

/** The automation part of a Switchboard. */
export interface Automation {
  /** Runs hand-off and auto-reply rules for a stored customer message (the inbound pipeline calls it). */
  onMessageReceived(payload: SwitchboardEvents['message.received']): Promise<void>;
  /** Sends one template to many recipients (see `BroadcastInput`). */
  broadcast(input: BroadcastInput): Promise<BroadcastReport>;
}

/**
 * Builds automation from its configuration (validated once).
 * @throws SwitchboardError `INVALID_CONFIG` naming the offending field (e.g. `autoReplies.0.match`).
 */
export function createAutomation(ctx: SwitchboardContext, config: AutomationConfig | undefined = {}): Automation {
  const resolved = parseWith(automationConfigSchema, config, 'automation config', 'INVALID_CONFIG');
  const onMessageReceived = createMessageAutomation(
    { store: ctx.store, events: ctx.events, logger: ctx.logger, send: (input) => ctx.send(input), auditLog: ctx.store.auditLog },
    resolved,
  );
  return {
    onMessageReceived,
    broadcast: async (input) => await runBroadcast(ctx, resolved.broadcast.batchSize, input),
  };
}
