import type { Remedy, SwitchboardErrorOptions } from '../core/errors.js';
import { SwitchboardError } from '../core/errors.js';

/**
 * Error codes raised by the facade itself. Refusals from the rules keep their own modules'
 * codes (`WINDOW_CLOSED`, `CONSENT_REQUIRED`, `OPTED_OUT` from the policy; `INSUFFICIENT_CREDITS`,
 * `PRICE_NOT_FOUND` from the ledger; `NOT_ASSIGNEE`, `NOT_AN_OPERATOR` from dialogs).
 *
 * - `UNKNOWN_CHANNEL`: no adapter is configured for the channel (and account) asked for.
 * - `CONVERSATION_NOT_FOUND`: `send({ conversationId })` named a conversation that does not exist.
 * - `CONVERSATION_CLOSED`: a reply to a closed conversation (restore it first).
 * - `TEMPLATE_NOT_FOUND`: no stored template has that name (and language).
 * - `TEMPLATE_NOT_APPROVED`: the template exists but the provider has not approved it (or paused it).
 * - `TEMPLATE_VALUES_REFUSED`: the record's values would make a notification template promotional
 *   (the category linter found an error in them); `details.issues` lists the findings.
 * - `TEMPLATE_LINT_FAILED`: `templates.submit` found linter errors (`details.issues`); fix or `force`.
 * - `UNSUPPORTED_CONTENT`: the channel cannot carry this content (a media kind, too many files).
 * - `DEAD_LETTER_NOT_RETRYABLE`: `retryDeadLetter` on a job whose credits hold is gone (expired), or
 *   whose ambiguous attempt is older than the provider's idempotency window (a replay could duplicate).
 * - `HOOK_FAILED`: a host hook threw; reported on the `error` event, never thrown to the provider.
 * - `INBOUND_FAILED`: storing a webhook's items failed; the provider was asked to retry.
 */
export type SwitchboardFacadeErrorCode =
  | 'UNKNOWN_CHANNEL'
  | 'CONVERSATION_NOT_FOUND'
  | 'CONVERSATION_CLOSED'
  | 'TEMPLATE_NOT_FOUND'
  | 'TEMPLATE_NOT_APPROVED'
  | 'TEMPLATE_VALUES_REFUSED'
  | 'TEMPLATE_LINT_FAILED'
  | 'UNSUPPORTED_CONTENT'
  | 'DEAD_LETTER_NOT_RETRYABLE'
  | 'HOOK_FAILED'
  | 'INBOUND_FAILED';

/** Builds a facade error; refusals carry a remedy. */
export function facadeError(
  code: SwitchboardFacadeErrorCode,
  message: string,
  options: SwitchboardErrorOptions & { remedy?: Remedy } = {},
): SwitchboardError<SwitchboardFacadeErrorCode> {
  return new SwitchboardError(code, message, options);
}
