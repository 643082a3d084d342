import type { Remedy } from '../../core/errors.js';
import { SwitchboardError } from '../../core/errors.js';

/**
 * Codes the operator workflow throws:
 * - `CONVERSATION_NOT_FOUND`: no conversation with that id;
 * - `NOT_AN_OPERATOR`: the operator is not configured for the dialog's channel account;
 * - `ALREADY_CLAIMED`: another operator holds the dialog (claim again with `takeOver: true`);
 * - `NOT_ASSIGNEE`: `requireClaimToReply` is on and the operator neither holds nor was invited into the dialog;
 * - `NOT_A_PARTICIPANT`: the operator acts on a dialog they are not part of (leave, invite, delegate);
 * - `CONVERSATION_CLOSED`: the dialog is closed (restore it first);
 * - `ALREADY_OPEN`: restore of a dialog that is not closed;
 * - `OPEN_DIALOG_EXISTS`: restore while another dialog with the same contact on the same account is open;
 * - `TOO_MANY_PARTICIPANTS` / `TOO_MANY_LINKS`: the model's bounds (64 participants, 32 links);
 * - `CONCURRENT_UPDATE`: the dialog kept changing under us; retrying later may succeed.
 */
export type DialogErrorCode =
  | 'CONVERSATION_NOT_FOUND'
  | 'NOT_AN_OPERATOR'
  | 'ALREADY_CLAIMED'
  | 'NOT_ASSIGNEE'
  | 'NOT_A_PARTICIPANT'
  | 'CONVERSATION_CLOSED'
  | 'ALREADY_OPEN'
  | 'OPEN_DIALOG_EXISTS'
  | 'TOO_MANY_PARTICIPANTS'
  | 'TOO_MANY_LINKS'
  | 'CONCURRENT_UPDATE';

export function dialogError(
  code: DialogErrorCode,
  message: string,
  options: { remedy?: Remedy; details?: Record<string, unknown>; retryable?: boolean; cause?: unknown } = {},
): SwitchboardError<DialogErrorCode> {
  return new SwitchboardError(code, message, options);
}
