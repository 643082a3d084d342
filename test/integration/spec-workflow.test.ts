import { afterEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../src/core/clock.js';
import { defineCannedResponse, renderCannedResponse, updateCannedResponse } from '../../src/templates/canned-responses.js';
import type { SwitchboardEvents } from '../../src/switchboard/events.js';
import type { Harness } from './harness.js';
import { CUSTOMER_PHONE, CUSTOMER_WA, ORDER_SHIPPED, VK_USER, createHarness, refusal } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

const OLGA = 101;

function collect<E extends keyof SwitchboardEvents>(event: E): SwitchboardEvents[E][] {
  const seen: SwitchboardEvents[E][] = [];
  h.sb.on(event, (payload) => { seen.push(payload); });
  return seen;
}

const claimPolicy = { policy: { requireClaimToReply: true, operators: { vk: ['alexander', 'maria', 'delivery-desk'] } } };

describe('F9: canned responses', () => {
  it('F9: canned texts with merge fields are created, searched by name or module, edited (never moved to another module), sent and deleted', async () => {
    h = await createHarness();
    const store = h.store.cannedResponses;
    const greeting = await store.create(defineCannedResponse({ name: 'Greeting', module: 'Leads', body: 'Hello, {{Leads.first_name}}! How can we help?' }));
    await store.create(defineCannedResponse({ name: 'Invoice sent', module: 'Orders', body: 'Your invoice {{Orders.number}} is attached.' }));
    expect((await store.search({ name: 'greet' })).items.map((r) => r.id)).toEqual([greeting.id]);
    expect((await store.search({ module: 'Orders' })).items.map((r) => r.name)).toEqual(['Invoice sent']);

    expect(() => updateCannedResponse(greeting, { module: 'Orders' })).toThrow(expect.objectContaining({ code: 'MODULE_LOCKED' }) as Error);
    const edited = await store.update(greeting.id, updateCannedResponse(greeting, { body: 'Hi {{Leads.first_name}}, thanks for writing!' }), greeting.version);

    const conversationId = await h.vkWrites(VK_USER, 'Здравствуйте');
    const text = renderCannedResponse(edited, { first_name: 'Ivan' }).text;
    await h.sb.send({ conversationId, text });
    expect(h.vk.sim.sent.map((m) => m.text)).toEqual(['Hi Ivan, thanks for writing!']);

    expect(await store.delete(greeting.id)).toBe(true);
    expect((await store.search({ module: 'Leads' })).items).toEqual([]);
  });
});

describe('F12: one message list across channels, with filters', () => {
  it('F12: dialogs from WhatsApp and VK come newest first and filter by unreplied for, replied within, last message within, owner and replied by', async () => {
    h = await createHarness({ onNewConversation: ({ channel }) => ({ ownerId: channel === 'vk' ? 'vk-owner' : 'wa-owner' }) });
    const wa = await h.waWrites('Is my order ready?');
    h.clock.advance(HOUR);
    const ivan = await h.vkWrites(VK_USER, 'Сколько стоит доставка?');
    h.clock.advance(HOUR);
    await h.sb.send({ conversationId: ivan, text: 'Доставка бесплатная', operatorId: 'maria' });
    h.clock.advance(HOUR);
    const olga = await h.vkWrites(OLGA, 'Добрый день');
    h.clock.advance(2 * DAY);

    const ids = async (filters: Parameters<Harness['sb']['conversations']['list']>[0]) =>
      (await h.sb.conversations.list(filters)).items.map((c) => c.id);
    expect(await ids({})).toEqual([olga, ivan, wa]);
    expect(await ids({ unrepliedFor: { days: 2 } })).toEqual([olga, wa]);
    expect(await ids({ repliedWithin: { days: 3 } })).toEqual([ivan]);
    expect(await ids({ repliedWithin: { days: 1 } })).toEqual([]);
    expect(await ids({ lastMessageWithin: { hours: 48, minutes: 30 } })).toEqual([olga]);
    expect(await ids({ owner: 'vk-owner' })).toEqual([olga, ivan]);
    expect(await ids({ repliedBy: 'maria' })).toEqual([ivan]);
    expect(await ids({ channel: 'whatsapp', unrepliedFor: { weeks: 1 } })).toEqual([]);

    const firstPage = await h.sb.conversations.list({}, { limit: 2 });
    expect(firstPage.items.map((c) => c.id)).toEqual([olga, ivan]);
    const rest = await h.sb.conversations.list({}, { limit: 2, cursor: firstPage.nextCursor ?? '' });
    expect(rest).toEqual({ items: [expect.objectContaining({ id: wa })], nextCursor: null });
  });

  it('F12: "window closing soon" lists WhatsApp dialogs to answer before their 24-hour window closes', async () => {
    h = await createHarness();
    const wa = await h.waWrites('Hello?');
    await h.vkWrites(VK_USER, 'Привет');
    h.clock.advance(21 * HOUR);
    expect((await h.sb.conversations.list({ windowClosingWithin: { hours: 4 } })).items.map((c) => c.id)).toEqual([wa]);
    expect((await h.sb.conversations.list({ windowClosingWithin: { hours: 2 } })).items).toEqual([]);
  });
});

describe('F16: automatic replies and hand-off', () => {
  it('F16: a price question gets the canned answer through the provider once, even when the webhook is redelivered', async () => {
    h = await createHarness({
      config: {
        automation: {
          autoReplies: [
            { id: 'price-vk', channel: 'vk', match: { keywords: ['цена'] }, reply: { text: 'Здравствуйте! Прайс: https://shop.example/prices' } },
            { id: 'price', match: { keywords: ['price', 'цена'] }, reply: { text: 'Hi {{first_name}}! Prices: https://shop.example/prices' } },
          ],
        },
      },
    });
    const first = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'What is the PRICE of delivery?', name: 'Ada Lovelace' });
    await h.waDeliver([first.payload, first.payload]);
    await h.sb.whenIdle();
    await h.vkWrites(VK_USER, 'Какая цена?');
    await h.sb.whenIdle();
    expect(h.whatsapp.sim.sent.map((m) => m.body)).toEqual([expect.objectContaining({ text: { body: 'Hi Ada! Prices: https://shop.example/prices' } })]);
    expect(h.vk.sim.sent.map((m) => m.text)).toEqual(['Здравствуйте! Прайс: https://shop.example/prices']);
  });

  it('F16: a complaint, or the third message without an operator answer, hands the dialog to a human', async () => {
    h = await createHarness({
      config: { automation: { autoReplies: [{ id: 'price', match: { keywords: ['цена'] }, reply: { text: 'Прайс: https://shop.example/prices' } }], handoff: { afterCustomerMessagesWithoutOperator: 3 } } },
    });
    const handoffs = collect('conversation.handoff_requested');
    const ivan = await h.vkWrites(VK_USER, 'Это обман, верните деньги! И какая цена?');
    await h.sb.whenIdle();
    expect(handoffs.map((e) => [e.conversation.id, e.reason])).toEqual([[ivan, 'complaint']]);
    expect(h.vk.sim.sent).toEqual([]);

    const olga = await h.vkWrites(OLGA, 'Здравствуйте');
    await h.vkWrites(OLGA, 'Есть кто?');
    await h.sb.whenIdle();
    expect(handoffs).toHaveLength(1);
    await h.vkWrites(OLGA, 'Ау!');
    await h.sb.whenIdle();
    expect(handoffs.map((e) => [e.conversation.id, e.reason])).toEqual([[ivan, 'complaint'], [olga, 'no_operator_reply']]);
    expect((await h.sb.dialogs.history(olga)).items.map((e) => e.action)).toEqual(['handoff_requested']);
  });
});

