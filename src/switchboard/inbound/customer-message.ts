import type { ChannelAdapter, MessageReceivedEvent, ResolvedProfile } from '../../channels/adapter.js';
import { hasErrorCode } from '../../core/errors.js';
import type { Contact } from '../../model/contact.js';
import type { Conversation } from '../../model/conversation.js';
import type { Message } from '../../model/message.js';
import { detectConsentKeyword } from '../../policy/consent-keyword.js';
import { consentRecordFromKeyword } from '../../policy/consent-records.js';
import { updateConversation } from '../conversation-update.js';
import { conversationForInbound, reopenForInbound } from '../dialogs/inbound-rule.js';
import type { AuditLog } from '../../ports/audit-log.js';
import { facadeError } from '../errors.js';
import type { NewConversationResult } from '../hooks.js';
import { recordObservedConsent } from '../consent.js';
import type { CustomerMessagePayload, Runtime } from '../runtime.js';
import { refreshWindow } from './window.js';

interface FoundConversation {
  conversation: Conversation;
  created: boolean;
  restored: boolean;
}

/**
 * Stores one customer message: contact (unique by address) → open conversation (or a new one)
 * → message (unique by provider id) → window → consent keyword → `onNewConversation` for a
 * new dialog → events. Returns what automation is told, or null for a repeat delivery.
 */
export async function receiveCustomerMessage(rt: Runtime, adapter: ChannelAdapter, event: MessageReceivedEvent): Promise<CustomerMessagePayload | null> {
  const now = rt.clock.now();
  let contact = await rt.store.contacts.upsert({
    addresses: event.from.addresses, channel: event.channel, ...(event.from.name === undefined ? {} : { name: event.from.name.slice(0, 256) }),
  });
  const found = await conversationFor(rt, adapter, contact);
  const message: Message = {
    id: rt.ids.next('msg'),
    conversationId: found.conversation.id,
    contactId: contact.id,
    channel: event.channel,
    accountId: event.accountId,
    direction: 'inbound',
    content: event.content,
    idempotencyKey: `in:${event.channel}:${event.accountId}:${event.providerMessageId}`.slice(0, 256),
    providerMessageId: event.providerMessageId,
    status: 'received',
    timestamps: { received: now },
    providerTimestamp: event.timestamp,
    ...(event.replyTo === undefined ? {} : { replyTo: event.replyTo }),
    createdAt: now,
  };
  const appended = await rt.store.messages.append(message);
  if (!appended.created) {
    // Stored by an earlier delivery; the window reducer is idempotent, so finishing its work is safe.
    if (appended.message.conversationId === found.conversation.id) await refreshWindow(rt, adapter, found.conversation, event);
    return null;
  }
  let conversation = await refreshWindow(rt, adapter, found.conversation, event);
  await recordConsentKeyword(rt, appended.message, contact);
  if (found.created) ({ conversation, contact } = await welcome(rt, adapter, conversation, contact, appended.message, event));
  rt.metrics.inbound(event.channel);
  if (found.restored) rt.events.emit('conversation.restored', { conversation, actor: { kind: 'customer' } });
  if (found.created) rt.events.emit('conversation.opened', { conversation, contact });
  const payload = { message: appended.message, conversation, contact, isNewConversation: found.created };
  rt.events.emit('message.received', payload);
  return payload;
}

/**
 * The dialog a customer message belongs to: the open one; else the last one if it was closed
 * as spam (it stays closed) or as completed with `onMessageAfterCompleted: 'reopen'`; else a
 * new one (exactly one concurrent caller gets `created: true`).
 */
async function conversationFor(rt: Runtime, adapter: ChannelAdapter, contact: Contact): Promise<FoundConversation> {
  const key = { channel: adapter.channel, accountId: adapter.accountId, contactId: contact.id };
  const open = await rt.store.conversations.findOpen(key);
  if (open !== null) return { conversation: open, created: false, restored: false };
  const [latest] = (await rt.store.conversations.list(key, { limit: 1 })).items;
  const decision = conversationForInbound(latest ?? null, rt.policy);
  if (decision.action === 'append' || decision.action === 'append_closed') return { conversation: decision.conversation, created: false, restored: false };
  if (decision.action === 'reopen') {
    try {
      // With an audit log, the dialogs part reopens it (audit line + `conversation.restored`).
      const auditLog = (rt.store as Partial<Record<'auditLog', AuditLog>>).auditLog;
      if (auditLog !== undefined) {
        const reopened = await reopenForInbound({ store: rt.store, events: rt.events, policy: rt.policy, clock: rt.clock, auditLog }, decision.conversation);
        return { conversation: reopened, created: false, restored: false };
      }
      const reopened = await updateConversation(rt.store, decision.conversation, (c) => (c.status === 'open' ? null : { status: 'open', closeReason: null, closedAt: null }));
      return { conversation: reopened, created: false, restored: true };
    } catch (error) {
      // Another delivery opened a dialog for this contact meanwhile: use that one.
      if (!hasErrorCode(error, 'DUPLICATE')) throw error;
    }
  }
  const result = await rt.store.conversations.createOpen(key);
  return { conversation: result.conversation, created: result.created, restored: false };
}

