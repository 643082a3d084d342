// The operator workflow on dialogs: claim, invite, leave, delegate, close, restore, CRM links,
// history and operators; the reply permission rule and the inbound reopen rule.
import type { SwitchboardContext } from '../context.js';
import type { Dialogs } from './types.js';
import { createDialogsWith } from './dialogs.js';

// --- The dialogs API ----------------------------------------------------------------------------
export { createDialogsWith } from './dialogs.js';
export type { Dialogs, ClaimOptions, ByOperator, DelegateOptions, CloseOptions } from './types.js';
export type { DialogOperators } from './operators.js';
export type { DialogDeps } from './mutate.js';

// --- Rules the pipelines share ------------------------------------------------------------------
export { assertMayReply, assertOperator, isOperatorFor, operatorsFor } from './permissions.js';
export { conversationForInbound, reopenForInbound, recordHandoff } from './inbound-rule.js';
export type { InboundDialogDecision } from './inbound-rule.js';

// --- Errors and audit ids -----------------------------------------------------------------------
export type { DialogErrorCode } from './errors.js';
export { auditEntryId } from './audit.js';

/** The dialogs of a Switchboard, over the context's store (its `auditLog` keeps the history). */
export function createDialogs(ctx: SwitchboardContext): Dialogs {
  return createDialogsWith({ store: ctx.store, events: ctx.events, policy: ctx.policy, clock: ctx.clock, auditLog: ctx.store.auditLog });
}