describe('F22: bulk sending in batches', () => {
  it('F22: 250 recipients go out in batches of 100 with progress; refusals are skipped with their reason; a re-run sends and charges nobody twice', async () => {
    h = await createHarness();
    await h.seedTemplate(ORDER_SHIPPED);
    const phones = Array.from({ length: 250 }, (_, i) => `+1650555${String(2000 + i)}`);
    for (const phone of phones.slice(0, 249)) await h.optIn(phone);
    const progress = collect('broadcast.progress');
    const recipients = [...phones, 'not-a-phone'].map((to, i) => ({ to, data: { first_name: `Customer ${String(i)}`, order_id: `A-${String(i)}` } }));
    const controller = new AbortController();
    h.sb.on('broadcast.progress', ({ done }) => { if (done === 100) controller.abort(); });

    const partial = await h.sb.broadcast({ id: 'spring-orders', template: { name: 'order_shipped', language: 'en_US' }, channel: 'whatsapp', recipients, signal: controller.signal });
    expect(partial).toMatchObject({ sent: 100, aborted: true });
    const balanceAfterFirst = await h.balance();

    const report = await h.sb.broadcast({ id: 'spring-orders', template: { name: 'order_shipped', language: 'en_US' }, channel: 'whatsapp', recipients });
    expect(report).toMatchObject({ total: 251, sent: 249, alreadySent: 100, failed: [], aborted: false });
    expect(report.skipped).toEqual(expect.arrayContaining([{ to: 'phone:+16505552249', reason: 'CONSENT_REQUIRED' }, { to: 'not-a-phone', reason: 'INVALID_PHONE' }]));
    expect(report.skipped).toHaveLength(2);
    expect(progress.map((p) => p.done)).toEqual([100, 100, 200, 251]);
    // A burst may meet Meta's throughput limit (130429): those messages wait in the outbox.
    expect(h.whatsapp.sim.sent).toHaveLength(249 - partial.queued - report.queued);
    h.clock.advance(MINUTE);
    await h.sb.outbox.run();
    expect(h.whatsapp.sim.sent).toHaveLength(249);
    expect(new Set(h.whatsapp.sim.sent.map((m) => m.to)).size).toBe(249);
    expect((await h.balance()).available).toBeLessThan(balanceAfterFirst.available);
    const holdsPerRecipient = h.recorded('credits.reserved').length;
    expect(holdsPerRecipient).toBe(249);
  });
});

