import type { ConversationId } from '../../core/ids.js';
import type { AuditEntry } from '../../model/audit.js';
import type { CrmLink } from '../../model/common.js';
import type { CloseReason, Conversation } from '../../model/conversation.js';
import type { Page, PageRequest } from '../../ports/page.js';
import type { DialogOperators } from './operators.js';

/** Options of {@link Dialogs.claim}. */
export interface ClaimOptions {
  /** Take the dialog from the operator who holds it (they are recorded in the audit trail). */
  takeOver?: boolean;
}

/** Who performs an action on someone else's behalf; absent: the host itself (audited as `system`). */
export interface ByOperator {
  by?: string;
}

export interface DelegateOptions extends ByOperator {
  /** Leave the dialog right away instead of staying in it as a participant. */
  leave?: boolean;
}

export interface CloseOptions extends ByOperator {
  /** `completed`: handled (a new customer message reopens it); `spam`: junk, stays closed until restored. */
  as: CloseReason;
}

/**
 * The operator workflow on dialogs (МойБизнес2 / Bitrix24 "open lines"): claim ("pin to me"),
 * invite, leave, delegate, close and restore, CRM links, and the dialog's history.
 *
 * Every change is checked against the current state, stored with compare-and-set (retried on a
 * concurrent change), written to the audit trail (who, what, when) and announced as an event.
 * Operators must be configured for the dialog's channel account (`policy.operators`).
 */
export interface Dialogs {
  /**
   * Pins the dialog to `operatorId`. Idempotent for the current assignee.
   * @throws SwitchboardError `ALREADY_CLAIMED` (remedy `claim`: repeat with `takeOver: true`),
   *   `NOT_AN_OPERATOR`, `CONVERSATION_CLOSED`, `CONVERSATION_NOT_FOUND`.
   * @example await sb.dialogs.claim(conversation.id, 'u_alexander')
   */
  claim(conversationId: ConversationId, operatorId: string, options?: ClaimOptions): Promise<Conversation>;
  /**
   * Invites `operatorId` into the dialog as a participant (they may reply and leave).
   * With `by`, the inviter must hold or take part in a claimed dialog.
   * @throws SwitchboardError `NOT_AN_OPERATOR`, `NOT_A_PARTICIPANT`, `CONVERSATION_CLOSED`, `TOO_MANY_PARTICIPANTS`.
   */
  invite(conversationId: ConversationId, operatorId: string, options?: ByOperator): Promise<Conversation>;
  /**
   * Removes `operatorId` from the dialog; when they held it, it becomes unclaimed.
   * @throws SwitchboardError `NOT_A_PARTICIPANT`, `CONVERSATION_NOT_FOUND`.
   */
  leave(conversationId: ConversationId, operatorId: string): Promise<Conversation>;
  /**
   * Hands the dialog to `to`. The previous holder stays as a participant (so they can follow up
   * or leave later) unless `leave: true`. With `by`, only the holder may delegate a claimed dialog.
   * @throws SwitchboardError `NOT_AN_OPERATOR`, `NOT_ASSIGNEE`, `CONVERSATION_CLOSED`.
   */
  delegate(conversationId: ConversationId, to: string, options?: DelegateOptions): Promise<Conversation>;
  /**
   * Closes the dialog as `completed` or `spam`; closing a closed dialog with another reason
   * re-classifies it, with the same reason does nothing.
   * @throws SwitchboardError `NOT_AN_OPERATOR`, `CONVERSATION_NOT_FOUND`.
   */
  close(conversationId: ConversationId, options: CloseOptions): Promise<Conversation>;
  /**
   * Reopens a closed dialog (a spam close by mistake, a completed dialog to continue).
   * @throws SwitchboardError `ALREADY_OPEN`; `OPEN_DIALOG_EXISTS` when the contact has another
   *   open dialog on the account (`details.openConversationId`), `NOT_AN_OPERATOR`.
   */
  restore(conversationId: ConversationId, options?: ByOperator): Promise<Conversation>;
  /**
   * Links a CRM record (lead, contact, order, any type). Idempotent per (type, id). Links are
   * kept when the lead is converted: link the new contact and order too and the dialog is
   * found from each of them.
   * @throws SwitchboardError `TOO_MANY_LINKS` (32), `INVALID_INPUT`.
   */
  link(conversationId: ConversationId, link: CrmLink, options?: ByOperator): Promise<Conversation>;
  /** Removes a CRM link; does nothing when it is not there. */
  unlink(conversationId: ConversationId, link: CrmLink, options?: ByOperator): Promise<Conversation>;
  /** Dialogs linked to a CRM record, newest activity first. */
  findByLink(link: CrmLink, page?: PageRequest): Promise<Page<Conversation>>;
  /** The dialog's history, oldest first. */
  history(conversationId: ConversationId, page?: PageRequest): Promise<Page<AuditEntry>>;
  /** The operators who work or worked on the dialog. */
  operators(conversationId: ConversationId): Promise<DialogOperators>;
}