async function recordConsentKeyword(rt: Runtime, message: Message, contact: Contact): Promise<void> {
  if (message.content.type !== 'text') return;
  const extra = rt.config.inbound.consentKeywords;
  const match = detectConsentKeyword(message.content.text, extra === undefined ? {} : { extra });
  if (match === null) return;
  const { id: _id, ...record } = consentRecordFromKeyword(match, {
    contactId: contact.id, channel: message.channel, messageId: message.id, recordedAt: message.providerTimestamp ?? message.createdAt, ids: rt.ids,
  });
  await recordObservedConsent(rt, record);
}

/**
 * A new dialog: title it ("<community>: <sender>"), let the host create its lead or contact and
 * assign it, and store what the host returned. The message is already stored, so a failing
 * hook loses nothing: it is reported on `error` and the dialog stays unlinked.
 */
async function welcome(rt: Runtime, adapter: ChannelAdapter, conversation: Conversation, welcomed: Contact, message: Message, event: MessageReceivedEvent): Promise<{ conversation: Conversation; contact: Contact }> {
  let contact = welcomed;
  const profile = await profileOf(rt, adapter, event);
  // VK events carry no names: the resolved profile names the contact (and the lead).
  if (contact.name === undefined && profile.displayName !== undefined && profile.displayName !== '') {
    contact = await rt.store.contacts.upsert({ addresses: event.from.addresses, channel: event.channel, name: profile.displayName.slice(0, 256) });
  }
  const sender = profile.displayName ?? event.from.name ?? contact.name ?? event.from.addresses[0]?.value ?? contact.id;
  const title = (profile.accountName === undefined || profile.accountName === '' ? sender : `${profile.accountName}: ${sender}`).slice(0, 512);
  let result: NewConversationResult | undefined;
  const hook = rt.config.hooks.onNewConversation;
  if (hook !== undefined) {
    try {
      result = await hook({
        conversation, contact, channel: adapter.channel, title, message,
        source: { channel: adapter.channel, accountId: adapter.accountId, ...(profile.accountName === undefined ? {} : { name: profile.accountName }) },
      }) ?? undefined;
    } catch (error) {
      rt.reportError(facadeError('HOOK_FAILED', `onNewConversation failed for conversation ${conversation.id}; the message is stored, link the dialog yourself`, {
        cause: error, details: { conversationId: conversation.id, contactId: contact.id },
      }), 'hooks.onNewConversation');
    }
  }
  const updated = await updateConversation(rt.store, conversation, (c) => {
    const links = [...c.links];
    for (const link of result?.links ?? []) if (!links.some((l) => l.type === link.type && l.id === link.id)) links.push(link);
    return {
      title: result?.title ?? c.title ?? title,
      ...(links.length === c.links.length ? {} : { links }),
      ...(result?.assigneeId === undefined || c.assigneeId !== null ? {} : { assigneeId: result.assigneeId }),
      ...(result?.ownerId === undefined ? {} : { ownerId: result.ownerId }),
    };
  });
  if (result?.assigneeId !== undefined && conversation.assigneeId === null && updated.assigneeId === result.assigneeId) {
    rt.events.emit('conversation.assigned', { conversation: updated, assigneeId: updated.assigneeId, previousAssigneeId: null, actor: { kind: 'system', reason: 'onNewConversation' } });
  }
  return { conversation: updated, contact };
}

async function profileOf(rt: Runtime, adapter: ChannelAdapter, event: MessageReceivedEvent): Promise<ResolvedProfile> {
  const address = event.from.addresses[0];
  if (adapter.resolveProfile === undefined || address === undefined) return {};
  try {
    return await adapter.resolveProfile(address);
  } catch (error) {
    rt.logger.warn({ channel: adapter.channel, err: error instanceof Error ? error.message : String(error) }, 'Could not resolve the sender\'s name for the lead title');
    return {};
  }
}
