import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../../src/core/clock.js';
import { SwitchboardError as SwitchboardErrorClass } from '../../src/core/errors.js';
import type { SwitchboardError } from '../../src/core/errors.js';
import { renderText } from '../../src/templates/render-text.js';
import type { Harness } from './harness.js';
import { CUSTOMER_PHONE, CUSTOMER_WA, ORDER_SHIPPED, SPRING_SALE, VK_USER, createHarness, refusal } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

describe('F2: unknown senders become leads or contacts, assigned by the host', () => {
  it('F2: an unknown WhatsApp sender becomes one contact and one lead, assigned to the operator the host chose', async () => {
    h = await createHarness({ onNewConversation: ({ title }) => ({ links: [{ type: 'lead', id: `lead:${title}` }], assigneeId: 'op-7', ownerId: 'owner-1' }) });
    const first = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, name: 'Ada Lovelace', text: 'Hi, is my order ready?' });
    // Meta retries the same delivery: it must not make a second contact, dialog or lead.
    await h.waDeliver([first.payload, first.payload]);
    await h.waInbound({ text: 'Hello again', name: 'Ada Lovelace' });

    expect(h.hookCalls).toHaveLength(1);
    const [call] = h.hookCalls;
    expect(call?.title).toBe('Ada Lovelace');
    expect(call?.source).toEqual({ channel: 'whatsapp', accountId: h.whatsapp.adapter.accountId });
    const contact = await h.store.contacts.findByAddress({ kind: 'phone', value: CUSTOMER_PHONE });
    expect(contact?.id).toBe(call?.contact.id);
    const conversation = await h.store.conversations.get(call!.conversation.id);
    expect(conversation).toMatchObject({ status: 'open', assigneeId: 'op-7', ownerId: 'owner-1', links: [{ type: 'lead', id: 'lead:Ada Lovelace' }], title: 'Ada Lovelace' });
    expect((await h.store.messages.listByConversation(conversation!.id)).items).toHaveLength(2);
    expect(h.recorded('conversation.opened')).toHaveLength(1);
    expect(h.recorded('conversation.assigned')).toMatchObject([{ assigneeId: 'op-7', previousAssigneeId: null, actor: { kind: 'system' } }]);
  });

  it('F2: a new VK dialog creates a lead titled "<community>: <first> <last>" with the community as source', async () => {
    h = await createHarness();
    await h.vkMessage(VK_USER, 'Здравствуйте, сколько стоит доставка?');
    const [call] = h.hookCalls;
    expect(call?.title).toBe('Shop group: Ivan Petrov');
    expect(call?.source).toEqual({ channel: 'vk', accountId: String(h.vk.sim.groupId), name: 'Shop group' });
    expect(call?.contact.addresses).toEqual([{ kind: 'vk_user', value: String(VK_USER) }]);
    const conversation = await h.store.conversations.get(call!.conversation.id);
    expect(conversation?.title).toBe('Shop group: Ivan Petrov');
    expect(conversation?.links).toEqual([{ type: 'lead', id: 'lead-1' }]);
  });

  it('F2: a failing host hook loses no message and is reported on the error event', async () => {
    h = await createHarness({ onNewConversation: () => { throw new Error('CRM is down'); } });
    const { response } = await h.waInbound({ text: 'Hi' });
    expect(response.status).toBe(200);
    expect(h.recorded('message.received')).toHaveLength(1);
    const [failure] = h.recorded('error');
    expect(failure?.event).toBe('hooks.onNewConversation');
    expect((failure?.error as SwitchboardError).code).toBe('HOOK_FAILED');
  });
});

