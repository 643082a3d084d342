import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOUR, MINUTE } from '../../../src/core/clock.js';
import { SwitchboardError } from '../../../src/core/errors.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import type { Logger } from '../../../src/core/logger.js';
import type { Conversation } from '../../../src/model/conversation.js';
import type { Message } from '../../../src/model/message.js';
import { createAutomation, keywordMatcher } from '../../../src/switchboard/automation/index.js';
import type { AutomationConfig } from '../../../src/switchboard/automation/index.js';
import type { SwitchboardEvents } from '../../../src/switchboard/events.js';
import { channelsOf, contextWith, fakeSend } from './fake-send.js';
import { dialogFixture } from './fixture.js';

function setup(config: AutomationConfig, logger?: Logger) {
  const f = dialogFixture();
  const send = fakeSend(f.store, f.clock);
  const ctx = contextWith(f, send, channelsOf(['vk', '232142875'], ['whatsapp', '106540352242922']), logger);
  const automation = createAutomation(ctx, config);
  const ids = createIdGenerator({ clock: f.clock });
  /** Stores a customer message like the inbound pipeline and runs automation on it. */
  const receive = async (conversation: Conversation, text: string, payloadExtra: Partial<SwitchboardEvents['message.received']> = {}): Promise<Message> => {
    f.clock.advance(1);
    const message: Message = {
      id: ids.next('msg'), conversationId: conversation.id, contactId: conversation.contactId, channel: conversation.channel, accountId: conversation.accountId,
      direction: 'inbound', content: { type: 'text', text }, idempotencyKey: `in:${ids.next('x')}`, providerMessageId: ids.next('p'),
      status: 'received', timestamps: { received: f.clock.now() }, createdAt: f.clock.now(),
    };
    await f.store.messages.append(message);
    const contact = await f.store.contacts.get(conversation.contactId);
    if (contact === null) throw new Error('contact vanished');
    const current = (await f.store.conversations.get(conversation.id)) ?? conversation;
    await automation.onMessageReceived({ message, conversation: current, contact, isNewConversation: false, ...payloadExtra });
    return message;
  };
  return { ...f, send, automation, receive };
}

const priceRule = { id: 'price', match: { keywords: ['price', 'цена', '价格'] }, reply: { text: 'Hi {{first_name}}, our prices: example.com/prices' } } as const;

describe('keyword matching', () => {
  it('matches whole words in any language, ignoring case, width and accents, and phrases word by word', () => {
    const m = keywordMatcher(['price', 'цена', 'price list', '价格', 'café']);
    expect(m.find('What is the PRICE?')).toBe('price');
    expect(m.find('ＰＲＩＣＥ please')).toBe('price');
    expect(m.find('Какая цена?')).toBe('цена');
    expect(m.find('请问价格是多少')).toBe('价格');
    expect(m.find('CAFE opening hours')).toBe('café');
    expect(m.find('send the price-list')).toBe('price');
    expect(m.find('priceless')).toBeUndefined();
    expect(m.find('prices')).toBeUndefined();
  });

  it('finds a keyword whatever its case, width and surrounding punctuation, and never inside a longer word', () => {
    const word = fc.stringMatching(/^[a-zа-я]{3,10}$/);
    const toFullWidth = (text: string): string => text.replace(/[a-z]/gi, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(word, fc.boolean(), fc.boolean(), fc.constantFrom('', '!', '?', ',', '«', '»', '...'), fc.constantFrom('', 'tell me ', 'скажите '), (keyword, upper, wide, punctuation, prefix) => {
        let shown = upper ? keyword.toUpperCase() : keyword;
        if (wide) shown = toFullWidth(shown);
        const matcher = keywordMatcher([keyword]);
        expect(matcher.find(`${prefix}${punctuation}${shown}${punctuation} please`)).toBe(keyword);
        expect(matcher.find(`${prefix}${shown}x please`)).toBeUndefined();
      }),
    );
  });
});

