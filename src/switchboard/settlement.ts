import { hasErrorCode } from '../core/errors.js';
import type { Message } from '../model/message.js';
import type { Runtime } from './runtime.js';

/** Outcomes that mean "this hold was never made or is already settled": nothing to do. */
const SETTLED = ['HOLD_NOT_FOUND', 'HOLD_ALREADY_RESOLVED', 'HOLD_EXPIRED'] as const;

/**
 * Settles a message's credits hold (its id is the message id) from what is known about it:
 * captured once the channel bills it (`on_delivery`: delivered, read or reported billable;
 * `on_acceptance`: accepted), released when it failed or the provider says it is not billable.
 * Idempotent: the ledger replays repeated settlements, and a message without a hold (free, or
 * no ledger) is skipped.
 */
export async function settleMessage(rt: Runtime, message: Message, settlement: 'on_delivery' | 'on_acceptance'): Promise<void> {
  const ledger = rt.ledger;
  if (ledger === undefined || message.direction !== 'outbound') return;
  const decision = settlementDecision(message, settlement);
  if (decision === 'wait') return;
  try {
    if (decision === 'capture') await ledger.capture({ holdId: message.id });
    else await ledger.release({ holdId: message.id });
  } catch (error) {
    if (SETTLED.some((code) => hasErrorCode(error, code))) {
      if (!hasErrorCode(error, 'HOLD_NOT_FOUND')) rt.logger.warn({ messageId: message.id, code: (error as { code: string }).code, decision }, 'A message settled after its credits hold was resolved');
      return;
    }
    throw error;
  }
}

function settlementDecision(message: Message, settlement: 'on_delivery' | 'on_acceptance'): 'capture' | 'release' | 'wait' {
  if (message.status === 'failed') return 'release';
  if (message.pricing?.billable === false && (message.status === 'delivered' || message.status === 'read')) return 'release';
  if (message.pricing?.billable === true) return 'capture';
  if (message.status === 'delivered' || message.status === 'read') return 'capture';
  if (settlement === 'on_acceptance' && message.status === 'sent') return 'capture';
  return 'wait';
}
