/**
 * Delivery semantics one scenario at a time (research §6 B–D): batched webhooks, storage
 * outages during capture, provider refusals that close the window, permanent errors, VK error
 * bodies in HTTP 200, dead-letter replay and long texts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../../src/core/clock.js';
import { isSwitchboardError } from '../../src/core/errors.js';
import type { Store } from '../../src/ports/store.js';
import { messagesEnvelope } from '../../src/testing/whatsapp/payloads.js';
import { deadLetters, ledgerViolations, messagesOf } from './support/audit.js';
import type { BackendFactory } from './support/backends.js';
import { memoryBackend } from './support/backends.js';
import { seeds } from './support/env.js';
import type { World } from './support/world.js';
import { ACCOUNT, createWorld } from './support/world.js';

let world: World | undefined;
afterEach(async () => { await world?.close(); world = undefined; });
const [SEED = 1] = seeds(1);

const inboundMessage = (from: string, id: string, text: string, timestamp: number): Record<string, unknown> => ({
  from, id, timestamp: String(Math.floor(timestamp / 1000)), type: 'text', text: { body: text },
});

describe('B. webhook delivery semantics', () => {
  it('scenario 12: one malformed status and two valid messages in one batch → both messages stored, the bad item skipped, 200', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const now = w.clock.now();
    const payload = messagesEnvelope(w.wa.account, {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: w.wa.account.displayPhoneNumber, phone_number_id: w.wa.account.phoneNumberId },
      contacts: [{ profile: { name: 'Ada' }, wa_id: '16505550501' }],
      messages: [inboundMessage('16505550501', 'wamid.batch-1', 'one', now), inboundMessage('16505550501', 'wamid.batch-2', 'two', now)],
      statuses: [{ id: 'wamid.unknown', status: 'exploded', timestamp: 'soon', recipient_id: 12 }],
    });
    expect((await w.deliverWa(payload)).status).toBe(200);
    for (const id of ['wamid.batch-1', 'wamid.batch-2']) {
      expect(await w.store.messages.getByProviderId({ channel: 'whatsapp', accountId: w.wa.account.phoneNumberId, providerMessageId: id })).not.toBeNull();
    }
  });

  it('scenario 12: 2 entries × 2 changes × 3 messages in one request → all 12 stored', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const now = w.clock.now();
    const change = (e: number, c: number): Record<string, unknown> => ({
      field: 'messages',
      value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: w.wa.account.displayPhoneNumber, phone_number_id: w.wa.account.phoneNumberId },
        contacts: [{ profile: { name: 'Batch' }, wa_id: `1650555060${String(e * 2 + c)}` }],
        messages: [0, 1, 2].map((m) => inboundMessage(`1650555060${String(e * 2 + c)}`, `wamid.grid-${e}-${c}-${m}`, `grid ${e} ${c} ${m}`, now)),
      },
    });
    const payload = { object: 'whatsapp_business_account', entry: [0, 1].map((e) => ({ id: w.wa.account.wabaId, changes: [0, 1].map((c) => change(e, c)) })) };
    expect((await w.deliverWa(payload)).status).toBe(200);
    let stored = 0;
    for (let e = 0; e < 2; e++) for (let c = 0; c < 2; c++) for (let m = 0; m < 3; m++) {
      if (await w.store.messages.getByProviderId({ channel: 'whatsapp', accountId: w.wa.account.phoneNumberId, providerMessageId: `wamid.grid-${e}-${c}-${m}` }) !== null) stored++;
    }
    expect(stored).toBe(12);
  });

  it('scenario 13: the store fails while a webhook is captured → 503 with Retry-After; the redelivery after recovery is stored once', async () => {
    let failing = false;
    const flaky: BackendFactory = async (options) => {
      const backend = await memoryBackend(options);
      const wrap = (store: Store): Store => ({
        ...store,
        messages: { ...store.messages, append: async (message) => { if (failing) throw new Error('connection refused (simulated outage)'); return await store.messages.append(message); } },
      });
      return { ...backend, stores: backend.stores.map(wrap) };
    };
    const w = (world = await createWorld({ seed: SEED, backend: flaky }));
    const conversationId = await w.waCustomer('16505550701', 'hello');
    const { payload } = w.wa.inbound({ from: '16505550701', text: 'during the outage' });
    failing = true;
    const refused = await w.deliverWa(payload);
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
    failing = false;
    expect((await w.deliverWa(payload)).status).toBe(200);
    expect((await w.deliverWa(payload)).status).toBe(200);
    const texts = (await messagesOf(w.store, [conversationId])).map((m) => (m.content.type === 'text' ? m.content.text : ''));
    expect(texts.filter((t) => t === 'during the outage')).toHaveLength(1);
  });
});

describe('C. the 24 h window', () => {
  it('scenario 18: a reply at T+23h59m goes out; at T+24h+1s it is refused locally (WINDOW_CLOSED, no API call, no hold); a late inbound with an older time does not move the window', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const conversationId = await w.waCustomer('16505551201', 'question');
    const inboundAt = (await w.store.conversations.get(conversationId))?.lastInboundAt ?? 0;
    w.clock.advance(23 * HOUR + 59 * MINUTE);
    expect((await w.sb.send({ conversationId, text: 'in time' })).message.status).toBe('sent');
    const { payload } = w.wa.inbound({ from: '16505551201', text: 'late retry of an old message', at: inboundAt - HOUR });
    expect((await w.deliverWa(payload)).status).toBe(200);
    expect((await w.store.conversations.get(conversationId))?.lastInboundAt).toBe(inboundAt);
    w.clock.advance(MINUTE + SECOND);
    const requests = w.wa.requests.length;
    const before = await w.ledger.balance(ACCOUNT);
    await expect(w.sb.send({ conversationId, text: 'too late' })).rejects.toMatchObject({ code: 'WINDOW_CLOSED' });
    expect(w.wa.requests.length).toBe(requests);
    expect(await w.ledger.balance(ACCOUNT)).toEqual(before);
  });
});

describe('C/D. refusals, retries and dead letters', () => {
  it('scenario 19: WhatsApp answers 131047 although the local window is open → the message fails, its hold is released, nothing is retried', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const conversationId = await w.waCustomer('16505550801');
    w.wa.closeWindow('16505550801');
    const error = await w.sb.send({ conversationId, text: 'late reply', idempotencyKey: 'late-1' }).then(() => undefined, (e: unknown) => e);
    expect(isSwitchboardError(error)).toBe(true);
    const [message] = (await messagesOf(w.store, [conversationId])).filter((m) => m.direction === 'outbound');
    expect(message?.status).toBe('failed');
    expect((await w.ledger.getHold(message?.id ?? ''))?.status).toBe('released');
    w.clock.advance(10 * MINUTE);
    expect(await w.sb.outbox.run()).toMatchObject({ sent: 0, retried: 0 });
    expect(w.wa.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(1);
  });

  it('scenario 19: after WhatsApp answered 131047 the window is marked closed — the next free-form send is refused locally (WINDOW_CLOSED), with no API call and no hold', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const conversationId = await w.waCustomer('16505550802');
    w.wa.closeWindow('16505550802');
    await w.sb.send({ conversationId, text: 'late reply' }).catch(() => undefined);
    const before = await w.ledger.balance(ACCOUNT);
    await expect(w.sb.send({ conversationId, text: 'again' })).rejects.toMatchObject({ code: 'WINDOW_CLOSED', remedy: 'template' });
    expect(w.wa.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(1);
    expect(await w.ledger.balance(ACCOUNT)).toEqual(before);
  });

  it('scenario 24: permanent refusals (VK 914, WhatsApp invalid parameter) are not retried, fail the message with the provider code and release the hold', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const vkConversation = await w.vkCustomer(9_101);
    const waConversation = await w.waCustomer('16505550901');
    w.vk.failNext('messages.send', { error: 914 });
    w.wa.failNext({ code: 100, status: 400, title: 'Invalid parameter' });
    for (const conversationId of [vkConversation, waConversation]) {
      const error = await w.sb.send({ conversationId, text: 'refused' }).then(() => undefined, (e: unknown) => e);
      expect(isSwitchboardError(error), String(error)).toBe(true);
    }
    const failed = (await messagesOf(w.store, [vkConversation, waConversation])).filter((m) => m.direction === 'outbound');
    expect(failed.map((m) => [m.channel, m.status, m.error?.providerCode])).toEqual([['vk', 'failed', 914], ['whatsapp', 'failed', 100]]);
    for (const m of failed) expect((await w.ledger.getHold(m.id))?.status).toBe('released');
    w.clock.advance(10 * MINUTE);
    expect(await w.sb.outbox.run()).toMatchObject({ sent: 0 });
    expect(w.vk.calls.filter((c) => c.method === 'messages.send')).toHaveLength(1);
    expect(await ledgerViolations(w.ledger, ACCOUNT)).toEqual([]);
  });

  it('scenario 20: VK stored a message whose answer was lost; a retry refused for good (901) does not report the delivered message failed or release its credits', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const conversationId = await w.vkCustomer(9_151);
    w.vk.failNext('messages.send', 'lost_response');
    w.vk.failNext('messages.send', { error: 901 });
    const outcome = await w.sb.send({ conversationId, text: 'stored by VK' }).then((o) => o.message, () => undefined);
    expect(w.vk.sent.map((m) => m.text)).toEqual(['stored by VK']);
    const [message] = (await messagesOf(w.store, [conversationId])).filter((m) => m.direction === 'outbound');
    expect(outcome?.status ?? message?.status).not.toBe('failed');
    expect((await w.ledger.getHold(message?.id ?? ''))?.status).not.toBe('released');
  });

  it('scenario 25: VK error 6 inside an HTTP 200 body is a rate limit: the message stays queued and the outbox sends it once', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const conversationId = await w.vkCustomer(9_201);
    w.vk.failNext('messages.send', { error: 6 }, 2);
    const { message } = await w.sb.send({ conversationId, text: 'rate limited' });
    expect(message.status).toBe('queued');
    w.clock.advance(2 * MINUTE);
    expect(await w.sb.outbox.run()).toMatchObject({ sent: 1 });
    expect(w.vk.sent.map((m) => m.text)).toEqual(['rate limited']);
  });

  it('scenario 29: a dead letter replayed reuses the message id, the VK random_id and the credits hold — one copy, one charge', async () => {
    const w = (world = await createWorld({ seed: SEED, config: { outbox: { retryDelaysMs: [SECOND] } } }));
    const vkConversation = await w.vkCustomer(9_301);
    const waConversation = await w.waCustomer('16505551001');
    w.vk.failNext('messages.send', 'lost_response', 1);
    w.vk.failNext('messages.send', 'http_500', 3);
    w.wa.failNext('server_error', { times: 4 });
    const vk = (await w.sb.send({ conversationId: vkConversation, text: 'dead letter VK' })).message;
    const wa = (await w.sb.send({ conversationId: waConversation, text: 'dead letter WA' })).message;
    for (let i = 0; i < 3; i++) { w.clock.advance(2 * MINUTE); await w.sb.outbox.run(); }
    const dead = await deadLetters(w.sb);
    expect(dead.map((j) => j.messageId).sort()).toEqual([vk.id, wa.id].sort());
    for (const job of dead) await w.sb.outbox.retryDeadLetter(job.id);
    w.clock.advance(SECOND);
    expect(await w.sb.outbox.run()).toMatchObject({ sent: 2 });
    for (const accepted of w.wa.sent) for (const p of w.wa.statuses(accepted, ['sent', 'delivered'])) await w.deliverWa(p);
    expect(w.vk.sent.map((m) => m.text)).toEqual(['dead letter VK']);
    expect(new Set(w.vk.calls.filter((c) => c.method === 'messages.send').map((c) => c.params.random_id)).size).toBe(1);
    expect(w.wa.sent.map((m) => m.bizOpaqueCallbackData)).toEqual([wa.id]);
    expect((await w.ledger.getHold(vk.id))?.status).toBe('captured');
    expect((await w.ledger.getHold(wa.id))?.status).toBe('captured');
    expect(await ledgerViolations(w.ledger, ACCOUNT)).toEqual([]);
  });

  it('scenario 29: a VK dead letter whose earlier attempt VK stored (answer lost), replayed two hours later, does not reach the customer twice', async () => {
    const w = (world = await createWorld({ seed: SEED, config: { outbox: { retryDelaysMs: [SECOND] } } }));
    const conversationId = await w.vkCustomer(9_501);
    w.vk.failNext('messages.send', 'lost_response', 1);
    w.vk.failNext('messages.send', 'http_500', 3);
    const { message } = await w.sb.send({ conversationId, text: 'replayed later' });
    for (let i = 0; i < 3; i++) { w.clock.advance(2 * MINUTE); await w.sb.outbox.run(); }
    const [job] = await deadLetters(w.sb);
    expect(job?.messageId).toBe(message.id);
    w.clock.advance(2 * HOUR);
    // Either the replay is refused with a typed error, or it goes out without a second copy.
    const replay = await w.sb.outbox.retryDeadLetter(job?.id ?? '').then(() => 'requeued', (error: unknown) => (isSwitchboardError(error) ? 'refused' : 'untyped'));
    expect(replay).not.toBe('untyped');
    await w.sb.outbox.run();
    expect(w.vk.sent.map((m) => m.text)).toEqual(['replayed later']);
  });

  it('scenario 45: 4 096 emoji — every part the provider received is within its limit, with no broken surrogate pair', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const waConversation = await w.waCustomer('16505551101');
    const vkConversation = await w.vkCustomer(9_401);
    const text = '👍🏽'.repeat(4_096);
    for (const conversationId of [waConversation, vkConversation]) {
      await w.sb.send({ conversationId, text }).catch((error: unknown) => { expect(isSwitchboardError(error), String(error)).toBe(true); });
    }
    const broken = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const sent of w.wa.sent) {
      const body = (sent.body.text as { body: string }).body;
      expect(body.length).toBeLessThanOrEqual(4_096);
      expect(broken.test(body)).toBe(false);
    }
    for (const sent of w.vk.sent) {
      expect(sent.text.length).toBeLessThanOrEqual(4_096);
      expect(broken.test(sent.text)).toBe(false);
    }
    expect(w.wa.sent.map((m) => (m.body.text as { body: string }).body).join('')).toBe(w.wa.sent.length === 0 ? '' : text);
    expect(w.vk.sent.map((m) => m.text).join('')).toBe(w.vk.sent.length === 0 ? '' : text);
  });
});
