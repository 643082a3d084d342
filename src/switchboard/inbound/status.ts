import type { ChannelAdapter, MessageStatusEvent } from '../../channels/adapter.js';
import { SwitchboardError, hasErrorCode } from '../../core/errors.js';
import { isId } from '../../core/ids.js';
import type { Message } from '../../model/message.js';
import { consentRecordFromProviderError } from '../../policy/consent-records.js';
import { classifyProviderRefusal } from '../../policy/provider-refusals.js';
import { recordObservedConsent } from '../consent.js';
import { recordWindowFact } from '../outbox/deliver.js';
import { settlementOf } from '../registry.js';
import type { Runtime } from '../runtime.js';
import { settleMessage } from '../settlement.js';

/**
 * Applies a delivery status to the outbound message it is about (found by our message id when
 * the provider echoes it, else by the provider id), monotonically: set-once timestamps, `read`
 * never back to `delivered`, `failed` never over a delivered message. Then settles credits
 * (capture when billable, release on failure), records a marketing opt-out (WhatsApp 131050)
 * and a closed window (WhatsApp 131047),
 * and emits `message.status` / `message.failed` when the status moved.
 */
export async function applyStatusEvent(rt: Runtime, adapter: ChannelAdapter, event: MessageStatusEvent): Promise<void> {
  const message = await findMessage(rt, event);
  if (message === null) {
    rt.logger.debug({ channel: event.channel, providerMessageId: event.providerMessageId }, 'Status for a message Switchboard did not send; ignored');
    return;
  }
  const applied = await rt.store.messages.applyStatus(message.id, {
    status: event.status,
    at: event.timestamp,
    ...(message.providerMessageId === undefined ? { providerMessageId: event.providerMessageId } : {}),
    ...(event.error === undefined ? {} : { error: event.error }),
    ...(event.pricing === undefined ? {} : { pricing: { billable: event.pricing.billable, ...(event.pricing.category === undefined ? {} : { category: event.pricing.category.slice(0, 64) }) } }),
  });
  await settleMessage(rt, applied.message, settlementOf(adapter));
  if (applied.changed && event.status === 'failed' && event.error !== undefined) {
    await recordOptOut(rt, applied.message, event);
    await recordWindowClosed(rt, applied.message, event);
  }
  if (!applied.advanced) return;
  rt.events.emit('message.status', { message: applied.message, previousStatus: message.status });
  if (applied.message.status === 'failed') {
    const error = new SwitchboardError(event.error?.code ?? 'DELIVERY_FAILED', event.error?.message ?? 'The provider reported the message failed', {
      provider: event.channel, ...(event.error?.providerCode === undefined ? {} : { providerCode: event.error.providerCode }),
    });
    rt.events.emit('message.failed', { message: applied.message, error });
  }
}

async function findMessage(rt: Runtime, event: MessageStatusEvent): Promise<Message | null> {
  if (event.messageId !== undefined && isId('msg', event.messageId)) {
    const byId = await rt.store.messages.getById(event.messageId);
    if (byId !== null && byId.channel === event.channel) return byId;
  }
  return await rt.store.messages.getByProviderId({ channel: event.channel, accountId: event.accountId, providerMessageId: event.providerMessageId });
}

/** WhatsApp 131047 in a failed status: the provider's window was closed at the status time, so free-form is refused until the customer writes. */
async function recordWindowClosed(rt: Runtime, message: Message, event: MessageStatusEvent): Promise<void> {
  const fact = classifyProviderRefusal({ provider: event.error?.provider ?? event.channel, providerCode: event.error?.providerCode }, event.timestamp);
  if (fact?.kind !== 'window_closed') return;
  try {
    await recordWindowFact(rt, message, fact.fact, rt.clock.now());
  } catch (error) {
    if (!hasErrorCode(error, 'INVALID_INPUT')) throw error;
    rt.logger.warn({ messageId: message.id, err: error.message }, 'Ignored a status timestamp the window cannot use');
  }
}

async function recordOptOut(rt: Runtime, message: Message, event: MessageStatusEvent): Promise<void> {
  const record = consentRecordFromProviderError(
    { provider: event.error?.provider ?? event.channel, providerCode: event.error?.providerCode },
    { contactId: message.contactId, channel: message.channel, recordedAt: event.timestamp, messageId: message.id, ids: rt.ids },
  );
  if (record === null) return;
  const { id: _id, ...fields } = record;
  await recordObservedConsent(rt, fields);
}