describe('F27: a new VK dialog creates a lead', () => {
  it('F27: the lead is titled "<community>: <first> <last>", has the community as source and links back to the dialog', async () => {
    h = await createHarness();
    const conversationId = await h.vkWrites(VK_USER, 'Хочу заказать');
    const [call] = h.hookCalls;
    expect(call).toMatchObject({ title: 'Shop group: Ivan Petrov', source: { channel: 'vk', name: 'Shop group' }, conversation: { id: conversationId } });
    const fromLead = await h.sb.dialogs.findByLink({ type: 'lead', id: 'lead-1' });
    expect(fromLead.items.map((c) => [c.id, c.title])).toEqual([[conversationId, 'Shop group: Ivan Petrov']]);
    await h.vkWrites(VK_USER, 'Алло?');
    expect(h.hookCalls).toHaveLength(1);
  });
});

describe('F28: claim before replying', () => {
  it('F28: an operator configured for the channel claims ("pins to me") a dialog and then replies; others are refused', async () => {
    h = await createHarness({ config: claimPolicy });
    const conversationId = await h.vkWrites(VK_USER, 'Здравствуйте');
    expect((await refusal(h.sb.send({ conversationId, text: 'Hello', operatorId: 'alexander' })))).toMatchObject({ code: 'NOT_ASSIGNEE', remedy: 'claim' });
    expect((await refusal(h.sb.dialogs.claim(conversationId, 'intern')))).toMatchObject({ code: 'NOT_AN_OPERATOR' });

    const claimed = await h.sb.dialogs.claim(conversationId, 'alexander');
    expect(claimed.assigneeId).toBe('alexander');
    await h.sb.send({ conversationId, text: 'Добрый день! Чем помочь?', operatorId: 'alexander' });
    expect(h.vk.sim.sent.map((m) => m.text)).toEqual(['Добрый день! Чем помочь?']);

    expect((await refusal(h.sb.send({ conversationId, text: 'Me too', operatorId: 'maria' })))).toMatchObject({ code: 'NOT_ASSIGNEE' });
    expect((await refusal(h.sb.dialogs.claim(conversationId, 'maria')))).toMatchObject({ code: 'ALREADY_CLAIMED', details: { assigneeId: 'alexander' } });
    expect(h.recorded('conversation.assigned').map((e) => e.assigneeId)).toEqual(['alexander']);
  });
});

describe('F29: replies in the name of the community', () => {
  it('F29: an operator\'s reply reaches VK from the community with exactly the typed text; the operator is kept only on the stored message', async () => {
    h = await createHarness({ config: claimPolicy });
    const conversationId = await h.vkWrites(VK_USER, 'Вопрос');
    await h.sb.dialogs.claim(conversationId, 'alexander');
    const { message } = await h.sb.send({ conversationId, text: 'Ответ', operatorId: 'alexander' });
    const call = h.vk.sim.calls.find((c) => c.method === 'messages.send');
    expect(call?.params).toMatchObject({ peer_id: String(VK_USER), message: 'Ответ' });
    expect(Object.values(call?.params ?? {}).some((value) => value.includes('alexander'))).toBe(false);
    expect(h.vk.sim.sent.map((m) => [m.peerId, m.text])).toEqual([[VK_USER, 'Ответ']]);
    expect(message.operatorId).toBe('alexander');
  });
});

