import { fixturePath } from '../fixtures/paths.js';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MINUTE } from '../../src/core/clock.js';
import { signedWebhookRequest } from '../../src/testing/whatsapp/payloads.js';
import type { Harness } from './harness.js';
import { CUSTOMER_PHONE, CUSTOMER_WA, ORDER_SHIPPED, SPRING_SALE, VK_USER, WA_URL, createHarness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

const fixture = (name: string): string => readFileSync(fixturePath(`whatsapp/${name}`), 'utf8');

describe('two Switchboard instances over one store', () => {
  it('a webhook delivered to both instances at once is stored once and opens one dialog with one lead', async () => {
    h = await createHarness();
    const other = h.spawn();
    const { payload } = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'Hello?' });
    const [a, b] = await Promise.all([h.waDeliver(payload), h.waDeliver(payload, other)]);
    expect([a[0]?.status, b[0]?.status]).toEqual([200, 200]);
    const contact = await h.store.contacts.findByAddress({ kind: 'phone', value: CUSTOMER_PHONE });
    const dialogs = await h.store.conversations.list({ contactId: contact!.id });
    expect(dialogs.items).toHaveLength(1);
    expect((await h.store.messages.listByConversation(dialogs.items[0]!.id)).items).toHaveLength(1);
    expect(h.hookCalls).toHaveLength(1);
  });

  it('two first messages of a new customer racing on two instances share one dialog and one lead', async () => {
    h = await createHarness();
    const other = h.spawn();
    const first = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'Hi' });
    const second = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'Anyone there?' });
    await Promise.all([h.waDeliver(first.payload), h.waDeliver(second.payload, other)]);
    const contact = await h.store.contacts.findByAddress({ kind: 'phone', value: CUSTOMER_PHONE });
    const dialogs = await h.store.conversations.list({ contactId: contact!.id });
    expect(dialogs.items).toHaveLength(1);
    expect((await h.store.messages.listByConversation(dialogs.items[0]!.id)).items).toHaveLength(2);
    expect(h.hookCalls).toHaveLength(1);
  });

  it('a send one instance could not finish is completed by the other instance\'s outbox, once', async () => {
    h = await createHarness();
    const other = h.spawn();
    await h.waInbound({ text: 'Where is my order?' });
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    h.whatsapp.sim.failNext('server_error', { times: 2 });
    const { message } = await h.sb.send({ conversationId, text: 'Checking now' });
    expect(message.status).toBe('queued');
    expect(await other.outbox.run()).toMatchObject({ processed: 0 }); // still held by the sending instance
    h.clock.advance(2 * MINUTE);
    expect(await other.outbox.run()).toMatchObject({ processed: 1, sent: 1 });
    expect(await h.sb.outbox.run()).toMatchObject({ processed: 0 });
    expect(h.whatsapp.sim.sent).toHaveLength(1);
    expect((await h.store.messages.getById(message.id))?.status).toBe('sent');
  });

  it('one idempotency key sent through both instances goes out and is charged once', async () => {
    h = await createHarness();
    const other = h.spawn();
    await h.seedTemplate(ORDER_SHIPPED);
    await h.optIn();
    const input = { to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'B-2' }, idempotencyKey: 'order-B-2' };
    const before = await h.balance();
    const [a, b] = await Promise.all([h.sb.send(input), other.send(input)]);
    expect(a.message.id).toBe(b.message.id);
    expect([a.duplicate, b.duplicate].filter(Boolean)).toHaveLength(1);
    expect(h.whatsapp.sim.sent).toHaveLength(1);
    expect((await h.balance()).held).toBe(before.held + 10);
  });
});

describe('settlement follows the channel', () => {
  it('VK messages are charged when VK accepts them (no delivery reports there)', async () => {
    h = await createHarness();
    await h.vkMessage(VK_USER, 'Hi');
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    const before = await h.balance();
    await h.sb.send({ conversationId, text: 'Hello Ivan' });
    expect(await h.balance()).toMatchObject({ held: 0, posted: before.posted - 1 });
  });

  it('without a ledger nothing is charged and sends still go out', async () => {
    h = await createHarness({ ledger: false });
    await h.waInbound({ text: 'Hi' });
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    const outcome = await h.sb.send({ conversationId, text: 'Hello' });
    expect(outcome.quote).toBeUndefined();
    expect(outcome.message.status).toBe('sent');
  });

  it('an inline send does not read again the contact and dialog it resolved (each read is a round trip on a database)', async () => {
    h = await createHarness();
    await h.waInbound({ text: 'Hi' });
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    const contactReads = vi.spyOn(h.store.contacts, 'get');
    const conversationReads = vi.spyOn(h.store.conversations, 'get');
    const outcome = await h.sb.send({ conversationId, text: 'Hello' });
    expect(outcome.message.status).toBe('sent');
    // Resolving the target reads the dialog and its contact once; delivery and the answer reuse them.
    expect(conversationReads).toHaveBeenCalledTimes(1);
    expect(contactReads).toHaveBeenCalledTimes(1);
    // The dialog returned is the one the reply updated.
    expect(outcome.conversation).toEqual(await h.store.conversations.get(conversationId));
    expect(outcome.conversation.lastOutboundAt).toBe(outcome.message.timestamps.sent);
  });
});

