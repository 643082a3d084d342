import type { Attachment, MessageContent } from '../../model/message.js';
import { MAX_ATTACHMENTS } from '../../model/message.js';
import type { VkAttachment, VkMessage } from './callback-schemas.js';

/**
 * Maps a VK message's text, attachments and geo to Switchboard's {@link MessageContent}.
 *
 * Attachments keep VK's attachment string (`photo123_456_key`) as `mediaId`, so they can be
 * re-sent as is, plus a direct URL where VK gives one. More than {@link MAX_ATTACHMENTS} are cut
 * to that many. Kinds Switchboard does not model (wall posts, polls, links) are skipped; a message
 * with nothing else becomes `unsupported` with the VK type, never an error.
 */
export function vkMessageContent(message: VkMessage): MessageContent {
  const attachments: Attachment[] = [];
  const skipped: string[] = [];
  for (const item of message.attachments) {
    const mapped = mapAttachment(item);
    if (mapped === undefined) skipped.push(item.type);
    else if (attachments.length < MAX_ATTACHMENTS) attachments.push(mapped);
  }
  if (attachments.length > 0) {
    return { type: 'media', attachments, ...(message.text === '' ? {} : { text: message.text }) };
  }
  if (message.text !== '') return { type: 'text', text: message.text };
  if (message.geo !== undefined) {
    return { type: 'location', latitude: message.geo.coordinates.latitude, longitude: message.geo.coordinates.longitude };
  }
  const providerType = skipped[0] ?? (message.fwd_messages !== undefined && message.fwd_messages.length > 0 ? 'fwd_messages' : 'empty');
  return { type: 'unsupported', providerType, description: skipped.length > 1 ? `VK attachments: ${skipped.join(', ')}` : `VK ${providerType}` };
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function httpUrl(value: unknown): string | undefined {
  const s = str(value);
  return s !== undefined && /^https?:\/\//.test(s) && s.length <= 2048 ? s : undefined;
}

/** `photo-1_2_key`: VK's attachment reference, usable in `messages.send`'s `attachment`. */
function mediaRef(type: string, inner: Obj): string | undefined {
  const owner = num(inner.owner_id);
  const id = num(inner.id);
  if (owner === undefined || id === undefined) return undefined;
  const key = str(inner.access_key);
  return `${type}${owner}_${id}${key === undefined ? '' : `_${key}`}`;
}

function largestSizeUrl(sizes: unknown): string | undefined {
  if (!Array.isArray(sizes)) return undefined;
  let best: { url: string; area: number } | undefined;
  for (const size of sizes) {
    if (!isObj(size)) continue;
    const url = httpUrl(size.url);
    if (url === undefined) continue;
    const area = (num(size.width) ?? 0) * (num(size.height) ?? 0);
    if (best === undefined || area >= best.area) best = { url, area };
  }
  return best?.url;
}

function withRef(kind: Attachment['kind'], ref: string | undefined, url: string | undefined, extra: Partial<Attachment> = {}): Attachment | undefined {
  if (ref === undefined && url === undefined) return undefined;
  return { kind, ...(ref === undefined ? {} : { mediaId: ref }), ...(url === undefined ? {} : { url }), ...extra };
}

function mapAttachment(item: VkAttachment): Attachment | undefined {
  const inner = item[item.type];
  if (!isObj(inner)) return undefined;
  switch (item.type) {
    case 'photo':
      return withRef('image', mediaRef('photo', inner), largestSizeUrl(inner.sizes), captionOf(inner.text));
    case 'doc': {
      const title = str(inner.title);
      const size = num(inner.size);
      return withRef('document', mediaRef('doc', inner), httpUrl(inner.url), {
        ...(title === undefined ? {} : { filename: title.slice(0, 256) }),
        ...(size === undefined || size < 0 ? {} : { sizeBytes: size }),
      });
    }
    case 'audio_message':
      return withRef('audio', mediaRef('doc', inner), httpUrl(inner.link_mp3) ?? httpUrl(inner.link_ogg), { mimeType: httpUrl(inner.link_mp3) === undefined ? 'audio/ogg' : 'audio/mpeg' });
    case 'video':
      return withRef('video', mediaRef('video', inner), httpUrl(inner.player));
    case 'sticker': {
      const images = Array.isArray(inner.images) ? inner.images : undefined;
      const id = num(inner.sticker_id);
      return withRef('sticker', id === undefined ? undefined : `sticker${id}`, largestSizeUrl(images));
    }
    default:
      return undefined;
  }
}

function captionOf(text: unknown): Partial<Attachment> {
  const s = str(text);
  return s === undefined ? {} : { caption: s.slice(0, 1024) };
}
