import { SwitchboardError } from '../core/errors.js';
import type { Remedy } from '../core/errors.js';

/**
 * Codes the policy guards raise:
 * - `WINDOW_CLOSED`: the channel's window does not allow this message now (remedy `template`
 *   on session channels such as WhatsApp, `ask_permission` on permission channels such as VK);
 * - `CONSENT_REQUIRED`: no consent on record for this purpose (remedy `opt_in`);
 * - `OPTED_OUT`: the contact opted out of this purpose (remedy `opt_in`: only the contact can
 *   lift it, by an opt-in keyword or a recorded opt-in).
 * Bad input (timestamps, rules, records) raises the core code `INVALID_INPUT`.
 */
export type PolicyErrorCode = 'WINDOW_CLOSED' | 'CONSENT_REQUIRED' | 'OPTED_OUT';

/** Builds a refusal error; `details` carries the decision's machine-readable facts. */
export function policyError(
  code: PolicyErrorCode,
  message: string,
  remedy: Remedy,
  details: Readonly<Record<string, unknown>>,
): SwitchboardError<PolicyErrorCode> {
  return new SwitchboardError(code, message, { remedy, details, retryable: false });
}

/** An `INVALID_INPUT` error naming the field. */
export function invalidPolicyInput(field: string, message: string): SwitchboardError<'INVALID_INPUT'> {
  return new SwitchboardError('INVALID_INPUT', `${field}: ${message}`, { field, remedy: 'fix_input' });
}