describe('auto-replies', () => {
  it('answers a matching customer message through send, with merge values and an idempotency key from rule and message', async () => {
    const f = setup({ autoReplies: [priceRule] });
    const dialog = await f.openDialog();
    const inbound = await f.receive(dialog, 'сколько стоит? цена?');
    expect(f.send.calls).toEqual([
      { conversationId: dialog.id, idempotencyKey: `auto:price:${inbound.id}`, replyTo: inbound.providerMessageId, text: 'Hi Ivan, our prices: example.com/prices' },
    ]);
  });

  it('stays quiet in dialogs an operator holds, unless the rule says whenAssigned', async () => {
    const f = setup({ autoReplies: [priceRule, { id: 'hours', match: { regex: /\bopen\b/i }, reply: { text: 'We open at 9' }, whenAssigned: true }] });
    const dialog = await f.openDialog();
    const current = await f.store.conversations.update(dialog.id, { assigneeId: 'alexander' }, dialog.version);
    await f.receive(current, 'price?');
    expect(f.send.calls).toEqual([]);
    await f.receive(current, 'are you open today?');
    expect(f.send.calls.map((c) => c.text)).toEqual(['We open at 9']);
  });

  it('answers once per conversation for once rules, and only the first matching rule answers', async () => {
    const f = setup({ autoReplies: [{ ...priceRule, once: true }, { id: 'also-price', match: { keywords: ['price'] }, reply: { text: 'never' } }] });
    const dialog = await f.openDialog();
    await f.receive(dialog, 'price');
    await f.receive(dialog, 'price again');
    expect(f.send.calls.map((c) => c.idempotencyKey)).toEqual([`auto:price:${dialog.id}`, `auto:price:${dialog.id}`]);
    const outbound = (await f.store.messages.listByConversation(dialog.id)).items.filter((m) => m.direction === 'outbound');
    expect(outbound).toHaveLength(1);
  });

  it('uses intents (async allowed) and logs, without throwing, a reply the send pipeline refuses', async () => {
    const logged: unknown[] = [];
    const logger: Logger = { debug: () => undefined, info: (o) => { logged.push(o); }, warn: (o) => { logged.push(o); }, error: () => undefined };
    const f = setup({ autoReplies: [{ id: 'delivery', match: { intent: (text) => Promise.resolve(text.includes('where is my order')) }, reply: { text: 'Tracking: ...' } }] }, logger);
    f.send.refuse = () => new SwitchboardError('WINDOW_CLOSED', 'window closed');
    const dialog = await f.openDialog();
    await expect(f.receive(dialog, 'hello, where is my order')).resolves.toBeDefined();
    expect(f.send.calls).toHaveLength(1);
    expect(logged).toEqual([expect.objectContaining({ ruleId: 'delivery', code: 'WINDOW_CLOSED' })]);
  });

  it('renders a stored canned response with the contact values and sends it as text', async () => {
    const f = dialogFixture();
    const send = fakeSend(f.store, f.clock);
    const canned = await f.store.cannedResponses.create({ name: 'Prices', module: 'Leads', body: 'Hello {{Leads.first_name}}, see our price list' });
    const automation = createAutomation(contextWith(f, send, channelsOf(['vk', '232142875'])), {
      autoReplies: [{ id: 'price', match: { keywords: ['price'] }, reply: { cannedResponseId: canned.id } }],
    });
    const dialog = await f.openDialog();
    const contact = await f.store.contacts.get(dialog.contactId);
    if (contact === null) throw new Error('contact vanished');
    const message: Message = {
      id: f.ids.next('msg'), conversationId: dialog.id, contactId: dialog.contactId, channel: 'vk', accountId: dialog.accountId,
      direction: 'inbound', content: { type: 'text', text: 'price?' }, idempotencyKey: 'vk:1', status: 'received', timestamps: {}, createdAt: f.clock.now(),
    };
    await automation.onMessageReceived({ message, conversation: dialog, contact, isNewConversation: true });
    expect(send.calls).toEqual([{ conversationId: dialog.id, idempotencyKey: `auto:price:${message.id}`, text: 'Hello Ivan, see our price list' }]);
  });

  it('refuses invalid configuration with INVALID_CONFIG naming the field', () => {
    const f = dialogFixture();
    const ctx = contextWith(f, fakeSend(f.store, f.clock), channelsOf(['vk', '1']));
    expect(() => createAutomation(ctx, { autoReplies: [{ id: 'a', match: {}, reply: { text: 'x' } }] })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error);
    expect(() => createAutomation(ctx, { autoReplies: [{ id: 'a', match: { regex: /x/g }, reply: { text: 'x' } }] })).toThrow(/stateful/);
    expect(() => createAutomation(ctx, { autoReplies: [priceRule, priceRule] })).toThrow(/duplicate rule id/);
    expect(() => createAutomation(ctx, { outOfHours: { timezone: 'Mars/Olympus', hours: {}, reply: { text: 'x' } } })).toThrow(/time zone/);
    expect(() => createAutomation(ctx, { outOfHours: { timezone: 'UTC', hours: { mon: [['18:00', '09:00']] }, reply: { text: 'x' } } })).toThrow(/overnight/);
  });
});

