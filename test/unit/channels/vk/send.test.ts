import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createVkAdapter, vkConsentEventFromError, vkRandomId } from '../../../../src/channels/vk/index.js';
import type { OutboundMessage } from '../../../../src/channels/adapter.js';
import { newId } from '../../../../src/core/ids.js';
import { createVirtualClock } from '../../../../src/core/clock.js';
import { createVkSimulator } from '../../../../src/testing/vk.js';
import { CONFIRMATION, GROUP_ID, SECRET, TOKEN, rejection, useMswServer, vkWorld } from './helpers.js';

const server = useMswServer();
const USER = 100200300;

function text(body: string, key = 'key-1', to = USER): OutboundMessage {
  return { messageId: newId('msg'), idempotencyKey: key, to: { kind: 'vk_user', value: String(to) }, content: { type: 'text', text: body } };
}

describe('VK send: messages.send with random_id from the idempotency key', () => {
  it('sends text to a user who allows messages and returns VK\'s message id', async () => {
    const { sim, adapter, clock } = vkWorld(server, { allowedUsers: [USER] });
    const result = await adapter.send(text('Здравствуйте!'));
    expect(sim.sent).toHaveLength(1);
    expect(sim.sent[0]).toMatchObject({ peerId: USER, text: 'Здравствуйте!', randomId: vkRandomId('key-1') });
    expect(result).toEqual({ providerMessageId: String(sim.sent[0]!.messageId), acceptedAt: clock.now() });
    expect(sim.calls[0]!.params).toMatchObject({ v: '5.199', peer_id: String(USER) });
    expect(sim.calls[0]!.params).not.toHaveProperty('access_token');
  });

  it('the same idempotency key sent twice is one message with one id', async () => {
    const { sim, adapter } = vkWorld(server, { allowedUsers: [USER] });
    const first = await adapter.send(text('Once', 'order-42'));
    const second = await adapter.send(text('Once', 'order-42'));
    expect(second.providerMessageId).toBe(first.providerMessageId);
    expect(sim.sent).toHaveLength(1);
  });

  it('a lost answer (VK stored the message, the response never came) is retried with the same random_id and sends once', async () => {
    const { sim, adapter } = vkWorld(server, { allowedUsers: [USER] });
    sim.failNext('messages.send', 'lost_response');
    const result = await adapter.send(text('Exactly once', 'k-lost'));
    expect(sim.calls.map((c) => c.outcome)).toEqual(['lost_response', 'ok']);
    expect(sim.sent).toHaveLength(1);
    expect(result.providerMessageId).toBe(String(sim.sent[0]!.messageId));
  });

  it('under seeded network faults, 5xx and error 10, every message is sent exactly once', async () => {
    const { sim, adapter } = vkWorld(server, {
      allowedUsers: [USER], seed: 7, faults: { rate: 0.35, kinds: ['network', 'lost_response', 'http_500', { error: 10 }, { error: 1 }], methods: ['messages.send'] },
    }, { retry: { retries: 8 } });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await adapter.send(text(`n${i}`, `bulk-${i}`))).providerMessageId);
    expect(sim.calls.some((c) => c.outcome !== 'ok')).toBe(true);
    expect(sim.sent.map((m) => m.text)).toEqual(Array.from({ length: 30 }, (_, i) => `n${i}`));
    expect(new Set(ids).size).toBe(30);
  });

  it('error 6 is retried after VK\'s ~1 s pause; error 29 (daily quota) is surfaced with an hour to wait, not retried inline', async () => {
    const { sim, adapter, sleeps } = vkWorld(server, { allowedUsers: [USER] });
    sim.failNext('messages.send', { error: 6 });
    await adapter.send(text('after 6', 'k6'));
    expect(Math.max(...sleeps)).toBeGreaterThanOrEqual(1133);
    sim.failNext('messages.send', { error: 29 });
    const error = await rejection(adapter.send(text('after 29', 'k29')));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', providerCode: 29, retryable: true, retryAfterMs: 3_600_000 });
    expect(sim.calls.filter((c) => c.params.random_id === String(vkRandomId('k29')))).toHaveLength(1);
  });

  it.each([[5, 'AUTH_FAILED'], [15, 'ACCESS_DENIED'], [100, 'INVALID_REQUEST'], [902, 'RECIPIENT_UNAVAILABLE'], [914, 'INVALID_REQUEST']] as const)(
    'error %i is final (%s): one attempt, no retry', async (code, expected) => {
      const { sim, adapter } = vkWorld(server, { allowedUsers: [USER] });
      sim.failNext('messages.send', { error: code });
      const error = await rejection(adapter.send(text('x', `final-${code}`)));
      expect(error).toMatchObject({ code: expected, providerCode: code, retryable: false, provider: 'vk' });
      expect(sim.calls).toHaveLength(1);
    },
  );

  it('901 before the user allows messages: PERMISSION_DENIED with a consent fact; after message_allow the send goes through', async () => {
    const { sim, adapter } = vkWorld(server);
    const error = await rejection(adapter.send(text('Hi', 'k-perm')));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', providerCode: 901, remedy: 'ask_permission' });
    expect(vkConsentEventFromError(error, { accountId: String(GROUP_ID), now: 1 })).toMatchObject({
      type: 'consent.changed', contact: { kind: 'vk_user', value: String(USER) }, status: 'opted_out', purpose: 'all', providerCode: 901,
    });
    expect(vkConsentEventFromError(new Error('other'), { accountId: '1', now: 1 })).toBeUndefined();
    sim.allow(USER);
    await expect(adapter.send(text('Hi', 'k-perm'))).resolves.toMatchObject({ providerMessageId: '1' });
    sim.deny(USER);
    expect((await rejection(adapter.send(text('Again', 'k-perm-2')))).code).toBe('PERMISSION_DENIED');
  });

  it('a text above 4096 characters goes out as parts with keys key, key#1, ...; the keyboard rides on the last part; a retry sends nothing new', async () => {
    const { sim, adapter } = vkWorld(server, { allowedUsers: [USER] });
    const long = `${'а'.repeat(4000)}\n${'б'.repeat(4000)}\n${'в'.repeat(100)}`;
    const params = { peerId: USER, idempotencyKey: 'long', text: long, attachments: ['photo-1_2'], keyboard: { inline: true, buttons: [[{ action: { type: 'callback' as const, label: 'OK', payload: '{"a":1}' } }]] } };
    const outcome = await adapter.sendMessage(params);
    expect(outcome.randomIds).toEqual([vkRandomId('long'), vkRandomId('long#1'), vkRandomId('long#2')]);
    expect(sim.sent.map((m) => m.text).join('')).toBe(long);
    expect(sim.sent.map((m) => m.attachment)).toEqual(['photo-1_2', undefined, undefined]);
    expect(sim.sent.map((m) => m.keyboard === undefined)).toEqual([true, true, false]);
    await adapter.sendMessage(params);
    expect(sim.sent).toHaveLength(3);
    const viaSend = await adapter.send(text(long, 'long-2'));
    expect(viaSend.additionalProviderMessageIds).toHaveLength(2);
  });

  it('refuses bad input with INVALID_INPUT before calling VK', async () => {
    const { sim, adapter } = vkWorld(server, { allowedUsers: [USER] });
    const tooManyButtons = { inline: true, buttons: [[...Array.from({ length: 5 }, () => ({ action: { type: 'text' as const, label: 'x' } }))], [...Array.from({ length: 5 }, () => ({ action: { type: 'text' as const, label: 'y' } }))], [{ action: { type: 'text' as const, label: 'z' } }]] };
    expect((await rejection(adapter.sendMessage({ peerId: USER, idempotencyKey: 'kb', text: 'x', keyboard: tooManyButtons }))).code).toBe('INVALID_INPUT');
    expect((await rejection(adapter.sendMessage({ peerId: USER, idempotencyKey: 'e' }))).field).toBe('text');
    expect((await rejection(adapter.send({ ...text('x'), to: { kind: 'phone', value: '+14155550123' } }))).code).toBe('INVALID_INPUT');
    expect((await rejection(adapter.send({ ...text('x'), content: { type: 'template', name: 't', language: 'ru', parameters: [] } }))).code).toBe('UNSUPPORTED_CONTENT');
    expect(sim.calls).toHaveLength(0);
  });

  it('spaces concurrent requests under the 20/s community limit: 45 parallel sends never meet error 6 (real clock)', async () => {
    // Real time on purpose: concurrent waits only overlap on a real clock.
    const sim = createVkSimulator({ allowedUsers: [USER] });
    server.use(...sim.handlers);
    const adapter = createVkAdapter({ groupId: GROUP_ID, accessToken: TOKEN, secret: SECRET, confirmation: CONFIRMATION, retry: { retries: 0 } });
    await Promise.all(Array.from({ length: 45 }, (_, i) => adapter.send(text(`m${i}`, `rate-${i}`))));
    expect(sim.calls.map((c) => c.outcome).filter((o) => o !== 'ok')).toEqual([]);
    expect(sim.sent).toHaveLength(45);
  });

  it('the simulator answers error 6 to a client that ignores the limit', async () => {
    const sim = createVkSimulator({ allowedUsers: [USER], rateLimitPerSecond: 5, clock: createVirtualClock(0) });
    server.use(...sim.handlers);
    const form = (i: number) => new URLSearchParams({ access_token: sim.accessToken, v: '5.199', peer_id: String(USER), random_id: String(i + 1), message: 'x' });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => fetch(`${sim.baseUrl}/messages.send`, { method: 'POST', body: form(i) }).then((r) => r.json() as Promise<{ error?: { error_code: number } }>)));
    expect(answers.filter((a) => a.error?.error_code === 6)).toHaveLength(3);
  });

  it('never lets the token into an error, even when VK rejects it or the network fails', async () => {
    const wrongToken = 'vk1.a.wrong-token-that-must-stay-secret-123456';
    const { sim } = vkWorld(server, { allowedUsers: [USER] });
    const adapter = createVkAdapter({ groupId: GROUP_ID, accessToken: wrongToken, secret: SECRET, confirmation: CONFIRMATION, sleep: () => Promise.resolve() });
    const auth = await rejection(adapter.send(text('x')));
    expect(auth.code).toBe('AUTH_FAILED');
    sim.failNext('*', 'network', 10);
    const good = createVkAdapter({ groupId: GROUP_ID, accessToken: TOKEN, secret: SECRET, confirmation: CONFIRMATION, sleep: () => Promise.resolve(), retry: { retries: 2 } });
    const network = await rejection(good.send(text('y', 'net')));
    expect(network.code).toBe('SEND_OUTCOME_UNKNOWN');
    expect(network.retryable).toBe(true);
    for (const [error, token] of [[auth, wrongToken], [network, TOKEN]] as const) {
      expect(JSON.stringify(error)).not.toContain(token);
      expect(error.message).not.toContain(token);
      expect(String(error.stack)).not.toContain(token);
    }
  });
});