describe('F5: approved templates from a record, by hand or automation, choosing the sender', () => {
  it('F5: an approved notification template goes to a new number from the chosen sender number, rendered from the record, and is charged when delivered', async () => {
    h = await createHarness();
    await h.seedTemplate(ORDER_SHIPPED);
    await h.optIn(); // imported with the lead: business-initiated messages need an opt-in
    const before = await h.balance();
    const outcome = await h.sb.send({
      to: '+1 650 555 1234', channel: 'whatsapp', accountId: h.whatsapp.adapter.accountId,
      template: { name: 'order_shipped', language: 'en_US' }, data: { first_name: 'Ada', order_id: 'A-7' }, links: [{ type: 'order', id: 'A-7' }],
    });
    expect(outcome.message.status).toBe('sent');
    expect(outcome.quote?.amount).toBe(10);
    expect(outcome.conversation.links).toEqual([{ type: 'order', id: 'A-7' }]);
    const [sent] = h.whatsapp.sim.sent;
    expect(sent?.type).toBe('template');
    expect(sent?.to).toBe(CUSTOMER_PHONE);
    expect(sent?.bizOpaqueCallbackData).toBe(outcome.message.id);
    expect(outcome.message.content).toMatchObject({ type: 'template', preview: 'Hello Ada, your order A-7 has shipped.' });
    expect(await h.balance()).toMatchObject({ held: 10, available: before.available - 10 });
    // A business-started thread calls no lead hook: the host started it from its own record.
    expect(h.hookCalls).toHaveLength(0);

    await h.waStatuses(sent!, ['sent', 'delivered'], { pricing: { billable: true, category: 'utility' } });
    expect(await h.balance()).toMatchObject({ held: 0, posted: before.posted - 10 });
  });

  it('F5: templates not approved, marketing without opt-in and an unknown sender number are refused and cost nothing', async () => {
    h = await createHarness();
    await h.seedTemplate({ ...ORDER_SHIPPED, name: 'order_delayed' }, { status: 'pending' });
    await h.seedTemplate(SPRING_SALE);
    const before = await h.balance();
    const notApproved = await refusal(h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_delayed', data: { order_id: 'A-1' } }));
    expect(notApproved.code).toBe('TEMPLATE_NOT_APPROVED');
    const marketing = await refusal(h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'spring_sale', data: {} }));
    expect(marketing).toMatchObject({ code: 'CONSENT_REQUIRED', remedy: 'opt_in' });
    const unknownNumber = await refusal(h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', accountId: '999', template: 'spring_sale' }));
    expect(unknownNumber.code).toBe('UNKNOWN_CHANNEL');
    expect(h.whatsapp.sim.sent).toHaveLength(0);
    expect(await h.balance()).toEqual(before);
    expect(await h.store.contacts.findByAddress({ kind: 'phone', value: CUSTOMER_PHONE })).toBeNull();
  });

  it('F5: without enough credits a send is refused with remedy top_up; auto-recharge refills the account and the next send goes through', async () => {
    const payments: number[] = [];
    h = await createHarness({ credits: 25, ledger: { autoRecharge: { below: 15, topUp: 100, pay: ({ amount }) => { payments.push(amount); return Promise.resolve(); } } } });
    await h.seedTemplate(ORDER_SHIPPED);
    await h.optIn();
    const send = () => h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'A-1' } });
    expect((await send()).message.status).toBe('sent'); // 25 → 15 available
    expect((await send()).message.status).toBe('sent'); // 15 → 5: below the minimum, one recharge starts
    await h.ledger!.whenIdle();
    expect(payments).toEqual([100]);
    expect(h.recorded('credits.recharged')).toHaveLength(1);
    expect((await send()).message.status).toBe('sent');

    h.whatsapp.sim.reset();
    const poor = await createHarness({ credits: 5 });
    try {
      await poor.seedTemplate(ORDER_SHIPPED);
      await poor.optIn();
      const error = await refusal(poor.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'A-1' } }));
      expect(error).toMatchObject({ code: 'INSUFFICIENT_CREDITS', remedy: 'top_up' });
      expect(poor.whatsapp.sim.sent).toHaveLength(0);
      expect(poor.recorded('credits.insufficient')).toHaveLength(1);
    } finally {
      await poor.close();
    }
  });
});