describe('out-of-hours reply', () => {
  const hours = { timezone: 'Europe/Moscow', hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '13:00'], ['14:00', '18:00']] }, reply: { text: 'We are closed; we answer from 9:00 Moscow time.' } } satisfies AutomationConfig['outOfHours'];

  it('answers outside opening hours in the configured time zone, once per dialog per local day', async () => {
    const f = setup({ outOfHours: hours });
    const dialog = await f.openDialog();
    // START is Friday 2026-11-20 09:00 UTC = 12:00 Moscow: open.
    await f.receive(dialog, 'hi');
    expect(f.send.calls).toEqual([]);
    f.clock.advance(HOUR + 10 * MINUTE); // 13:10 Moscow: lunch break
    await f.receive(dialog, 'hello?');
    f.clock.advance(MINUTE);
    await f.receive(dialog, 'anyone?');
    f.clock.advance(24 * HOUR); // Saturday: closed all day, a new local day
    await f.receive(dialog, 'still there?');
    expect(f.send.calls.map((c) => c.idempotencyKey)).toEqual([
      `auto:out-of-hours:${dialog.id}:2026-11-20`, `auto:out-of-hours:${dialog.id}:2026-11-20`, `auto:out-of-hours:${dialog.id}:2026-11-21`,
    ]);
    const outbound = (await f.store.messages.listByConversation(dialog.id)).items.filter((m) => m.direction === 'outbound');
    expect(outbound).toHaveLength(2);
  });

  it('gives way to a matching keyword rule', async () => {
    const f = setup({ autoReplies: [priceRule], outOfHours: hours });
    const dialog = await f.openDialog();
    f.clock.advance(12 * HOUR);
    await f.receive(dialog, 'price?');
    expect(f.send.calls.map((c) => c.idempotencyKey?.split(':')[1])).toEqual(['price']);
  });
});

describe('hand-off to a human', () => {
  it('asks for a human on a complaint in any language, records it in the history, and sends no auto-reply', async () => {
    const f = setup({ autoReplies: [priceRule], handoff: {} });
    const dialog = await f.openDialog();
    const message = await f.receive(dialog, 'Это обман! Верните деньги, цена не та');
    expect(f.send.calls).toEqual([]);
    expect(f.emitted).toEqual([['conversation.handoff_requested', expect.objectContaining({ reason: 'complaint', message })]]);
    const history = await f.auditLog.listByConversation(dialog.id);
    expect(history.items).toEqual([expect.objectContaining({ action: 'handoff_requested', actor: { kind: 'system', reason: 'automation' }, details: { reason: 'complaint: верните деньги', messageId: message.id } })]);
  });

  it('asks after N customer messages in a row without an operator reply; auto-replies do not count, operator replies reset', async () => {
    const f = setup({ autoReplies: [{ id: 'ack', match: { keywords: ['hello'] }, reply: { text: 'Hi! An operator will answer soon.' } }], handoff: { keywords: ['complaint'], afterCustomerMessagesWithoutOperator: 3 } });
    const dialog = await f.openDialog();
    await f.receive(dialog, 'hello');
    await f.receive(dialog, 'is anyone there');
    expect(f.emitted).toEqual([]);
    await f.receive(dialog, '???');
    expect(f.emitted.map(([name, p]) => [name, (p as { reason: string }).reason])).toEqual([['conversation.handoff_requested', 'no_operator_reply']]);
    await f.receive(dialog, 'hello?');
    expect(f.emitted).toHaveLength(1);
    f.clock.advance(1);
    await f.send({ conversationId: dialog.id, text: 'Sorry for the wait', operatorId: 'alexander' });
    for (const text of ['ok', 'and', 'then']) await f.receive(dialog, text);
    expect(f.emitted).toHaveLength(2);
  });
});
