import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AccountAlertEvent, ConsentChangedEvent, InboundEvent, InboundSender, MessageReceivedEvent, MessageStatusEvent } from '../adapter.js';
import { isE164 } from '../../core/phone.js';
import type { ContactAddress } from '../../model/contact.js';
import type { Attachment, MessageContent } from '../../model/message.js';
import { inboundDedupeKey } from '../../model/dedupe.js';
import { classifyGraphCode, messageErrorFromWebhook, webhookErrorSchema } from './errors.js';
import type { contactSchema } from './webhook-schema.js';
import { mediaSchema, messageBaseSchema, messagePartSchemas, messagesValueSchema, statusSchema } from './webhook-schema.js';

export const CHANNEL = 'whatsapp';
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9.]{1,128}$/;

/** Context for one change: the time to use for items that carry none. */
export interface NormalizeContext {
  now: number;
}

/** Normalizes one `field: "messages"` change into events; items that do not parse become alerts. */
export function normalizeMessagesChange(value: unknown, entryId: string, context: NormalizeContext): InboundEvent[] {
  const parsed = messagesValueSchema.safeParse(value);
  if (!parsed.success) return [malformed(entryId, 'messages', value, context.now, parsed.error.issues[0]?.message)];
  const change = parsed.data;
  const accountId = change.metadata.phone_number_id;
  const contacts = contactIndex(change.contacts ?? []);
  const events: InboundEvent[] = [];
  for (const raw of change.messages ?? []) {
    const message = normalizeMessage(raw, accountId, contacts);
    events.push(message ?? malformed(accountId, 'message', raw, context.now));
  }
  for (const raw of change.statuses ?? []) {
    const status = statusSchema.safeParse(raw);
    if (!status.success) {
      events.push(malformed(accountId, 'status', raw, context.now));
      continue;
    }
    events.push(...normalizeStatus(status.data, accountId));
  }
  for (const raw of change.errors ?? []) {
    const error = webhookErrorSchema.safeParse(raw);
    if (!error.success) {
      events.push(malformed(accountId, 'error', raw, context.now));
      continue;
    }
    const klass = classifyGraphCode(error.data.code);
    const event: AccountAlertEvent = {
      type: 'account.alert',
      channel: CHANNEL,
      accountId,
      dedupeKey: inboundDedupeKey(CHANNEL, accountId, `error:${fingerprint(raw)}`),
      code: klass.code,
      message: error.data.error_data?.details ?? error.data.message ?? error.data.title ?? `WhatsApp error ${error.data.code}`,
      providerCode: error.data.code,
      timestamp: context.now,
    };
    events.push(event);
  }
  return events;
}

function normalizeMessage(raw: unknown, accountId: string, contacts: Map<string, ContactInfo>): MessageReceivedEvent | undefined {
  const base = messageBaseSchema.safeParse(raw);
  if (!base.success) return undefined;
  const m = base.data;
  const contact = (m.from === undefined ? undefined : contacts.get(m.from)) ?? (m.from_user_id === undefined ? undefined : contacts.get(m.from_user_id));
  // The business-scoped id may sit only on the contact; the phone may be missing altogether.
  const addresses = senderAddresses(m.from ?? contact?.waId, m.from_user_id ?? contact?.userId);
  if (addresses.length === 0) return undefined;
  const name = contact?.name;
  const from: InboundSender = { addresses, ...(name === undefined ? {} : { name }) };
  const { content, payload } = messageContent(m.type, raw, m.errors?.[0]?.error_data?.details);
  const referral = m.referral;
  return {
    type: 'message.received',
    channel: CHANNEL,
    accountId,
    dedupeKey: inboundDedupeKey(CHANNEL, accountId, m.id),
    providerMessageId: m.id,
    from,
    content,
    timestamp: m.timestamp,
    refreshesWindow: content.type !== 'reaction',
    ...(m.context?.id === undefined ? {} : { replyTo: m.context.id }),
    ...(payload === undefined ? {} : { payload }),
    ...(referral === undefined
      ? {}
      : {
          referral: {
            sourceType: referral.source_type ?? 'unknown',
            ...(referral.source_id === undefined ? {} : { sourceId: referral.source_id }),
            ...(referral.source_url === undefined ? {} : { sourceUrl: referral.source_url }),
            ...(referral.headline === undefined ? {} : { headline: referral.headline }),
            ...(referral.ctwa_clid === undefined ? {} : { ctwaClid: referral.ctwa_clid }),
          },
        }),
  };
}

