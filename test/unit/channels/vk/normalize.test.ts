import { describe, expect, it } from 'vitest';
import { normalizeVkEvent } from '../../../../src/channels/vk/index.js';
import type { InboundEvent } from '../../../../src/channels/adapter.js';
import { vkEvent, vkMessageNewEvent } from '../../../../src/testing/vk.js';
import { GROUP_ID } from './helpers.js';

const ctx = { accountId: String(GROUP_ID), dedupeKey: 'vk:232142875:e1', now: 1_767_225_700_000 };
const event = { groupId: GROUP_ID, eventId: 'e1' };

function one(envelope: ReturnType<typeof vkEvent>): InboundEvent {
  const result = normalizeVkEvent(envelope, ctx);
  expect(result.error).toBeUndefined();
  expect(result.events).toHaveLength(1);
  return result.events[0]!;
}

function content(envelope: ReturnType<typeof vkEvent>) {
  const e = one(envelope);
  if (e.type !== 'message.received') throw new Error(`expected message.received, got ${e.type}`);
  return e;
}

// The photo and forwarded message of the captured vkwave fixture (research F3), sizes trimmed.
const photo = { type: 'photo', photo: { id: 457239018, album_id: -6, owner_id: 578716413, sizes: [
  { type: 's', url: 'https://sun9-60.userapi.com/small.jpg', width: 75, height: 71 },
  { type: 'm', url: 'https://sun9-60.userapi.com/c206620/v206620889/3dc7e/1V1Vr0O4iHQ.jpg', width: 130, height: 123 },
], text: '', date: 1579116704, post_id: 1 } };

describe('normalizeVkEvent: message content', () => {
  it('a photo keeps VK\'s reference as mediaId and the largest size as url; the text rides along', () => {
    const e = content(vkMessageNewEvent({ fromId: 578716413, id: 305, text: 'bruh', attachments: [photo] }, event));
    expect(e.content).toEqual({ type: 'media', text: 'bruh', attachments: [{ kind: 'image', mediaId: 'photo578716413_457239018', url: 'https://sun9-60.userapi.com/c206620/v206620889/3dc7e/1V1Vr0O4iHQ.jpg' }] });
  });

  it('documents, voice messages and stickers map to document, audio and sticker attachments', () => {
    const e = content(vkMessageNewEvent({ fromId: 1, attachments: [
      { type: 'doc', doc: { id: 5, owner_id: 1, title: 'invoice.pdf', size: 1234, url: 'https://vk.com/doc1_5', access_key: 'abc' } },
      { type: 'audio_message', audio_message: { id: 6, owner_id: 1, link_ogg: 'https://psv4.userapi.com/a.ogg' } },
      { type: 'sticker', sticker: { sticker_id: 9, images: [{ url: 'https://vk.com/sticker/9.png', width: 128, height: 128 }] } },
    ] }, event));
    expect(e.content).toEqual({ type: 'media', attachments: [
      { kind: 'document', mediaId: 'doc1_5_abc', url: 'https://vk.com/doc1_5', filename: 'invoice.pdf', sizeBytes: 1234 },
      { kind: 'audio', mediaId: 'doc1_6', url: 'https://psv4.userapi.com/a.ogg', mimeType: 'audio/ogg' },
      { kind: 'sticker', mediaId: 'sticker9', url: 'https://vk.com/sticker/9.png' },
    ] });
  });

  it('a wall post alone is unsupported (kept, not an error); a geo message is a location', () => {
    expect(content(vkMessageNewEvent({ fromId: 1, attachments: [{ type: 'wall', wall: { id: 1, owner_id: -1 } }] }, event)).content).toEqual({ type: 'unsupported', providerType: 'wall', description: 'VK wall' });
    const geo = vkEvent('message_new', { message: { date: 1, from_id: 1, id: 2, peer_id: 1, text: '', geo: { coordinates: { latitude: 55.75, longitude: 37.62 } } } }, event);
    expect(content(geo).content).toEqual({ type: 'location', latitude: 55.75, longitude: 37.62 });
  });

  it('a chat message (bots get id 0) is identified by <peer_id>_<conversation_message_id>', () => {
    const e = content(vkMessageNewEvent({ fromId: 173308266, peerId: 2000000001, id: 0, conversationMessageId: 2670, text: 'Ты как?' }, event));
    expect(e.providerMessageId).toBe('2000000001_2670');
    expect(e.from.addresses).toEqual([{ kind: 'vk_user', value: '173308266' }]);
  });

  it('a reply carries the replied message id; an object payload becomes its JSON text', () => {
    const envelope = vkEvent('message_new', { message: { date: 1, from_id: 1, id: 3, peer_id: 1, text: 'да', reply_message: { id: 2 }, payload: { command: 'start' } } }, event);
    expect(content(envelope)).toMatchObject({ replyTo: '2', payload: '{"command":"start"}' });
  });
});

describe('normalizeVkEvent: other events', () => {
  it('message_read becomes a read status for read_message_id', () => {
    expect(one(vkEvent('message_read', { from_id: 5, peer_id: 5, read_message_id: 4513, conversation_message_id: 88 }, event))).toMatchObject({
      type: 'message.status', status: 'read', providerMessageId: '4513', recipient: { kind: 'vk_user', value: '5' }, timestamp: ctx.now,
    });
  });

  it('a message from another community is addressed as vk_group', () => {
    expect(content(vkMessageNewEvent({ fromId: -5, peerId: 2000000003, id: 0, conversationMessageId: 1, text: 'hi' }, event)).from.addresses).toEqual([{ kind: 'vk_group', value: '5' }]);
  });
});
