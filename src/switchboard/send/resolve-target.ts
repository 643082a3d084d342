import type { ChannelAdapter } from '../../channels/adapter.js';
import type { ContactId } from '../../core/ids.js';
import { normalizePhone } from '../../core/phone.js';
import { parseWith } from '../../core/validation.js';
import type { CrmLink } from '../../model/common.js';
import type { Contact, ContactAddress } from '../../model/contact.js';
import { contactAddressSchema } from '../../model/contact.js';
import type { Conversation } from '../../model/conversation.js';
import { facadeError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { SendInput } from '../send-types.js';

/** Who a send goes to, resolved against the store. */
export interface SendTarget {
  adapter: ChannelAdapter;
  /** Null for a first message to an address nobody wrote from yet (created by {@link ensureTarget}). */
  contact: Contact | null;
  /** Null when there is no open conversation yet (created by {@link ensureTarget}). */
  conversation: Conversation | null;
  /** The address the provider gets: the contact's address of a kind the channel understands. */
  address: ContactAddress;
  /** CRM records for a conversation this send starts. */
  links: readonly CrmLink[];
}

/** A target whose contact and conversation exist. */
export type StoredTarget = SendTarget & { contact: Contact; conversation: Conversation };

/** Address kinds each known channel sends to, in order of preference. */
const ADDRESS_KINDS: Readonly<Record<string, readonly string[]>> = {
  whatsapp: ['phone', 'whatsapp_bsuid'],
  vk: ['vk_user'],
};

/**
 * Finds the conversation (by id), or the contact and its open conversation (by address),
 * without writing anything: a refused send stores nothing.
 *
 * @throws SwitchboardError `CONVERSATION_NOT_FOUND`, `CONVERSATION_CLOSED`, `UNKNOWN_CHANNEL`,
 *   `INVALID_PHONE` / `INVALID_INPUT` for a bad address.
 */
export async function resolveTarget(rt: Runtime, input: SendInput): Promise<SendTarget> {
  if ('conversationId' in input) {
    const conversation = await rt.store.conversations.get(input.conversationId);
    if (conversation === null) {
      throw facadeError('CONVERSATION_NOT_FOUND', `No conversation ${input.conversationId}`, { field: 'conversationId', remedy: 'fix_input' });
    }
    if (conversation.status === 'closed') {
      throw facadeError('CONVERSATION_CLOSED', `Conversation ${conversation.id} is closed (${conversation.closeReason ?? 'closed'}); restore it before replying`, {
        field: 'conversationId', remedy: 'none', details: { conversationId: conversation.id, closeReason: conversation.closeReason },
      });
    }
    const adapter = rt.channels.get(conversation.channel, conversation.accountId);
    const contact = await rt.store.contacts.get(conversation.contactId);
    if (contact === null) throw facadeError('CONVERSATION_NOT_FOUND', `The contact of conversation ${conversation.id} is gone`, { field: 'conversationId' });
    return { adapter, contact, conversation, address: addressFor(adapter, contact), links: [] };
  }
  const adapter = rt.channels.get(input.channel, input.accountId);
  const address = toAddress(rt, input.to, adapter.channel);
  const contact = await rt.store.contacts.findByAddress(address);
  const conversation = contact === null ? null : await rt.store.conversations.findOpen({ channel: adapter.channel, accountId: adapter.accountId, contactId: contact.id });
  return { adapter, contact, conversation, address: contact === null ? address : preferred(adapter, contact, address), links: input.links ?? [] };
}

/**
 * Creates what a first message to an address needs: the contact and an open conversation. A
 * business-initiated conversation does not call `onNewConversation` (the host started it from
 * a record it already has; pass `links` to attach it) and its window stays closed until the
 * customer writes.
 */
export async function ensureTarget(rt: Runtime, target: SendTarget): Promise<StoredTarget> {
  const contact = target.contact ?? await rt.store.contacts.upsert({ addresses: [target.address], channel: target.adapter.channel });
  const conversation = target.conversation ?? (await rt.store.conversations.createOpen({
    channel: target.adapter.channel, accountId: target.adapter.accountId, contactId: contact.id,
    ...(target.links.length === 0 ? {} : { links: [...target.links] }),
    ...(await permissionFromConsent(rt, contact.id, target.adapter)),
  })).conversation;
  return { ...target, contact, conversation };
}

/** A `to` as given to `send` (a phone in any format, a VK id, or an address) as a stored address. */
export function toAddress(rt: Runtime, to: string | ContactAddress, channel: string): ContactAddress {
  if (typeof to !== 'string') return parseWith(contactAddressSchema, to, 'send to');
  if (channel === 'vk' && /^[1-9]\d{0,18}$/.test(to)) return { kind: 'vk_user', value: to };
  const country = rt.policy.defaultCountry;
  return { kind: 'phone', value: normalizePhone(to, country === undefined ? {} : { defaultCountry: country }) };
}

/** The given address when the channel can use it, else the contact's best one for the channel. */
function preferred(adapter: ChannelAdapter, contact: Contact, given: ContactAddress): ContactAddress {
  const kinds = ADDRESS_KINDS[adapter.channel];
  if (kinds === undefined || kinds.includes(given.kind)) return given;
  return addressFor(adapter, contact);
}

/** The contact's address the channel sends to (phone before business-scoped id on WhatsApp). */
export function addressFor(adapter: ChannelAdapter, contact: Contact): ContactAddress {
  const kinds = ADDRESS_KINDS[adapter.channel];
  if (kinds === undefined) return contact.addresses[0] ?? failNoAddress(adapter, contact);
  for (const kind of kinds) {
    const found = contact.addresses.find((a) => a.kind === kind);
    if (found !== undefined) return found;
  }
  return failNoAddress(adapter, contact);
}

function failNoAddress(adapter: ChannelAdapter, contact: Contact): never {
  throw facadeError('UNSUPPORTED_CONTENT', `Contact ${contact.id} has no address ${adapter.channel} can send to`, { field: 'to', remedy: 'fix_input' });
}

/**
 * On permission channels (VK) a dialog the business starts inherits the user's latest
 * allow/deny, which arrives as a consent record for purpose `all` when no dialog existed yet.
 */
export async function permissionFromConsent(rt: Runtime, contactId: ContactId, adapter: ChannelAdapter): Promise<{ messagesAllowed?: boolean; messagesAllowedAt?: number }> {
  if (adapter.capabilities.window.kind !== 'permission') return {};
  const latest = await rt.store.consents.latest(contactId, adapter.channel, 'all');
  if (latest === null) return {};
  return { messagesAllowed: latest.status === 'opted_in', messagesAllowedAt: latest.recordedAt };
}