describe('F6: receiving messages', () => {
  it('F6: each customer message is stored once and announced once, however often and in whatever order the provider delivers it', async () => {
    h = await createHarness();
    const early = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'first' });
    h.clock.advance(MINUTE);
    const late = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'second' });
    const responses = await h.waDeliver([late.payload, early.payload, late.payload, early.payload]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(h.recorded('message.received').map((e) => (e.message.content as { text: string }).text)).toEqual(['second', 'first']);
    const conversation = h.recorded('message.received')[0]!.conversation;
    const stored = await h.store.conversations.get(conversation.id);
    // The reordered older message did not move the window back.
    expect(stored?.lastInboundAt).toBe(h.clock.now());
  });

  it('F6: only the customer opens a conversation: a free-form message to someone who never wrote is refused and stores nothing', async () => {
    h = await createHarness();
    const error = await refusal(h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', text: 'Hi there' }));
    expect(error).toMatchObject({ code: 'WINDOW_CLOSED', remedy: 'template' });
    expect(await h.store.contacts.findByAddress({ kind: 'phone', value: CUSTOMER_PHONE })).toBeNull();
    const vkError = await refusal(h.sb.send({ to: String(VK_USER), channel: 'vk', text: 'Привет' }));
    expect(vkError).toMatchObject({ code: 'WINDOW_CLOSED', remedy: 'ask_permission' });
    expect(h.vk.sim.sent).toHaveLength(0);
  });

  it('F6: a failure to store answers the provider 503 with Retry-After, and its retry is processed in full', async () => {
    h = await createHarness();
    const append = h.store.messages.append.bind(h.store.messages);
    let failOnce = true;
    h.store.messages.append = async (message) => {
      if (failOnce) { failOnce = false; throw new Error('database unavailable'); }
      return await append(message);
    };
    const { payload } = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'Are you open today?' });
    const [failed] = await h.waDeliver(payload);
    expect(failed?.status).toBe(503);
    expect(failed?.headers.get('retry-after')).toBe('5');
    expect(h.recorded('message.received')).toHaveLength(0);
    const [retried] = await h.waDeliver(payload);
    expect(retried?.status).toBe(200);
    expect(h.recorded('message.received')).toHaveLength(1);
    expect(h.recorded('error').map((e) => e.event)).toEqual(['pipeline.inbound']);
  });

  it('F6: an item the store refuses as invalid is reported and acknowledged, so the provider does not redeliver it forever', async () => {
    h = await createHarness();
    const append = h.store.messages.append.bind(h.store.messages);
    h.store.messages.append = async (message) => {
      if (message.content.type === 'text' && message.content.text === 'poison') throw new SwitchboardErrorClass('INVALID_INPUT', 'Invalid messages.append message: content.text: too long');
      return await append(message);
    };
    const poison = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'poison' });
    const fine = h.whatsapp.sim.inbound({ from: '16505550000', text: 'fine' });
    const [response] = await h.waDeliver([poison.payload, fine.payload]);
    expect(response?.status).toBe(200);
    expect(h.recorded('message.received').map((e) => (e.message.content as { text: string }).text)).toEqual(['fine']);
    expect(h.recorded('error').map((e) => e.event)).toEqual(['pipeline.inbound.message.received']);
  });

  it('F6: a webhook with a bad signature is refused, stores nothing and is reported', async () => {
    h = await createHarness();
    const { payload } = h.whatsapp.sim.inbound({ from: CUSTOMER_WA, text: 'forged' });
    const response = await h.sb.handleWebhook(h.whatsapp.sim.webhookRequest(payload, { url: 'https://crm.example.test/webhooks/whatsapp', signature: 'sha256=00' }));
    expect(response.status).toBe(401);
    expect(h.recorded('webhook.rejected')).toMatchObject([{ channel: 'whatsapp', status: 401 }]);
    expect(h.recorded('message.received')).toHaveLength(0);
  });
});

describe('F7: the 24-hour window', () => {
  it('F7: a free-form reply 25 h after the customer\'s last message is refused with remedy template', async () => {
    h = await createHarness();
    await h.seedTemplate(ORDER_SHIPPED);
    const conversationId = await h.waWrites();
    h.clock.advance(HOUR);
    expect((await h.sb.send({ conversationId, text: 'We are on it' })).message.status).toBe('sent');
    h.clock.advance(22 * HOUR + 59 * MINUTE);
    expect((await h.sb.send({ conversationId, text: 'Still on it' })).message.status).toBe('sent');
    // The window closes mid-conversation.
    h.clock.advance(HOUR + MINUTE);
    const before = await h.balance();
    const error = await refusal(h.sb.send({ conversationId, text: 'Any news?' }));
    expect(error).toMatchObject({ code: 'WINDOW_CLOSED', remedy: 'template' });
    expect(h.whatsapp.sim.sent).toHaveLength(2);
    expect(await h.balance()).toEqual(before);
    // The remedy works: a template may still go out.
    expect((await h.sb.send({ conversationId, template: 'order_shipped', data: { order_id: 'A-1' } })).message.status).toBe('sent');
    // The customer writes again: free-form is allowed again.
    await h.waInbound({ text: 'Thanks!' });
    expect((await h.sb.send({ conversationId, text: 'You are welcome' })).message.status).toBe('sent');
  });

  it('F7: the safety margin stops free-form messages shortly before the window closes', async () => {
    h = await createHarness({ config: { policy: { windowSafetyMarginMs: 10 * MINUTE } } });
    const conversationId = await h.waWrites();
    h.clock.advance(24 * HOUR - 5 * MINUTE);
    const error = await refusal(h.sb.send({ conversationId, text: 'Late reply' }));
    expect(error).toMatchObject({ code: 'WINDOW_CLOSED', details: { reason: 'safety_margin' } });
  });

  it('F7: on VK a user who denied messages cannot be written to until they allow them again', async () => {
    h = await createHarness();
    await h.vkMessage(VK_USER, 'Hello');
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    expect((await h.sb.send({ conversationId, text: 'Hi Ivan' })).message.status).toBe('sent');
    h.clock.advance(SECOND);
    await h.vkDeny(VK_USER);
    const error = await refusal(h.sb.send({ conversationId, text: 'Are you there?' }));
    expect(error).toMatchObject({ code: 'WINDOW_CLOSED', remedy: 'ask_permission' });
    expect(h.recorded('consent.changed').map((e) => e.record.status)).toEqual(['opted_out']);
    h.clock.advance(SECOND);
    await h.vkAllow(VK_USER);
    expect((await h.sb.send({ conversationId, text: 'Welcome back' })).message.status).toBe('sent');
  });
});

