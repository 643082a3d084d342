// The code of docs/guide.md, run against the simulators: if the guide's API drifts, this fails.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVkAdapter } from '../../src/channels/vk/adapter.js';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/whatsapp-adapter.js';
import { hasErrorCode } from '../../src/core/errors.js';
import { createMemoryLedger } from '../../src/ledger/memory.js';
import { definePriceBook } from '../../src/ledger/price-book.js';
import type { PaymentRequest } from '../../src/ledger/types.js';
import { createMemoryStore } from '../../src/ports/memory/store.js';
import { renderText } from '../../src/templates/render-text.js';
import { createSwitchboard } from '../../src/switchboard/switchboard.js';
import { createVkSimulator } from '../../src/testing/vk/simulator.js';
import { createWhatsAppSimulator } from '../../src/testing/whatsapp/simulator.js';

const waSim = createWhatsAppSimulator({ accessToken: 'guide-token' });
const vkSim = createVkSimulator({ groupName: 'Shop group', users: { 100: { firstName: 'Ivan', lastName: 'Petrov' } } });
const server = setupServer(...waSim.handlers, ...vkSim.handlers);
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

describe('docs/guide.md', () => {
  it('walks from configuration to a first conversation, a reply, a template and the outbox', async () => {
    const leads: { id: string; title: string; source: string }[] = [];
    const crm = {
      leads: {
        create: (lead: { title: string; source: string; phone: string | undefined }) => {
          const created = { id: `L${leads.length + 1}`, ownerId: 'op-1', ...lead };
          leads.push(created);
          return Promise.resolve(created);
        },
      },
    };
    const billing = { charge: (_request: PaymentRequest) => Promise.resolve() };

    // 2. Channels
    const whatsapp = createWhatsAppAdapter({
      phoneNumberId: waSim.account.phoneNumberId, wabaId: waSim.account.wabaId, accessToken: 'guide-token',
      appSecret: waSim.appSecret, verifyToken: 'guide-verify', graphVersion: 'v25.0',
    });
    const vk = createVkAdapter({ groupId: vkSim.groupId, accessToken: vkSim.accessToken, secret: vkSim.secret, confirmation: vkSim.confirmation });

    // 3. Storage, credits and prices
    const store = createMemoryStore();
    const ledger = createMemoryLedger({ autoRecharge: { below: 500, topUp: 5_000, pay: (request) => billing.charge(request) } });
    const prices = definePriceBook({
      whatsapp: { templates: { '*': { MARKETING: 60, UTILITY: 10, AUTHENTICATION: 10 }, IN: { MARKETING: 11 } }, service: { '*': 2 } },
      vk: { credits: 1 },
    });
    await ledger.topUp({ id: 'payment-1', account: 'acme', amount: 10_000, source: 'purchase' });

    // 4. The Switchboard
    const sb = createSwitchboard({
      channels: [whatsapp, vk],
      store, ledger, prices,
      billing: { account: 'acme' },
      policy: { requireClaimToReply: false, defaultCountry: 'TW' },
      hooks: {
        async onNewConversation({ title, source, contact }) {
          const lead = await crm.leads.create({ title, source: source.name ?? source.channel, phone: contact.addresses[0]?.value });
          return { links: [{ type: 'lead', id: lead.id }], assigneeId: lead.ownerId, ownerId: lead.ownerId };
        },
      },
    });
    const timeline: string[] = [];
    sb.on('message.received', ({ message }) => { timeline.push(message.content.type); });

    // 5–6. Webhooks and the first conversation
    const { payload } = waSim.inbound({ from: '16505551234', name: 'Ada', text: 'Is my order ready?' });
    expect((await sb.handleWebhook(waSim.webhookRequest(payload, { url: 'https://crm.example.test/webhooks/whatsapp' }))).status).toBe(200);
    expect((await sb.handleWebhook(vkSim.callbackRequest(vkSim.userWrites(100, 'Здравствуйте!'), { url: 'https://crm.example.test/webhooks/vk' }))).status).toBe(200);
    expect(leads.map((l) => [l.title, l.source])).toEqual([['Ada', 'whatsapp'], ['Shop group: Ivan Petrov', 'Shop group']]);
    expect(timeline).toEqual(['text', 'text']);

    const conversation = (await sb.conversations.list({ channel: 'whatsapp' })).items[0]!;
    expect(conversation.links).toEqual([{ type: 'lead', id: 'L1' }]);
    const lead = { first_name: 'Ada' };
    const preview = renderText('Hi, {{first_name}}!', lead).text;
    const { message } = await sb.send({
      conversationId: conversation.id, text: 'Hi, {{first_name}}!', data: lead, operatorId: 'op-1',
      attachments: [{ kind: 'document', url: 'https://files.example.test/quote.pdf', filename: 'quote.pdf' }],
    });
    expect(message.status).toBe('sent');
    expect(message.content).toMatchObject({ type: 'media', text: preview });

    // 7. Templates
    await sb.templates.define({
      name: 'order_shipped', language: 'en_US', category: 'UTILITY',
      body: 'Hello {{first_name}}, your order {{order_id}} has shipped.',
      variables: { first_name: { bind: 'first_name', example: 'Ivan', fallback: 'there' }, order_id: { bind: 'order_id', example: 'A-1042' } },
    });
    await sb.templates.submit('order_shipped', 'en_US');
    waSim.setTemplateStatus('order_shipped', 'en_US', 'APPROVED');
    await sb.templates.sync();
    await sb.recordConsent({ channel: 'whatsapp', to: '0912-345-678', purpose: 'transactional', status: 'opted_in', source: 'form', proof: { formId: 'checkout' } });
    const send = () => sb.send({
      to: '0912-345-678', channel: 'whatsapp', accountId: whatsapp.accountId, template: 'order_shipped',
      data: { first_name: 'Mei', order_id: 'T-7' }, links: [{ type: 'order', id: 'T-7' }], idempotencyKey: 'order-T-7-shipped',
    });
    const outcome = await send();
    expect(outcome.quote?.amount).toBe(10);
    expect(waSim.sent.at(-1)?.to).toBe('+886912345678');
    expect((await send()).duplicate).toBe(true);

    // The window rule and its remedy
    try {
      await sb.send({ to: '+886912345678', channel: 'whatsapp', text: 'Any news?' });
      expect.unreachable();
    } catch (error) {
      expect(hasErrorCode(error, 'WINDOW_CLOSED') && error.remedy === 'template').toBe(true);
    }

    // 8–9. Outbox and health
    expect((await sb.outbox.run()).processed).toBe(0);
    expect((await sb.outbox.deadLetters()).items).toEqual([]);
    const m = sb.metrics();
    expect(m.messagesPerMinute.inbound).toMatchObject({ whatsapp: 0.2, vk: 0.2 });
    expect(m.sendErrorRate).toBe(0);
  });
});
