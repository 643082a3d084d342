// The facade: `createSwitchboard` and what a CRM developer touches through it.

// --- Commonly used ----------------------------------------------------------------------------
export { createSwitchboard } from './switchboard.js';
export type { Switchboard } from './switchboard.js';
export type { SwitchboardConfig, BillingContext } from './config.js';
export type { SwitchboardEvents, Actor, HandoffReason } from './events.js';
export type { Listener } from '../core/events.js';
export type { SendInput, SendOutcome, SendToAddress, SendToConversation, TemplateRef } from './send-types.js';

// --- Parts mounted on the facade (dialogs, automation, broadcast) -------------------------------------
export type { Dialogs, ClaimOptions, ByOperator, DelegateOptions, CloseOptions, DialogOperators, DialogErrorCode } from './dialogs/index.js';
export { assertMayReply, conversationForInbound } from './dialogs/index.js';
export type { InboundDialogDecision } from './dialogs/index.js';
export type {
  AutomationConfig, AutoReplyRule, AutoReply, OutOfHoursConfig, HandoffConfig, IntentMatcher, MergeRecordInput,
  BroadcastInput, BroadcastRecipient, BroadcastReport, BroadcastSkip,
} from './automation/index.js';
export { automationConfigSchema, autoReplyRuleSchema, autoReplySchema, outOfHoursSchema, handoffSchema, DEFAULT_COMPLAINT_KEYWORDS } from './automation/index.js';

// --- Views: the conversation list and a conversation's messages --------------------------------------
export type { Queries, ConversationFilters, Duration } from './queries/index.js';
export { durationSchema, MONTH } from './queries/index.js';

// --- Templates through the facade ---------------------------------------------------------------------
export type { SwitchboardTemplates, TemplateTarget } from './templates.js';

// --- Consent the CRM collected -------------------------------------------------------------------
export type { RecordConsentInput } from './consent.js';

// --- Hooks: new dialogs become leads or contacts in the CRM ------------------------------------
export type { SwitchboardHooks, NewConversationInput, NewConversationResult, ConversationSource } from './hooks.js';

// --- Operations: the outbox and health --------------------------------------------------------
export type { SwitchboardOutbox, OutboxRunReport } from './outbox/outbox.js';
export type { SwitchboardMetrics, LatencySummary, PerChannelRate } from './metrics.js';

// --- Errors -----------------------------------------------------------------------------------
export type { SwitchboardFacadeErrorCode } from './errors.js';

// --- For extensions built on the facade (dialogs, broadcast, your own parts) --------------------
export type { SwitchboardContext, ChannelRegistry, ResolvedPolicy } from './context.js';

// Deliberately internal: the pipelines (send, inbound, outbox delivery), the runtime context
// and the settlement rule; they are reached through the `Switchboard` object only.