describe('F30: invite operators into a dialog', () => {
  it('F30: an invited operator can reply, and after leaving can no longer', async () => {
    h = await createHarness({ config: claimPolicy });
    const conversationId = await h.vkWrites(VK_USER, 'Нужна консультация');
    await h.sb.dialogs.claim(conversationId, 'alexander');
    await h.sb.dialogs.invite(conversationId, 'maria', { by: 'alexander' });
    await h.sb.send({ conversationId, text: 'Подключаю коллегу', operatorId: 'alexander' });
    await h.sb.send({ conversationId, text: 'Здравствуйте, я Мария', operatorId: 'maria' });
    expect(h.vk.sim.sent.map((m) => m.text)).toEqual(['Подключаю коллегу', 'Здравствуйте, я Мария']);

    const left = await h.sb.dialogs.leave(conversationId, 'maria');
    expect(left).toMatchObject({ assigneeId: 'alexander', participants: [] });
    expect((await refusal(h.sb.send({ conversationId, text: 'Ещё вопрос?', operatorId: 'maria' })))).toMatchObject({ code: 'NOT_ASSIGNEE' });
    expect((await refusal(h.sb.dialogs.invite(conversationId, 'stranger', { by: 'alexander' })))).toMatchObject({ code: 'NOT_AN_OPERATOR' });
  });
});

describe('F31: delegate a dialog', () => {
  it('F31: the holder delegates to a specialist, leaves, and only the specialist can reply', async () => {
    h = await createHarness({ config: claimPolicy });
    const conversationId = await h.vkWrites(VK_USER, 'Когда доставка?');
    await h.sb.dialogs.claim(conversationId, 'alexander');
    const delegated = await h.sb.dialogs.delegate(conversationId, 'delivery-desk', { by: 'alexander' });
    expect(delegated).toMatchObject({ assigneeId: 'delivery-desk', participants: ['alexander'] });
    await h.sb.dialogs.leave(conversationId, 'alexander');

    expect((await refusal(h.sb.send({ conversationId, text: 'Уже не я', operatorId: 'alexander' })))).toMatchObject({ code: 'NOT_ASSIGNEE' });
    await h.sb.send({ conversationId, text: 'Доставим завтра', operatorId: 'delivery-desk' });
    expect(h.vk.sim.sent.map((m) => m.text)).toEqual(['Доставим завтра']);
    expect((await h.sb.conversations.list({ assignee: 'alexander' })).items).toEqual([]);
    expect((await h.sb.conversations.list({ assignee: 'delivery-desk' })).items.map((c) => c.id)).toEqual([conversationId]);
  });
});

describe('F32: dialog history and its operators', () => {
  it('F32: every action is in the history with who and when, and the operators who worked on it are listed', async () => {
    h = await createHarness({ config: claimPolicy });
    const conversationId = await h.vkWrites(VK_USER, 'Здравствуйте');
    const started = h.clock.now();
    await h.sb.dialogs.claim(conversationId, 'alexander');
    h.clock.advance(MINUTE);
    await h.sb.dialogs.invite(conversationId, 'maria', { by: 'alexander' });
    await h.sb.send({ conversationId, text: 'Добрый день', operatorId: 'maria' });
    h.clock.advance(MINUTE);
    await h.sb.dialogs.delegate(conversationId, 'delivery-desk', { by: 'alexander', leave: true });
    await h.sb.dialogs.leave(conversationId, 'maria');
    await h.sb.dialogs.close(conversationId, { as: 'completed', by: 'delivery-desk' });

    const history = await h.sb.dialogs.history(conversationId);
    expect(history.items.map((e) => [e.action, e.actor, e.at])).toEqual([
      ['claimed', { kind: 'operator', id: 'alexander' }, started],
      ['invited', { kind: 'operator', id: 'alexander' }, started + MINUTE],
      ['delegated', { kind: 'operator', id: 'alexander' }, started + 2 * MINUTE],
      ['left', { kind: 'operator', id: 'maria' }, started + 2 * MINUTE],
      ['closed', { kind: 'operator', id: 'delivery-desk' }, started + 2 * MINUTE],
    ]);
    expect(await h.sb.dialogs.operators(conversationId)).toEqual({ assigneeId: 'delivery-desk', participants: [], all: ['alexander', 'maria', 'delivery-desk'] });
  });
});