describe('VK bulk sends, read marks, permission checks and button answers', () => {
  it('peer_ids surfaces each recipient\'s error instead of dropping it (vk-io reads only response[0])', async () => {
    const { sim, adapter } = vkWorld(server, { allowedUsers: [1, 3] });
    const results = await adapter.sendBulk({ peerIds: [1, 2, 3, 2000000005], idempotencyKey: 'campaign-1', text: 'News' });
    expect(results.map((r) => [r.peerId, r.ok])).toEqual([[1, true], [2, false], [3, true], [2000000005, true]]);
    const failed = results[1];
    expect(failed?.ok === false && failed.error).toMatchObject({ code: 'PERMISSION_DENIED', providerCode: 901 });
    expect(results[3]).toMatchObject({ ok: true, messageId: '2000000005_1', conversationMessageId: 1 });
    await adapter.sendBulk({ peerIds: [1, 2, 3, 2000000005], idempotencyKey: 'campaign-1', text: 'News' });
    expect(sim.sent).toHaveLength(3);
    expect((await rejection(adapter.sendBulk({ peerIds: Array.from({ length: 101 }, (_, i) => i + 1), idempotencyKey: 'big', text: 'x' }))).field).toBe('peerIds');
  });

  it('markRead marks the conversation (and shows typing); isMessagingAllowed reflects allow/deny; answerMessageEvent answers a press', async () => {
    const { sim, adapter } = vkWorld(server, { allowedUsers: [USER] });
    await adapter.markRead('4512', { to: { kind: 'vk_user', value: String(USER) }, typing: true });
    expect(sim.calls.map((c) => c.method)).toEqual(['messages.markAsRead', 'messages.setActivity']);
    expect(sim.calls[0]!.params).toMatchObject({ peer_id: String(USER), start_message_id: '4512', mark_conversation_as_read: '1', group_id: String(GROUP_ID) });
    expect((await rejection(adapter.markRead('1'))).field).toBe('to');
    expect(await adapter.isMessagingAllowed(USER)).toBe(true);
    sim.deny(USER);
    expect(await adapter.isMessagingAllowed(USER)).toBe(false);
    await adapter.answerMessageEvent({ eventId: '1776a756b921', userId: 159526068, peerId: 2000000001, answer: { type: 'show_snackbar', text: 'Saved' } });
    expect(sim.calls.at(-1)).toMatchObject({ method: 'messages.sendMessageEventAnswer', params: { event_data: '{"type":"show_snackbar","text":"Saved"}' } });
  });

  it('uploads a photo from bytes and a document from a URL, and sends media given by URL after uploading it', async () => {
    const { sim, adapter } = vkWorld(server, { allowedUsers: [USER] });
    server.use(http.get('https://files.crm.test/invoice.pdf', () => new HttpResponse(new Uint8Array([37, 80, 68, 70]), { headers: { 'content-type': 'application/pdf' } })));
    const photo = await adapter.uploadPhoto(USER, { bytes: new Uint8Array([1, 2, 3]), filename: 'a.jpg', mimeType: 'image/jpeg' });
    expect(photo).toMatch(/^photo-232142875_\d+_[A-Za-z0-9]+$/);
    const doc = await adapter.uploadDocument(USER, { url: 'https://files.crm.test/invoice.pdf' });
    expect(doc).toMatch(/^doc232142875_\d+_[A-Za-z0-9|]+$/);
    const sent = await adapter.send({
      messageId: newId('msg'), idempotencyKey: 'media-1', to: { kind: 'vk_user', value: String(USER) },
      content: { type: 'media', text: 'Your invoice', attachments: [{ kind: 'document', url: 'https://files.crm.test/invoice.pdf', filename: 'invoice.pdf' }, { kind: 'image', mediaId: 'photo-1_2' }] },
    });
    expect(sent.providerMessageId).toBe(String(sim.sent.at(-1)!.messageId));
    expect(sim.sent.at(-1)!.attachment).toMatch(/^doc232142875_\d+_[^,]+,photo-1_2$/);
    expect(sim.calls.some((c) => c.method === 'docs.save' && c.params.title === 'invoice.pdf')).toBe(true);
  });

  it('refuses an upload for a user who has not allowed messages (901 from getMessagesUploadServer)', async () => {
    const { adapter } = vkWorld(server);
    expect((await rejection(adapter.uploadPhoto(USER, { bytes: new Uint8Array([1]), filename: 'a.jpg' }))).code).toBe('PERMISSION_DENIED');
  });

  it('execute returns sub-call failures from execute_errors as typed errors instead of dropping them', async () => {
    const { adapter } = vkWorld(server);
    server.use(http.post('https://api.vk.ru/method/execute', () => HttpResponse.json({
      response: { 1: false },
      execute_errors: [
        { method: 'messages.send', error_code: 917, error_msg: "You don't have access to this chat" },
        { method: 'execute', error_code: 917, error_msg: "You don't have access to this chat" },
      ],
    })));
    const result = await adapter.api.execute('return API.messages.send({"peer_id": 2000000001, "random_id": 1, "message": "x"});', { idempotent: true });
    expect(result.response).toEqual({ 1: false });
    expect(result.errors.map((e) => [e.code, e.providerCode, e.details?.method])).toEqual([['RECIPIENT_UNAVAILABLE', 917, 'messages.send'], ['RECIPIENT_UNAVAILABLE', 917, 'execute']]);
  });

  it('an answer that is not VK\'s { response } shape is INVALID_PROVIDER_RESPONSE, not a crash', async () => {
    const { adapter } = vkWorld(server, { allowedUsers: [USER] });
    server.use(http.post('https://api.vk.ru/method/messages.send', () => HttpResponse.text('<html>maintenance</html>')));
    expect((await rejection(adapter.send(text('x', 'html')))).code).toBe('INVALID_PROVIDER_RESPONSE');
    server.use(http.post('https://api.vk.ru/method/messages.send', () => HttpResponse.json({ response: 'five' })));
    expect((await rejection(adapter.send(text('x', 'shape')))).code).toBe('INVALID_PROVIDER_RESPONSE');
  });
});
