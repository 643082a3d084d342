/**
 * Runs the flows docs/testing.md describes, against the real simulators and adapters, so the
 * guide's claims (status codes, error codes, retry behaviour) cannot drift from the code. The
 * guide's blocks themselves are type-checked by code-blocks.test.ts.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent, OutboundMessage } from '../../src/channels/adapter.js';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/index.js';
import { createVkAdapter } from '../../src/channels/vk/index.js';
import { createVirtualClock, HOUR } from '../../src/core/clock.js';
import type { VirtualClock } from '../../src/core/clock.js';
import type { MessageId } from '../../src/core/ids.js';
import { newId } from '../../src/core/ids.js';
import {
  adapterContract, createVkSimulator, createWhatsAppSimulator, signWhatsAppWebhook, signedWhatsAppWebhookRequest, vkCallbackRequest,
  vkMessageNewEvent, whatsAppVerificationRequest, whatsAppWebhookJson,
} from '../../src/testing/index.js';

const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterEach(() => { server.resetHandlers(); });
afterAll(() => { server.close(); });

/** Waits in virtual time: retry back-off and rate-limit pacing move the test's clock, as the guide says. */
const waitOn = (clock: VirtualClock) => (ms: number): Promise<void> => { clock.advance(Math.ceil(ms)); return Promise.resolve(); };

function whatsAppSetup() {
  const clock = createVirtualClock(new Date('2026-11-21T09:00:00Z'));
  const sim = createWhatsAppSimulator({ appSecret: 'test-secret', accessToken: 'test-token', clock });
  server.use(...sim.handlers);
  const whatsapp = createWhatsAppAdapter({
    phoneNumberId: sim.account.phoneNumberId, wabaId: sim.account.wabaId, accessToken: 'test-token',
    appSecret: 'test-secret', verifyToken: 'test-verify-token', clock, sleep: waitOn(clock),
  });
  const inbox: InboundEvent[] = [];
  const route = async (request: Request): Promise<Response> => {
    const { response, events } = await whatsapp.handleWebhook(request);
    inbox.push(...events);
    return response;
  };
  return { clock, sim, whatsapp, inbox, route };
}

const reply = (n: number): OutboundMessage => ({
  messageId: `msg_01JD5Q9V3M8X6T2W4R7Y0Z1A${String(n).padStart(2, '0')}` as MessageId,
  idempotencyKey: `reply-${n}`,
  to: { kind: 'phone', value: '+16505551234' },
  content: { type: 'text', text: 'It left the warehouse this morning.' },
});

describe('docs/testing.md: WhatsApp', () => {
  it('a customer message reaches the route, the reply carries the message id, statuses arrive', async () => {
    const { sim, whatsapp, inbox, route } = whatsAppSetup();
    const { payload } = sim.inbound({ from: '16505551234', name: 'Jessica', text: 'Where is my order?' });
    const [answer] = await sim.deliverWebhook(route, payload);
    expect(answer?.status).toBe(200);
    expect(inbox.map((event) => event.type)).toEqual(['message.received']);

    const message = reply(1);
    const sent = await whatsapp.send(message);
    expect(sim.sent[0]?.wamid).toBe(sent.providerMessageId);
    expect(sim.sent[0]?.bizOpaqueCallbackData).toBe(message.messageId);

    const statuses = sim.statuses(sent.providerMessageId, ['sent', 'delivered', 'read'], { order: 'shuffled', duplicates: 1 });
    expect(statuses).toHaveLength(6);
    const answers = await sim.deliverWebhook(route, statuses);
    expect(answers.every((response) => response.status === 200)).toBe(true);
  });

  it('25 hours after the customer wrote, a free-form reply is WHATSAPP_WINDOW_CLOSED with remedy template', async () => {
    const { clock, sim, whatsapp } = whatsAppSetup();
    sim.inbound({ from: '16505551234', text: 'Hi' });
    clock.advance(25 * HOUR);
    await expect(whatsapp.send(reply(2))).rejects.toMatchObject({ code: 'WHATSAPP_WINDOW_CLOSED', remedy: 'template', providerCode: 131047 });
  });

  it('transient faults are retried; a final refusal is not', async () => {
    const { sim, whatsapp } = whatsAppSetup();
    sim.inbound({ from: '16505551234', text: 'Hi' });
    sim.failNext('server_error', { times: 2 });
    await whatsapp.send(reply(3));
    expect(sim.sent).toHaveLength(1);
    sim.failNext({ code: 131026 });
    const before = sim.requests.length;
    await expect(whatsapp.send(reply(4))).rejects.toMatchObject({ code: 'WHATSAPP_RECIPIENT_UNAVAILABLE', retryable: false });
    expect(sim.requests.length - before).toBe(1);
  });

  it('seeded random faults repeat exactly with the same seed', async () => {
    async function run(seed: number): Promise<string[]> {
      const clock = createVirtualClock(new Date('2026-11-21T09:00:00Z'));
      const sim = createWhatsAppSimulator({ seed, clock, faults: { rate: 0.5, kinds: ['rate_limit', 'server_error', 'gateway'] } });
      server.use(...sim.handlers);
      const whatsapp = createWhatsAppAdapter({
        phoneNumberId: sim.account.phoneNumberId, wabaId: sim.account.wabaId, accessToken: 't', appSecret: sim.appSecret,
        verifyToken: 'v', clock, sleep: waitOn(clock), retry: { retries: 0 },
      });
      sim.inbound({ from: '16505551234', text: 'Hi' });
      const outcomes: string[] = [];
      for (let n = 10; n < 30; n++) {
        outcomes.push(await whatsapp.send(reply(n)).then(() => 'ok', (error: unknown) => (error as { code: string }).code));
      }
      server.resetHandlers();
      return outcomes;
    }
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(first).toContain('ok');
    expect(first.some((outcome) => outcome !== 'ok')).toBe(true);
  });

  it('signed requests: valid 200, wrong secret 401, the handshake echoes the challenge', async () => {
    const { sim, route } = whatsAppSetup();
    const { payload } = sim.inbound({ from: '16505551234', text: 'Привет / hi' });
    expect((await route(signedWhatsAppWebhookRequest(payload, 'test-secret'))).status).toBe(200);
    expect((await route(signedWhatsAppWebhookRequest(payload, 'wrong-secret'))).status).toBe(401);
    expect((await route(signedWhatsAppWebhookRequest(payload, 'test-secret', { signature: null }))).status).toBe(401);
    const body = whatsAppWebhookJson(payload);
    expect(body).toContain('\\u041f');
    expect(body).toContain('\\/');
    expect(signWhatsAppWebhook(body, 'test-secret')).toMatch(/^sha256=[0-9a-f]{64}$/);
    const handshake = await route(whatsAppVerificationRequest('test-verify-token', '1158201444'));
    expect(await handshake.text()).toBe('1158201444');
  });
});