describe('F8: merge fields in replies', () => {
  it('F8: a reply "Hi, {{first_name}}" is filled from the record exactly as previewed; a missing field is refused before sending', async () => {
    h = await createHarness();
    const conversationId = await h.waWrites();
    const record = { first_name: 'Ivan' };
    const preview = renderText('Hi, {{first_name}}! Your manager is {{manager}}.', { ...record, manager: 'Olga' }).text;
    const outcome = await h.sb.send({ conversationId, text: 'Hi, {{first_name}}! Your manager is {{manager}}.', data: { ...record, manager: 'Olga' } });
    expect(outcome.message.content).toEqual({ type: 'text', text: preview });
    expect(h.whatsapp.sim.sent[0]?.body).toMatchObject({ type: 'text', text: { body: 'Hi, Ivan! Your manager is Olga.' } });
    const error = await refusal(h.sb.send({ conversationId, text: 'Hi, {{first_name}}', data: {} }));
    expect(error.code).toBe('MISSING_FIELDS');
    expect(h.whatsapp.sim.sent).toHaveLength(1);
  });
});

describe('F10: attachments', () => {
  it('F10: up to five attachments go out in one send (one provider message per file on WhatsApp); a sixth is refused', async () => {
    h = await createHarness();
    const conversationId = await h.waWrites();
    const file = (n: number) => ({ kind: 'document' as const, url: `https://files.example.test/invoice-${n}.pdf`, filename: `invoice-${n}.pdf` });
    const outcome = await h.sb.send({ conversationId, text: 'Your documents', attachments: [1, 2, 3, 4, 5].map(file) });
    expect(outcome.message.status).toBe('sent');
    expect(h.whatsapp.sim.sent.filter((m) => m.type === 'document')).toHaveLength(5);
    const error = await refusal(h.sb.send({ conversationId, attachments: [1, 2, 3, 4, 5, 6].map(file) }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'attachments' });
    const unsupported = await refusal(h.sb.send({ conversationId, attachments: [{ kind: 'sticker', url: 'https://files.example.test/s.webp', sizeBytes: 10 * 1024 * 1024 }] }));
    expect(unsupported.code).toBe('UNSUPPORTED_CONTENT');
  });

  it('F10: on VK several attachments go out in one message', async () => {
    h = await createHarness();
    await h.vkMessage(VK_USER, 'Send me the invoice');
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    await h.sb.send({ conversationId, text: 'Here you are', attachments: [{ kind: 'document', mediaId: 'doc-1_10' }, { kind: 'image', mediaId: 'photo-1_11' }] });
    expect(h.vk.sim.sent).toHaveLength(1);
    expect(h.vk.sim.sent[0]).toMatchObject({ text: 'Here you are', attachment: 'doc-1_10,photo-1_11' });
  });
});

