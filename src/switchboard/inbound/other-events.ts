import type {
  ChannelAdapter, ConsentChangedEvent, MessageEchoEvent, TemplateCategoryChangedEvent, TemplateQualityChangedEvent, TemplateStatusChangedEvent,
} from '../../channels/adapter.js';
import type { Message } from '../../model/message.js';
import type { TemplateRecord } from '../../model/template.js';
import { consentRecordFromEvent } from '../../policy/consent-records.js';
import { applyProviderCategory, applyProviderQuality, applyProviderStatus } from '../../templates/lifecycle.js';
import { updateConversation } from '../conversation-update.js';
import { recordObservedConsent } from '../consent.js';
import type { Runtime } from '../runtime.js';
import { refreshWindow } from './window.js';

/**
 * The user allowed or denied messages (VK `message_allow` / `message_deny`) or changed a
 * marketing preference: applied to the open dialog's window, then recorded as a consent fact and
 * announced with `consent.changed` unless the fact is already on record (see
 * {@link recordObservedConsent}).
 */
export async function applyConsentEvent(rt: Runtime, adapter: ChannelAdapter, event: ConsentChangedEvent): Promise<void> {
  const contact = await rt.store.contacts.findByAddress(event.contact) ??
    await rt.store.contacts.upsert({ addresses: [event.contact], channel: event.channel });
  const { id: _id, ...record } = consentRecordFromEvent(event, { contactId: contact.id, ids: rt.ids });
  const open = await rt.store.conversations.findOpen({ channel: event.channel, accountId: event.accountId, contactId: contact.id });
  if (open !== null) await refreshWindow(rt, adapter, open, event);
  await recordObservedConsent(rt, record);
}

async function storedTemplate(rt: Runtime, event: { providerTemplateId: string; name?: string | undefined; language?: string | undefined }): Promise<TemplateRecord | null> {
  const byId = await rt.store.templates.getByProviderId(event.providerTemplateId);
  if (byId !== null || event.name === undefined || event.language === undefined) return byId;
  try {
    return await rt.store.templates.getByName(event.name, event.language);
  } catch {
    // A provider name or language our schema does not accept cannot be one of ours.
    return null;
  }
}

async function saveTemplate(rt: Runtime, previous: TemplateRecord, next: TemplateRecord): Promise<TemplateRecord | null> {
  if (next === previous) return null;
  return await rt.store.templates.save(next, previous.version);
}

/** A review decision from the provider (approved, rejected, paused, ...), applied to the stored template. */
export async function applyTemplateStatus(rt: Runtime, event: TemplateStatusChangedEvent): Promise<void> {
  const record = await storedTemplate(rt, event);
  if (record === null) return;
  const saved = await saveTemplate(rt, record, applyProviderStatus(record, { status: event.status, timestamp: event.timestamp, ...(event.reason === undefined ? {} : { reason: event.reason }) }, { clock: rt.clock }));
  if (saved !== null && saved.status !== record.status) rt.events.emit('template.status_changed', { template: saved, previousStatus: record.status });
}

/** Meta re-categorized a template (or announced it will): stored; prices follow the new category. */
export async function applyTemplateCategory(rt: Runtime, event: TemplateCategoryChangedEvent): Promise<void> {
  const record = await storedTemplate(rt, event);
  if (record === null) return;
  const saved = await saveTemplate(rt, record, applyProviderCategory(record, {
    newCategory: event.newCategory, stage: event.stage, ...(event.effectiveAt === undefined ? {} : { effectiveAt: event.effectiveAt }),
  }, { clock: rt.clock }));
  if (saved !== null) rt.events.emit('template.category_changed', { template: saved, previousCategory: record.category });
}

export async function applyTemplateQuality(rt: Runtime, event: TemplateQualityChangedEvent): Promise<void> {
  const record = await storedTemplate(rt, event);
  if (record === null) return;
  const saved = await saveTemplate(rt, record, applyProviderQuality(record, event.newQuality, { clock: rt.clock }));
  if (saved !== null) rt.events.emit('template.quality_changed', { template: saved, previousQuality: record.quality });
}

/**
 * A message the business sent outside Switchboard (an operator in the VK web UI): stored in
 * the open dialog as a `sent` outbound message so the conversation view is complete. Echoes of
 * Switchboard's own sends are recognised by provider id and skipped.
 */
export async function applyEcho(rt: Runtime, event: MessageEchoEvent): Promise<void> {
  if (event.type === 'message.edited') return;
  const key = { channel: event.channel, accountId: event.accountId, providerMessageId: event.providerMessageId };
  if (await rt.store.messages.getByProviderId(key) !== null) return;
  const contact = await rt.store.contacts.findByAddress(event.peer);
  if (contact === null) return;
  const conversation = await rt.store.conversations.findOpen({ channel: event.channel, accountId: event.accountId, contactId: contact.id });
  if (conversation === null) return;
  const now = rt.clock.now();
  const message: Message = {
    id: rt.ids.next('msg'), conversationId: conversation.id, contactId: contact.id, channel: event.channel, accountId: event.accountId,
    direction: 'outbound', content: event.content, idempotencyKey: `echo:${event.channel}:${event.accountId}:${event.providerMessageId}`.slice(0, 256),
    providerMessageId: event.providerMessageId, status: 'sent', timestamps: { sent: event.timestamp }, providerTimestamp: event.timestamp, createdAt: now,
  };
  const appended = await rt.store.messages.append(message);
  if (!appended.created) return;
  const updated = await updateConversation(rt.store, conversation, (c) => (c.lastOutboundAt !== undefined && c.lastOutboundAt >= event.timestamp ? null : { lastOutboundAt: event.timestamp }));
  rt.events.emit('message.sent', { message: appended.message, conversation: updated });
}