describe('template and consent events from webhooks', () => {
  it('a template status webhook (real Meta payload) updates the stored template and emits template.status_changed', async () => {
    h = await createHarness();
    const stored = await h.seedTemplate({ ...ORDER_SHIPPED, name: 'order_confirmation' }, { status: 'pending', providerTemplateId: '1689556908129832' });
    const response = await h.sb.handleWebhook(signedWebhookRequest(fixture('template-status-approved.json'), h.whatsapp.sim.appSecret, { url: WA_URL }));
    expect(response.status).toBe(200);
    expect((await h.store.templates.getById(stored.id))?.status).toBe('approved');
    expect(h.recorded('template.status_changed')).toMatchObject([{ previousStatus: 'pending', template: { status: 'approved' } }]);
  });

  it('a bare STOP reply is recorded as an opt-out and blocks marketing', async () => {
    h = await createHarness();
    await h.seedTemplate(SPRING_SALE);
    await h.optIn(CUSTOMER_PHONE, 'marketing');
    h.clock.advance(MINUTE);
    await h.waInbound({ text: 'STOP' });
    expect(h.recorded('consent.changed').map((e) => [e.record.status, e.record.source])).toEqual([['opted_in', 'import'], ['opted_out', 'keyword']]);
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    await expect(h.sb.send({ conversationId, template: 'spring_sale', data: { first_name: 'Ada' } })).rejects.toMatchObject({ code: 'OPTED_OUT', remedy: 'opt_in' });
    expect(h.whatsapp.sim.sent).toHaveLength(0);
  });
});

describe('F24: health metrics', () => {
  it('F24: metrics report messages per minute per channel, the send error rate, webhook latency and first response time', async () => {
    h = await createHarness();
    await h.waInbound({ text: 'Hi' });
    await h.vkMessage(VK_USER, 'Привет');
    const [wa] = h.recorded('message.received');
    h.clock.advance(MINUTE);
    h.whatsapp.sim.failNext('rate_limit');
    await h.sb.send({ conversationId: wa!.conversation.id, text: 'Hello' });
    const metrics = h.sb.metrics();
    expect(metrics.messagesPerMinute.inbound).toEqual({ whatsapp: 0.2, vk: 0.2 });
    expect(metrics.messagesPerMinute.outbound).toEqual({ whatsapp: 0.2 });
    expect(metrics.sendErrorRate).toBe(0.5);
    expect(metrics.webhooks.count).toBe(2);
    expect(metrics.firstResponseMs.count).toBe(1);
    expect(metrics.firstResponseMs.p50).toBeGreaterThanOrEqual(MINUTE);
    expect(metrics.deadLetters).toBe(0);
  });
});

describe('webhook routing', () => {
  it('routes by /webhooks/<channel>/<accountId>, by channel, or by recognising the request on any path', async () => {
    h = await createHarness();
    const byAccount = h.vk.sim.callbackRequest(h.vk.sim.userWrites(VK_USER, 'one', { id: 7_000_001 }), { url: `https://crm.example.test/webhooks/vk/${h.vk.sim.groupId}` });
    expect((await h.sb.handleWebhook(byAccount)).status).toBe(200);
    const { payload } = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'two' });
    expect((await h.sb.handleWebhook(h.whatsapp.sim.webhookRequest(payload, { url: 'https://crm.example.test/hooks/inbound' }))).status).toBe(200);
    const confirmation = h.vk.sim.callbackRequest(h.vk.sim.events.confirmation(), { url: 'https://crm.example.test/anything' });
    const answer = await h.sb.handleWebhook(confirmation);
    expect([answer.status, await answer.text()]).toEqual([200, h.vk.sim.confirmation]);
    expect(h.recorded('message.received').map((e) => e.message.channel)).toEqual(['vk', 'whatsapp']);
    // A request no adapter accepts gets the first adapter's refusal.
    const forged = h.vk.sim.callbackRequest(h.vk.sim.events.unsigned(h.vk.sim.events.messageNew({ fromId: VK_USER, text: 'x' })), { url: 'https://crm.example.test/webhooks/vk' });
    expect((await h.sb.handleWebhook(forged)).status).toBeGreaterThanOrEqual(400);
    expect(h.recorded('webhook.rejected')).toHaveLength(1);
  });
});
