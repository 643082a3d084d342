import type { EpochMs } from './common.js';
import type { Message, MessageError, MessageStatus } from './message.js';

/**
 * The rank of each outbound status; a message's status only moves to a higher rank.
 * `failed` ranks above `sent` (a late `sent` never hides a failure) and below `delivered`
 * (a failure report never overrides a delivered or read message).
 */
export const STATUS_RANK: Readonly<Record<MessageStatus, number>> = {
  received: 0,
  queued: 1,
  unknown: 2,
  sent: 3,
  failed: 4,
  delivered: 5,
  read: 6,
};

/** A status report for one message, from a webhook or a send result. */
export interface StatusUpdate {
  status: Exclude<MessageStatus, 'received'>;
  /** When the provider says it happened (epoch ms). */
  at: EpochMs;
  error?: MessageError;
  providerMessageId?: string;
  pricing?: { billable: boolean; category?: string };
}

/** What {@link applyStatus} did. */
export interface StatusApplyResult {
  message: Message;
  /** True when anything about the message changed. */
  changed: boolean;
  /** True when the visible status moved to a higher rank. */
  advanced: boolean;
}

/**
 * Applies a status report monotonically and returns the new message (the input is not mutated).
 *
 * Guarantees, whatever order reports arrive in: the status is the highest-ranked one reported
 * so far (so the final status does not depend on arrival order); each status's timestamp is
 * set once, by its first report; an error is recorded only when `failed` becomes the status;
 * a provider message id is set once; pricing, once known billable, stays billable.
 */
export function applyStatus(message: Message, update: StatusUpdate): StatusApplyResult {
  const advanced = STATUS_RANK[update.status] > STATUS_RANK[message.status];
  let changed = advanced;
  const next: Message = { ...message, timestamps: { ...message.timestamps } };
  if (advanced) {
    next.status = update.status;
    if (update.status === 'failed' && update.error !== undefined) next.error = update.error;
  }
  if (next.timestamps[update.status] === undefined) {
    next.timestamps[update.status] = update.at;
    changed = true;
  }
  if (update.providerMessageId !== undefined && next.providerMessageId === undefined) {
    next.providerMessageId = update.providerMessageId;
    changed = true;
  }
  if (update.pricing !== undefined && (next.pricing === undefined || (!next.pricing.billable && update.pricing.billable))) {
    next.pricing = update.pricing;
    changed = true;
  }
  return { message: changed ? next : message, changed, advanced };
}