describe('F11: the conversation view', () => {
  it('F11: a conversation lists its inbound and outbound messages with their attachments, oldest first', async () => {
    h = await createHarness();
    await h.waInbound({ part: { type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', sha256: 'abc', caption: 'The broken part' } } });
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    h.clock.advance(MINUTE);
    await h.sb.send({ conversationId, text: 'Thanks, a replacement is on its way', attachments: [{ kind: 'document', url: 'https://files.example.test/rma.pdf', filename: 'rma.pdf' }] });
    const page = await h.sb.messages.list(conversationId);
    expect(page.items.map((m) => m.direction)).toEqual(['inbound', 'outbound']);
    expect(page.items[0]?.content).toMatchObject({ type: 'media', attachments: [{ kind: 'image', mediaId: '1479537139650973' }] });
    expect(page.items[1]?.content).toMatchObject({ type: 'media', attachments: [{ kind: 'document', filename: 'rma.pdf' }] });
  });
});

describe('F17: statuses written back', () => {
  it('F17: delivered and read are written back monotonically: duplicated and reversed status webhooks end in read with each time set once', async () => {
    h = await createHarness();
    const conversationId = await h.waWrites();
    const { message } = await h.sb.send({ conversationId, text: 'Your order shipped' });
    const sent = h.whatsapp.sim.sent[0]!;
    h.clock.advance(MINUTE);
    await h.waStatuses(sent, ['sent', 'delivered', 'read'], { order: 'reversed', duplicates: 1 });
    const stored = await h.store.messages.getById(message.id);
    expect(stored?.status).toBe('read');
    expect(Object.keys(stored?.timestamps ?? {}).sort()).toEqual(['delivered', 'queued', 'read', 'sent']);
    expect(h.recorded('message.status').map((e) => e.message.status)).toEqual(['read']);
    // A late failure never resurrects over a read message.
    await h.waStatuses(sent, ['failed'], { error: { code: 131026 } });
    expect((await h.store.messages.getById(message.id))?.status).toBe('read');
  });

  it('F17: a failed template releases its credits, and a marketing opt-out (131050) is recorded as consent', async () => {
    h = await createHarness();
    await h.seedTemplate(SPRING_SALE);
    await h.waInbound({ text: 'START' });
    await h.sb.recordConsent({ channel: 'whatsapp', to: CUSTOMER_PHONE, purpose: 'marketing', status: 'opted_in', source: 'form', proof: { formId: 'signup' } });
    const before = await h.balance();
    const { message } = await h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'spring_sale', data: { first_name: 'Ada' } });
    expect((await h.balance()).held).toBe(60);
    await h.waStatuses(h.whatsapp.sim.sent[0]!, ['failed'], { error: { code: 131050, title: 'User opted out of marketing messages' } });
    expect((await h.store.messages.getById(message.id))?.status).toBe('failed');
    expect(await h.balance()).toEqual(before);
    expect(h.recorded('message.failed')).toHaveLength(1);
    // Meta reports the opt-out once, in the failed status; the adapter also announces it as a
    // consent event. It is one fact: one record (with the refused message as proof), one event.
    const optOuts = h.recorded('consent.changed').filter((e) => e.record.status === 'opted_out');
    expect(optOuts).toHaveLength(1);
    expect(optOuts[0]?.record).toMatchObject({ purpose: 'marketing', status: 'opted_out', source: 'provider', proof: { providerCode: 131050, messageId: message.id } });
    const contact = await h.store.contacts.findByAddress({ kind: 'phone', value: CUSTOMER_PHONE });
    const records = await h.store.consents.listByContact(contact!.id, 'whatsapp');
    expect(records.filter((r) => r.status === 'opted_out')).toHaveLength(1);
    const again = await refusal(h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'spring_sale', data: {} }));
    expect(again).toMatchObject({ code: 'OPTED_OUT', remedy: 'opt_in' });
  });
});

