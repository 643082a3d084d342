import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createVkAdapter, classifyVkError } from '../../../../src/channels/vk/index.js';
import { classifyVkResponse } from '../../../../src/channels/vk/api-client.js';
import { createVirtualClock } from '../../../../src/core/clock.js';
import type { InboundEvent } from '../../../../src/channels/adapter.js';
import { CONFIRMATION, GROUP_ID, SECRET, TOKEN, callbackRequest, fixtureBytes, fixtureJson, fixtureNames, rejection, useMswServer } from './helpers.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const server = useMswServer();

function adapter() {
  return createVkAdapter({ groupId: GROUP_ID, accessToken: TOKEN, secret: SECRET, confirmation: CONFIRMATION, clock: createVirtualClock(NOW), sleep: () => Promise.resolve(), random: () => 0.5 });
}

async function deliver(name: string, headers: Record<string, string> = {}) {
  const result = await adapter().handleWebhook(callbackRequest(fixtureBytes(name), headers));
  return { result, text: await result.response.text() };
}

function only(events: InboundEvent[]): InboundEvent {
  expect(events).toHaveLength(1);
  return events[0]!;
}

const eventFixtures = fixtureNames().filter((n) => !n.startsWith('error-') && !n.startsWith('messages-send'));

describe('VK fixtures: every callback event (exact bytes from test/fixtures/vk)', () => {
  it('covers every event fixture on disk', () => {
    expect(eventFixtures).toEqual([
      'confirmation.json', 'message-allow.json', 'message-deny.json', 'message-edit.json', 'message-event.json',
      'message-new.json', 'message-reply.json', 'message-typing-state.json',
    ]);
  });

  it('confirmation.json is answered with exactly the confirmation string as text/plain and no events', async () => {
    const { result, text } = await deliver('confirmation.json');
    expect(result.response.status).toBe(200);
    expect(text).toBe('test_vk_confirmation');
    expect(result.response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(result.events).toEqual([]);
  });

  it('message-new.json becomes a message.received with the Cyrillic text, the payload string and the vk_user sender', async () => {
    const { result, text } = await deliver('message-new.json');
    expect(text).toBe('ok');
    expect(only(result.events)).toEqual({
      type: 'message.received', channel: 'vk', accountId: '232142875',
      dedupeKey: 'vk:232142875:0f1e2d3c4b5a69788796a5b4c3d2e1f001234567',
      providerMessageId: '4512',
      from: { addresses: [{ kind: 'vk_user', value: '100200300' }] },
      content: { type: 'text', text: 'Здравствуйте! Где мой заказ?' },
      timestamp: 1767225600 * 1000,
      refreshesWindow: true,
      payload: '{"command":"start"}',
    });
  });

  it('message-reply.json (bare object, out 1, negative random_id) becomes a message.echo to the peer', async () => {
    const { result, text } = await deliver('message-reply.json');
    expect(text).toBe('ok');
    expect(only(result.events)).toMatchObject({
      type: 'message.echo', providerMessageId: '409', peer: { kind: 'vk_user', value: '1056538121' },
      content: { type: 'text', text: 'Тестовое сообщение из шлюза 2' }, timestamp: 1790537791000,
      dedupeKey: 'vk:232142875:f018b386b54d1a300c018d5b9308c308a1eb3a34',
    });
  });

  it('message-edit.json becomes message.edited of message 4512 stamped with update_time', async () => {
    const { result } = await deliver('message-edit.json');
    expect(only(result.events)).toMatchObject({ type: 'message.edited', providerMessageId: '4512', timestamp: 1767225660000, content: { type: 'text', text: 'Здравствуйте! Где мой заказ №123?' } });
  });

  it('message-allow.json is permission granted (purpose all, opted_in), message-deny.json permission withdrawn (opted_out)', async () => {
    const allow = only((await deliver('message-allow.json')).result.events);
    expect(allow).toMatchObject({ type: 'consent.changed', contact: { kind: 'vk_user', value: '578716413' }, purpose: 'all', status: 'opted_in', timestamp: NOW });
    const deny = only((await deliver('message-deny.json')).result.events);
    expect(deny).toMatchObject({ type: 'consent.changed', contact: { kind: 'vk_user', value: '578716413' }, purpose: 'all', status: 'opted_out' });
    expect(allow.dedupeKey).not.toBe(deny.dedupeKey);
  });

  it('message-typing-state.json becomes a typing interaction from the user', async () => {
    const { result } = await deliver('message-typing-state.json');
    expect(only(result.events)).toMatchObject({ type: 'interaction', kind: 'typing', from: { kind: 'vk_user', value: '578716413' } });
  });

  it('message-event.json keeps the button press id apart from the envelope event_id and serializes the object payload', async () => {
    const { result } = await deliver('message-event.json');
    expect(only(result.events)).toMatchObject({
      type: 'interaction', kind: 'callback_button', eventId: '1776a756b921', payload: '{"payload":"week"}', peerId: '2000000001',
      from: { kind: 'vk_user', value: '159526068' }, dedupeKey: 'vk:232142875:9f5a072b366f9529355236c6704e2465c9da9903',
    });
  });

  it('every event fixture is answered ok exactly (never "remove") and records X-Retry-Counter', async () => {
    for (const name of eventFixtures.filter((n) => n !== 'confirmation.json')) {
      const { result, text } = await deliver(name, { 'X-Retry-Counter': '2' });
      expect(text, name).toBe('ok');
      expect(result.retryCount, name).toBe(2);
      expect(result.error, name).toBeUndefined();
    }
  });

  it('all event_ids across the fixtures give distinct dedupe keys', async () => {
    const keys: string[] = [];
    for (const name of eventFixtures.filter((n) => n !== 'confirmation.json')) keys.push(...(await deliver(name)).result.events.map((e) => e.dedupeKey));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('VK fixtures: API responses and errors', () => {
  for (const [name, code, expected] of [
    ['error-response-6.json', 6, { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 1133 }],
    ['error-response-29.json', 29, { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 3_600_000 }],
    ['error-response-901.json', 901, { code: 'PERMISSION_DENIED', retryable: false, remedy: 'ask_permission' }],
  ] as const) {
    it(`${name} is classified as ${expected.code}`, () => {
      const body = fixtureJson(name);
      const failure = classifyVkResponse({ status: 200, headers: new Headers(), body });
      expect(failure?.error).toMatchObject({ ...expected, provider: 'vk', providerCode: code });
      expect(classifyVkError(code)).toMatchObject({ code: expected.code, retryable: expected.retryable });
      const method = (body.error as { request_params: { key: string; value: string }[] }).request_params.find((p) => p.key === 'method')?.value;
      expect(failure?.error.details?.method).toBe(method);
    });
  }

  it('error-response-901.json from messages.send rejects with PERMISSION_DENIED carrying the consent fact', async () => {
    server.use(http.post('https://api.vk.ru/method/messages.send', () => HttpResponse.json(fixtureJson('error-response-901.json'))));
    const error = await rejection(adapter().sendMessage({ peerId: 578716413, idempotencyKey: 'k-901', text: 'Hi' }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', providerCode: 901, remedy: 'ask_permission', retryable: false });
    expect(error.details?.consent).toEqual({ contact: { kind: 'vk_user', value: '578716413' }, purpose: 'all', status: 'opted_out' });
  });

  it('messages-send-response.json ({"response": 5}) gives provider message id "5"', async () => {
    server.use(http.post('https://api.vk.ru/method/messages.send', () => HttpResponse.json(fixtureJson('messages-send-response.json'))));
    const result = await adapter().send({ messageId: 'msg_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as never, idempotencyKey: 'k-5', to: { kind: 'vk_user', value: '100200300' }, content: { type: 'text', text: 'Hi' } });
    expect(result.providerMessageId).toBe('5');
  });

  it('messages-send-peer-ids-response.json (chat, message_id 0) gives "<peer>_<conversation_message_id>"', async () => {
    server.use(http.post('https://api.vk.ru/method/messages.send', () => HttpResponse.json(fixtureJson('messages-send-peer-ids-response.json'))));
    const result = await adapter().send({ messageId: 'msg_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as never, idempotencyKey: 'k-chat', to: { kind: 'vk_chat', value: '2000000002' }, content: { type: 'text', text: 'Hi chat' } });
    expect(result.providerMessageId).toBe('2000000002_207');
  });
});
