import type { InboundEvent } from '../adapter.js';
import type { WhatsAppWebhookEnvelope } from './webhook-schema.js';
import { normalizeMessagesChange } from './normalize-messages.js';
import { normalizeManagementChange } from './normalize-management.js';

/**
 * Turns every entry, change, message, status and error of a verified webhook payload into
 * normalized events, in payload order. Never throws: an item that does not parse becomes an
 * `account.alert` with code `WHATSAPP_MALFORMED_ITEM`; fields this adapter does not handle
 * (`account_update`, `user_preferences`, ...) yield no events.
 */
export function normalizeWebhook(envelope: WhatsAppWebhookEnvelope, now: number): InboundEvent[] {
  const events: InboundEvent[] = [];
  for (const entry of envelope.entry) {
    const time = entry.time === undefined ? now : entry.time * 1000;
    for (const change of entry.changes) {
      if (change.field === 'messages') events.push(...normalizeMessagesChange(change.value, entry.id, { now }));
      else events.push(...normalizeManagementChange(change.field, change.value, entry.id, time));
    }
  }
  return events;
}
