import type { Conversation } from '../../model/conversation.js';
import type { Message } from '../../model/message.js';
import type { ResolvedPolicy } from '../context.js';
import { auditEntry } from './audit.js';
import type { DialogDeps } from './mutate.js';
import { mutateConversation } from './mutate.js';

/**
 * Where a customer message goes, given the contact's newest dialog on the channel account:
 * - `append`: the dialog is open;
 * - `reopen`: it was closed as completed and `policy.onMessageAfterCompleted` is `reopen`;
 * - `open_new`: there is none, or it was completed and the policy is `new_conversation`;
 * - `append_closed`: it was closed as spam; the message is kept but the dialog stays closed
 *   (only an operator's `restore` reopens it).
 */
export type InboundDialogDecision =
  | { action: 'append'; conversation: Conversation }
  | { action: 'reopen'; conversation: Conversation }
  | { action: 'append_closed'; conversation: Conversation }
  | { action: 'open_new' };

/** The pure rule for a customer message arriving on a dialog (see {@link InboundDialogDecision}). */
export function conversationForInbound(latest: Conversation | null, policy: Pick<ResolvedPolicy, 'onMessageAfterCompleted'>): InboundDialogDecision {
  if (latest === null) return { action: 'open_new' };
  if (latest.status === 'open') return { action: 'append', conversation: latest };
  if (latest.closeReason === 'spam') return { action: 'append_closed', conversation: latest };
  return policy.onMessageAfterCompleted === 'reopen' ? { action: 'reopen', conversation: latest } : { action: 'open_new' };
}

/**
 * Reopens a dialog closed as completed because the customer wrote again: stores it open (kept
 * assignee and participants), records `reopened` by the customer in the audit trail and emits
 * `conversation.restored` with a customer actor. Does nothing when it is open already; a spam
 * close is left alone.
 *
 * @throws SwitchboardError `DUPLICATE` from the store when another dialog with the contact is
 *   open on the account (then append to that one instead).
 */
export async function reopenForInbound(deps: DialogDeps, conversation: Conversation): Promise<Conversation> {
  return await mutateConversation(deps, conversation.id, { kind: 'customer' }, (c) => {
    if (c.status === 'open' || c.closeReason === 'spam') return null;
    return {
      patch: { status: 'open', closeReason: null, closedAt: null },
      action: 'reopened',
      details: { previousReason: c.closeReason ?? null },
      emit: (updated) => deps.events.emit('conversation.restored', { conversation: updated, actor: { kind: 'customer' } }),
    };
  });
}

/** Records in the audit trail that automation asked for a human (used by the automation rules). */
export async function recordHandoff(deps: Pick<DialogDeps, 'auditLog'>, conversation: Conversation, reason: string, message: Message): Promise<void> {
  // Keyed by the triggering message so a redelivered event records the hand-off once.
  const entry = auditEntry(
    { id: conversation.id, version: conversation.version, updatedAt: message.createdAt },
    { kind: 'system', reason: 'automation' },
    'handoff_requested',
    { reason, messageId: message.id },
    `msg:${message.id}`,
  );
  await deps.auditLog.append(entry);
}