describe('F33: dialog and CRM records', () => {
  it('F33: the dialog is reached from its lead, and converting the lead into a contact and an order keeps the link', async () => {
    h = await createHarness();
    const conversationId = await h.vkWrites(VK_USER, 'Хочу купить диван');
    const dialog = await h.sb.conversations.get(conversationId);
    expect(dialog?.links).toEqual([{ type: 'lead', id: 'lead-1' }]);

    // The CRM converts the lead: a counterparty and an order now own the conversation too.
    await h.sb.dialogs.link(conversationId, { type: 'contact', id: 'counterparty-7' });
    await h.sb.dialogs.link(conversationId, { type: 'order', id: 'order-42' });
    for (const link of [{ type: 'lead', id: 'lead-1' }, { type: 'contact', id: 'counterparty-7' }, { type: 'order', id: 'order-42' }]) {
      expect((await h.sb.conversations.list({ link })).items.map((c) => c.id)).toEqual([conversationId]);
    }
    // The conversation continues after conversion and stays linked.
    await h.vkWrites(VK_USER, 'Когда привезёте?');
    expect((await h.sb.dialogs.findByLink({ type: 'order', id: 'order-42' })).items.map((c) => c.id)).toEqual([conversationId]);
    expect((await h.sb.messages.list(conversationId)).items).toHaveLength(2);
  });
});

describe('F34: close as spam or completed, restore', () => {
  it('F34: a completed dialog reopens when the customer writes again; a spam dialog stays closed until restored', async () => {
    h = await createHarness();
    const ivan = await h.vkWrites(VK_USER, 'Спасибо, всё получил');
    const spammer = await h.vkWrites(OLGA, 'Купите рекламу!!!');
    await h.sb.dialogs.close(ivan, { as: 'completed', by: 'alexander' });
    await h.sb.dialogs.close(spammer, { as: 'spam', by: 'alexander' });
    expect(h.recorded('conversation.closed').map((e) => [e.conversation.id, e.reason])).toEqual([[ivan, 'completed'], [spammer, 'spam']]);

    expect(await h.vkWrites(VK_USER, 'Ещё вопрос')).toBe(ivan);
    expect((await h.sb.conversations.get(ivan))?.status).toBe('open');
    expect(await h.vkWrites(OLGA, 'Купите!!!')).toBe(spammer);
    expect((await h.sb.conversations.get(spammer))).toMatchObject({ status: 'closed', closeReason: 'spam' });
    expect((await h.sb.messages.list(spammer)).items).toHaveLength(2);
    expect((await refusal(h.sb.send({ conversationId: spammer, text: 'Нет' })))).toMatchObject({ code: 'CONVERSATION_CLOSED' });

    const restored = await h.sb.dialogs.restore(spammer, { by: 'alexander' });
    expect(restored.status).toBe('open');
    expect((await h.sb.dialogs.history(spammer)).items.map((e) => e.action)).toEqual(['closed', 'restored']);
  });
});

describe('F35: open lines', () => {
  it('F35: the open dialogs of every channel in one list, newest first, with the unclaimed queue', async () => {
    h = await createHarness();
    const wa = await h.waWrites('Hello');
    h.clock.advance(MINUTE);
    const ivan = await h.vkWrites(VK_USER, 'Привет');
    h.clock.advance(MINUTE);
    const olga = await h.vkWrites(OLGA, 'Добрый день');
    await h.sb.dialogs.close(ivan, { as: 'completed' });
    await h.sb.dialogs.claim(olga, 'maria');

    expect((await h.sb.conversations.list({ status: 'open' })).items.map((c) => [c.id, c.channel])).toEqual([[olga, 'vk'], [wa, 'whatsapp']]);
    expect((await h.sb.conversations.list({ status: 'open', assignee: null })).items.map((c) => c.id)).toEqual([wa]);
    expect((await h.sb.conversations.list({ status: 'closed' })).items.map((c) => c.id)).toEqual([ivan]);
    const contact = await h.store.contacts.findByAddress({ kind: 'phone', value: CUSTOMER_PHONE });
    expect((await h.sb.conversations.list({ contactId: contact?.id ?? '' })).items.map((c) => c.id)).toEqual([wa]);
  });
});