describe('docs/testing.md: VK', () => {
  function vkSetup() {
    const sim = createVkSimulator({ users: { 100: { firstName: 'Ivan', lastName: 'Petrov' } }, groupName: 'Shop' });
    server.use(...sim.handlers);
    const vk = createVkAdapter({ groupId: sim.groupId, accessToken: sim.accessToken, secret: sim.secret, confirmation: sim.confirmation, sleep: () => Promise.resolve() });
    return { sim, vk };
  }
  const hi = (): OutboundMessage => ({ messageId: newId('msg'), idempotencyKey: 'k1', to: { kind: 'vk_user', value: '100' }, content: { type: 'text', text: 'Hi!' } });

  it('a retried callback keeps its dedupe key; a forged one is 403 with no events', async () => {
    const { sim, vk } = vkSetup();
    const press = sim.events.button({ userId: 100, payload: { cmd: 'track' } });
    const [first, retry] = sim.callbackDeliveries(press, 2);
    const a = await vk.handleWebhook(first!);
    const b = await vk.handleWebhook(retry!);
    expect(b.retryCount).toBe(1);
    expect(a.events).toHaveLength(1);
    expect(b.events[0]?.dedupeKey).toBe(a.events[0]?.dedupeKey);
    const forged = await vk.handleWebhook(sim.callbackRequest(sim.events.unsigned(sim.events.messageNew({ fromId: 100, text: 'hi' }))));
    expect(forged.response.status).toBe(403);
    expect(forged.events).toEqual([]);
  });

  it('a lost answer is retried with the same random_id and the message is sent once', async () => {
    const { sim, vk } = vkSetup();
    sim.userWrites(100, 'Hello');
    sim.failNext('messages.send', 'lost_response');
    await vk.send(hi());
    expect(sim.sent).toHaveLength(1);
    expect(sim.calls.filter((call) => call.method === 'messages.send')).toHaveLength(2);
  });

  it('the unbound builders make a request the adapter accepts', async () => {
    const { sim, vk } = vkSetup();
    const event = vkMessageNewEvent({ fromId: 100, text: 'Привет', date: 1_767_225_600 }, { groupId: sim.groupId, secret: sim.secret });
    const result = await vk.handleWebhook(vkCallbackRequest(event, { url: 'https://crm.test/webhooks/vk' }));
    expect(await result.response.text()).toBe('ok');
    expect(result.events[0]?.type).toBe('message.received');
  });
});

// The guide's adapter-contract example, verbatim: the VK adapter over the simulator.
adapterContract({
  name: 'docs/testing.md: VK adapter in our configuration',
  setup: () => {
    const sim = createVkSimulator({ allowedUsers: [100] });
    server.use(...sim.handlers);
    const event = sim.userWrites(100, 'Hello');
    return {
      adapter: createVkAdapter({ groupId: sim.groupId, accessToken: sim.accessToken, secret: sim.secret, confirmation: sim.confirmation }),
      authentication: 'body',
      validWebhook: () => sim.callbackRequest(event),
      badSignatureWebhook: () => sim.callbackRequest(sim.events.unsigned(event)),
      malformedWebhook: () => sim.callbackRequest(JSON.stringify({ type: 42, group_id: sim.groupId, secret: sim.secret })),
      sendableMessage: () => ({ messageId: newId('msg'), idempotencyKey: 'contract', to: { kind: 'vk_user', value: '100' }, content: { type: 'text', text: 'Hi' } }),
      arrangeSendFailure: () => { sim.failNext('messages.send', { error: 901 }); },
    };
  },
});