const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;

function messageContent(type: string, raw: unknown, errorDetails: string | undefined): { content: MessageContent; payload?: string } {
  const unsupported = (providerType: string): { content: MessageContent } => ({
    content: { type: 'unsupported', providerType: providerType.slice(0, 64), ...(errorDetails === undefined ? {} : { description: errorDetails.slice(0, 1024) }) },
  });
  switch (type) {
    case 'text': {
      const part = messagePartSchemas.text.safeParse(raw);
      return part.success && part.data.text.body !== '' ? { content: { type: 'text', text: part.data.text.body } } : unsupported(type);
    }
    case 'image': case 'video': case 'audio': case 'document': case 'sticker': {
      const kind = MEDIA_KINDS.find((k) => k === type) ?? 'document';
      const part = mediaSchema.safeParse(typeof raw === 'object' && raw !== null ? Reflect.get(raw, kind) : undefined);
      if (!part.success) return unsupported(type);
      const media = part.data;
      const attachment: Attachment = {
        kind,
        mediaId: media.id,
        ...(media.url !== undefined && URL.canParse(media.url) ? { url: media.url } : {}),
        ...(media.mime_type === undefined ? {} : { mimeType: media.mime_type }),
        ...(media.filename === undefined ? {} : { filename: media.filename.slice(0, 256) }),
        ...(media.caption === undefined ? {} : { caption: media.caption.slice(0, 1024) }),
        ...(media.sha256 === undefined ? {} : { sha256: media.sha256 }),
      };
      return { content: { type: 'media', attachments: [attachment], ...(media.caption === undefined ? {} : { text: media.caption }) } };
    }
    case 'location': {
      const part = messagePartSchemas.location.safeParse(raw);
      if (!part.success) return unsupported(type);
      const { latitude, longitude, name, address } = part.data.location;
      return { content: { type: 'location', latitude, longitude, ...(name === undefined ? {} : { name }), ...(address === undefined ? {} : { address }) } };
    }
    case 'reaction': {
      const part = messagePartSchemas.reaction.safeParse(raw);
      if (!part.success) return unsupported(type);
      return { content: { type: 'reaction', emoji: (part.data.reaction.emoji ?? '').slice(0, 16), targetProviderMessageId: part.data.reaction.message_id } };
    }
    case 'button': {
      const part = messagePartSchemas.button.safeParse(raw);
      if (!part.success) return unsupported(type);
      const { payload, text } = part.data.button;
      return { content: { type: 'interactive_reply', replyId: (payload ?? text).slice(0, 512), title: text }, ...(payload === undefined ? {} : { payload }) };
    }
    case 'interactive': {
      const part = messagePartSchemas.interactive.safeParse(raw);
      const reply = part.success ? (part.data.interactive.button_reply ?? part.data.interactive.list_reply) : undefined;
      if (reply === undefined) return unsupported(part.success ? `interactive.${part.data.interactive.type}` : type);
      return { content: { type: 'interactive_reply', replyId: reply.id, title: reply.title }, payload: reply.id };
    }
    case 'unsupported': {
      const part = messagePartSchemas.unsupported.safeParse(raw);
      return unsupported(part.success && part.data.unsupported?.type !== undefined ? part.data.unsupported.type : 'unsupported');
    }
    default:
      return unsupported(type);
  }
}