describe('F18: timeouts and rate limits', () => {
  it('F18: a timed-out WhatsApp send becomes unknown, is never resent, and its status webhook reconciles it and settles the credits', async () => {
    h = await createHarness();
    await h.seedTemplate(ORDER_SHIPPED);
    await h.optIn();
    h.whatsapp.sim.failNext('timeout');
    const before = await h.balance();
    const outcome = await h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'A-9' } });
    expect(outcome.message.status).toBe('unknown');
    expect(h.whatsapp.sim.sent).toHaveLength(1); // Meta took it; the answer was lost
    h.clock.advance(2 * MINUTE);
    await h.sb.outbox.run();
    expect(h.whatsapp.sim.sent).toHaveLength(1);
    const [accepted] = h.whatsapp.sim.sent;
    expect(accepted?.bizOpaqueCallbackData).toBe(outcome.message.id);
    await h.waStatuses(accepted!, ['delivered']);
    const stored = await h.store.messages.getById(outcome.message.id);
    expect(stored).toMatchObject({ status: 'delivered', providerMessageId: accepted?.wamid });
    expect(await h.balance()).toMatchObject({ held: 0, posted: before.posted - 10 });
  });

  it('F18: a rate-limited send is retried at once and goes out once', async () => {
    h = await createHarness();
    const conversationId = await h.waWrites();
    h.whatsapp.sim.failNext('rate_limit');
    const outcome = await h.sb.send({ conversationId, text: 'Thanks for waiting' });
    expect(outcome.message.status).toBe('sent');
    expect(h.whatsapp.sim.sent).toHaveLength(1);
    expect(h.sb.metrics().sends).toEqual({ attempts: 2, failures: 1 });
  });

  it('F18: a VK send whose answer was lost is retried with the same random_id, so the user gets it once', async () => {
    h = await createHarness();
    await h.vkMessage(VK_USER, 'Hello');
    const conversationId = h.recorded('message.received')[0]!.conversation.id;
    h.vk.sim.failNext('messages.send', 'lost_response');
    const outcome = await h.sb.send({ conversationId, text: 'Hi Ivan' });
    expect(outcome.message.status).toBe('sent');
    expect(h.vk.sim.sent).toHaveLength(1);
    const randomIds = h.vk.sim.calls.filter((c) => c.method === 'messages.send').map((c) => c.params.random_id);
    expect(randomIds).toHaveLength(2);
    expect(new Set(randomIds).size).toBe(1);
  });
});

describe('F21: three-level retry', () => {
  it('F21: a failing send is retried immediately, then after delays, then dead-lettered with the reason; retrying the dead letter sends it once and charges once', async () => {
    h = await createHarness({ config: { outbox: { retryDelaysMs: [30 * SECOND, 5 * MINUTE] } } });
    await h.seedTemplate(ORDER_SHIPPED);
    await h.optIn();
    h.whatsapp.sim.failNext('server_error', { times: 5 });
    const before = await h.balance();
    const outcome = await h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'A-5' } });
    expect(outcome.message.status).toBe('queued'); // attempt + immediate retry failed
    h.clock.advance(MINUTE);
    expect(await h.sb.outbox.run()).toMatchObject({ processed: 1, retried: 1 });
    h.clock.advance(30 * SECOND);
    expect(await h.sb.outbox.run()).toMatchObject({ processed: 1, retried: 1 });
    h.clock.advance(5 * MINUTE);
    expect(await h.sb.outbox.run()).toMatchObject({ processed: 1, deadLettered: 1 });

    const dead = await h.sb.outbox.deadLetters();
    expect(dead.items).toHaveLength(1);
    expect(dead.items[0]?.deadReason).toMatch(/131000/);
    expect(h.recorded('message.failed').map((e) => e.message.id)).toEqual([outcome.message.id]);
    expect(h.sb.metrics().deadLetters).toBe(1);
    expect((await h.balance()).held).toBe(10); // kept for the manual retry

    await h.sb.outbox.retryDeadLetter(dead.items[0]!.id);
    // The sixth attempt meets the fifth injected failure; the next delayed retry gets through.
    await h.sb.outbox.run();
    h.clock.advance(30 * SECOND);
    await h.sb.outbox.run();
    const sent = await h.store.messages.getById(outcome.message.id);
    expect(sent?.status).toBe('sent');
    expect(h.whatsapp.sim.sent).toHaveLength(1);
    await h.waStatuses(h.whatsapp.sim.sent[0]!, ['delivered']);
    expect(await h.balance()).toMatchObject({ held: 0, posted: before.posted - 10 });
    expect((await h.sb.outbox.deadLetters()).items).toHaveLength(0);
  });

  it('F21: a permanent refusal is not retried: the message fails, its credits are released and the caller gets the provider error', async () => {
    h = await createHarness();
    await h.seedTemplate(ORDER_SHIPPED);
    await h.optIn();
    h.whatsapp.sim.failNext('error_body');
    const before = await h.balance();
    const error = await refusal(h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'A-5' }, idempotencyKey: 'order-A-5-shipped' }));
    expect(error.providerCode).toBe(131026);
    expect(await h.balance()).toEqual(before);
    const repeat = await h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'A-5' }, idempotencyKey: 'order-A-5-shipped' });
    expect(repeat).toMatchObject({ duplicate: true, message: { status: 'failed' } });
    expect(h.whatsapp.sim.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(1);
  });
});
