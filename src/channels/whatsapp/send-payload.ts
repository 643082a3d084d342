import type { OutboundMessage, OutboundTemplate } from '../adapter.js';
import { SwitchboardError } from '../../core/errors.js';
import type { Attachment } from '../../model/message.js';
import type { WhatsAppErrorCode } from './errors.js';

/** WhatsApp's longest text body and media caption (UTF-16 units, as Meta counts them). */
export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

type Json = Record<string, unknown>;

function invalid(message: string, field: string): SwitchboardError<WhatsAppErrorCode> {
  return new SwitchboardError<WhatsAppErrorCode>('WHATSAPP_INVALID_MESSAGE', message, { field, remedy: 'fix_input', provider: 'whatsapp' });
}

/** `to` (phone, with `+`) or `recipient` (business-scoped user id), as the send API takes them. */
export function recipientFields(message: OutboundMessage): Json {
  if (message.to.kind === 'phone') return { to: message.to.value };
  if (message.to.kind === 'whatsapp_bsuid') return { recipient: message.to.value };
  throw invalid(`WhatsApp cannot send to a "${message.to.kind}" address; use a phone number or a business-scoped user id`, 'to.kind');
}

/**
 * Builds the Graph request bodies for one CRM message, in sending order. Usually one; a media
 * message with several attachments becomes one provider message per attachment (WhatsApp
 * carries one file per message), and a text that cannot be a caption goes first on its own.
 *
 * Every body carries `biz_opaque_callback_data` = our message id, so status webhooks can be
 * matched even when they arrive before the send response.
 *
 * @throws SwitchboardError `WHATSAPP_INVALID_MESSAGE` (with `field`) for content WhatsApp cannot carry.
 */
export function buildSendBodies(message: OutboundMessage): Json[] {
  const common: Json = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...recipientFields(message),
    ...(message.replyTo === undefined ? {} : { context: { message_id: message.replyTo } }),
    biz_opaque_callback_data: message.messageId,
  };
  const content = message.content;
  switch (content.type) {
    case 'text':
      return [{ ...common, type: 'text', text: textBody(content.text, 'content.text', content.previewUrl) }];
    case 'template':
      return [{ ...common, type: 'template', template: templateBody(message.template ?? { name: content.name, language: content.language, body: content.parameters }) }];
    case 'media':
      return mediaBodies(common, content.attachments, content.text);
    case 'reaction':
      return [{ ...common, type: 'reaction', reaction: { message_id: content.targetProviderMessageId, emoji: content.emoji } }];
    case 'location': {
      const { latitude, longitude, name, address } = content;
      return [{ ...common, type: 'location', location: { latitude, longitude, ...(name === undefined ? {} : { name }), ...(address === undefined ? {} : { address }) } }];
    }
    case 'interactive_reply':
    case 'unsupported':
      throw invalid(`A "${content.type}" message cannot be sent over WhatsApp`, 'content.type');
  }
}

function textBody(text: string, field: string, previewUrl?: boolean): Json {
  if (text.length > MAX_TEXT_LENGTH) throw invalid(`A WhatsApp text may have at most ${MAX_TEXT_LENGTH} characters, got ${text.length}`, field);
  return { ...(previewUrl === undefined ? {} : { preview_url: previewUrl }), body: text };
}

const CAPTIONED = new Set<Attachment['kind']>(['image', 'video', 'document']);

function mediaBodies(common: Json, attachments: readonly Attachment[], text: string | undefined): Json[] {
  const bodies: Json[] = [];
  // The text rides as the first attachment's caption when it can; otherwise it goes first, alone.
  const first = attachments[0];
  const textAsCaption = text !== undefined && text !== '' && first !== undefined && CAPTIONED.has(first.kind) && first.caption === undefined && text.length <= MAX_CAPTION_LENGTH;
  if (text !== undefined && text !== '' && !textAsCaption) {
    bodies.push({ ...common, type: 'text', text: textBody(text, 'content.text') });
  }
  attachments.forEach((attachment, index) => {
    const caption = index === 0 && textAsCaption ? text : attachment.caption;
    if (caption !== undefined && !CAPTIONED.has(attachment.kind)) throw invalid(`WhatsApp ${attachment.kind} messages have no caption`, `content.attachments[${index}].caption`);
    if (caption !== undefined && caption.length > MAX_CAPTION_LENGTH) throw invalid(`A WhatsApp caption may have at most ${MAX_CAPTION_LENGTH} characters`, `content.attachments[${index}].caption`);
    const media: Json = {
      ...(attachment.mediaId === undefined ? { link: attachment.url } : { id: attachment.mediaId }),
      ...(caption === undefined ? {} : { caption }),
      ...(attachment.kind === 'document' && attachment.filename !== undefined ? { filename: attachment.filename } : {}),
    };
    // Only the first provider message quotes the replied-to message.
    const { context: _context, ...withoutContext } = common;
    bodies.push({ ...(bodies.length === 0 ? common : withoutContext), type: attachment.kind, [attachment.kind]: media });
  });
  return bodies;
}

function textParameters(values: readonly string[] | Readonly<Record<string, string>>): Json[] {
  if (Array.isArray(values)) return (values as readonly string[]).map((text) => ({ type: 'text', text }));
  return Object.entries(values).map(([name, text]) => ({ type: 'text', parameter_name: name, text }));
}

/** The `template` object of a template send: positional or named parameters, header, buttons. */
export function templateBody(template: OutboundTemplate): Json {
  const components: Json[] = [];
  const header = template.header;
  if (header !== undefined) {
    if (header.type === 'text') {
      components.push({ type: 'header', parameters: textParameters(header.parameters) });
    } else {
      if (header.mediaId === undefined && header.link === undefined) throw invalid('A media template header needs a mediaId or a link', 'template.header');
      const media: Json = {
        ...(header.mediaId === undefined ? { link: header.link } : { id: header.mediaId }),
        ...(header.type === 'document' && header.filename !== undefined ? { filename: header.filename } : {}),
      };
      components.push({ type: 'header', parameters: [{ type: header.type, [header.type]: media }] });
    }
  }
  const body = textParameters(template.body);
  if (body.length > 0) components.push({ type: 'body', parameters: body });
  for (const button of template.buttons ?? []) {
    const parameter = button.subType === 'url'
      ? { type: 'text', text: button.parameter }
      : button.subType === 'copy_code'
        ? { type: 'coupon_code', coupon_code: button.parameter }
        : { type: 'payload', payload: button.parameter };
    components.push({ type: 'button', sub_type: button.subType, index: String(button.index), parameters: [parameter] });
  }
  return { name: template.name, language: { code: template.language }, ...(components.length === 0 ? {} : { components }) };
}

/** The mark-as-read body, optionally with a typing indicator. */
export function markReadBody(providerMessageId: string, typing: boolean): Json {
  return {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: providerMessageId,
    ...(typing ? { typing_indicator: { type: 'text' } } : {}),
  };
}