function normalizeStatus(status: z.infer<typeof statusSchema>, accountId: string): InboundEvent[] {
  // `played` (first play of a voice message) is the strongest evidence of `read`.
  const value = status.status === 'played' ? 'read' : status.status;
  const recipient = recipientAddress(status.recipient_id, status.recipient_user_id);
  const firstError = status.errors?.[0];
  const pricing = status.pricing;
  const event: MessageStatusEvent = {
    type: 'message.status',
    channel: CHANNEL,
    accountId,
    dedupeKey: inboundDedupeKey(CHANNEL, accountId, `${status.id}:${status.status}`),
    providerMessageId: status.id,
    status: value,
    timestamp: status.timestamp,
    ...(recipient === undefined ? {} : { recipient }),
    ...(status.biz_opaque_callback_data === undefined ? {} : { messageId: status.biz_opaque_callback_data }),
    ...(firstError === undefined ? {} : { error: messageErrorFromWebhook(firstError) }),
    ...(pricing === undefined
      ? {}
      : {
          pricing: {
            // `billable` is being deprecated; a `regular` pricing type is billable.
            billable: pricing.billable ?? pricing.type === 'regular',
            ...(pricing.category === undefined ? {} : { category: pricing.category }),
            ...(pricing.pricing_model === undefined ? {} : { model: pricing.pricing_model }),
          },
        }),
  };
  const events: InboundEvent[] = [event];
  if (status.status === 'failed' && recipient !== undefined && status.errors?.some((e) => e.code === 131050) === true) {
    const consent: ConsentChangedEvent = {
      type: 'consent.changed',
      channel: CHANNEL,
      accountId,
      dedupeKey: inboundDedupeKey(CHANNEL, accountId, `${status.id}:optout`),
      contact: recipient,
      purpose: 'marketing',
      status: 'opted_out',
      timestamp: status.timestamp,
      providerCode: 131050,
    };
    events.push(consent);
  }
  return events;
}

function senderAddresses(waId: string | undefined, userId: string | undefined): ContactAddress[] {
  const out: ContactAddress[] = [];
  if (waId !== undefined && isE164(`+${waId}`)) out.push({ kind: 'phone', value: `+${waId}` });
  if (userId !== undefined && BSUID.test(userId)) out.push({ kind: 'whatsapp_bsuid', value: userId });
  return out;
}

function recipientAddress(waId: string | undefined, userId: string | undefined): ContactAddress | undefined {
  return senderAddresses(waId !== undefined && /^\d+$/.test(waId) ? waId : undefined, userId)[0];
}

interface ContactInfo {
  name?: string;
  waId?: string;
  userId?: string;
}

/** `contacts[]` indexed by both `wa_id` and `user_id`. */
function contactIndex(contacts: readonly z.infer<typeof contactSchema>[]): Map<string, ContactInfo> {
  const index = new Map<string, ContactInfo>();
  for (const contact of contacts) {
    const name = contact.profile?.name ?? contact.profile?.username;
    const info: ContactInfo = {
      ...(name === undefined ? {} : { name }),
      ...(contact.wa_id === undefined ? {} : { waId: contact.wa_id }),
      ...(contact.user_id === undefined ? {} : { userId: contact.user_id }),
    };
    if (contact.wa_id !== undefined) index.set(contact.wa_id, info);
    if (contact.user_id !== undefined) index.set(contact.user_id, info);
  }
  return index;
}

/** A stable id for an item without one of its own: redeliveries of the same bytes dedupe. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value === undefined ? null : value)).digest('hex').slice(0, 32);
}

/** An item that did not parse: reported, never silently dropped, never failing the batch. */
export function malformed(accountId: string, what: string, raw: unknown, now: number, reason?: string): AccountAlertEvent {
  return {
    type: 'account.alert',
    channel: CHANNEL,
    accountId,
    dedupeKey: inboundDedupeKey(CHANNEL, accountId, `malformed:${what}:${fingerprint(raw)}`),
    code: 'WHATSAPP_MALFORMED_ITEM',
    message: `A webhook ${what} did not match the expected shape and was skipped${reason === undefined ? '' : `: ${reason}`}`,
    timestamp: now,
  };
}
