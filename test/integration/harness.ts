/**
 * The integration harness: a Switchboard over the memory store and a memory ledger, with the
 * real WhatsApp and VK adapters talking to both provider simulators on one msw server, a
 * virtual clock, and helpers that deliver correctly signed webhooks.
 *
 * Stable API (other integration suites build on it):
 *   const h = await createHarness(options?)   // per test; `await h.close()` afterwards
 *   h.sb, h.store, h.ledger, h.clock, h.whatsapp.{sim,adapter}, h.vk.{sim,adapter}
 *   h.recorded('message.received')             // payloads of an event, in order
 *   h.waInbound({ from, text?, name?, part?, at? }) → { response, wamid }
 *   h.waDeliver(payloads) → responses;  h.waStatuses(wamidOrSent, ['sent','delivered'], options?) → responses
 *   h.waWrites(text?) → the dialog's id        // the customer (CUSTOMER_WA) writes; default text 'Hello'
 *   h.vkMessage(userId, text, extra?) → { response, event };  h.vkAllow(userId);  h.vkDeny(userId)
 *   h.vkWrites(userId, text) → the dialog's id
 *   h.vkDeliver(event, { retryCounter? }) → response
 *   h.seedTemplate(definition, { status?, providerTemplateId?, category? }) → TemplateRecord
 *   h.optIn(to?, purpose?)                      // a consent fact the CRM collected (default: transactional, CUSTOMER_PHONE)
 *   h.topUp(amount);  h.balance();  h.spawn(options?) → a second Switchboard over the same store and ledger
 *   h.hookCalls                                 // inputs `onNewConversation` received
 */
import { setupServer } from 'msw/node';
import type { SetupServer } from 'msw/node';
import { createVkAdapter } from '../../src/channels/vk/adapter.js';
import type { VkAdapter } from '../../src/channels/vk/adapter.js';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/whatsapp-adapter.js';
import type { WhatsAppAdapter } from '../../src/channels/whatsapp/whatsapp-adapter.js';
import { createVirtualClock } from '../../src/core/clock.js';
import type { VirtualClock } from '../../src/core/clock.js';
import type { SwitchboardError } from '../../src/core/errors.js';
import { createIdGenerator } from '../../src/core/ids.js';
import type { ConversationId } from '../../src/core/ids.js';
import { createMemoryLedger, createMemoryLedgerState } from '../../src/ledger/memory.js';
import type { MemoryLedgerState } from '../../src/ledger/memory.js';
import { definePriceBook } from '../../src/ledger/price-book.js';
import type { PriceBookDefinition } from '../../src/ledger/price-book.js';
import type { AutoRechargeOptions, Balance, CreditsLedger } from '../../src/ledger/types.js';
import type { TemplateCategory, TemplateRecord, TemplateStatus } from '../../src/model/template.js';
import { createMemoryStore } from '../../src/ports/memory/store.js';
import type { Store } from '../../src/ports/store.js';
import { defineTemplate } from '../../src/templates/define-template.js';
import type { TemplateDefinition } from '../../src/templates/definition.js';
import { toTemplateRecord } from '../../src/templates/record.js';
import type { SwitchboardConfig } from '../../src/switchboard/config.js';
import type { SwitchboardEvents } from '../../src/switchboard/events.js';
import type { NewConversationInput, NewConversationResult } from '../../src/switchboard/hooks.js';
import { createSwitchboard } from '../../src/switchboard/switchboard.js';
import type { Switchboard } from '../../src/switchboard/switchboard.js';
import { createVkSimulator } from '../../src/testing/vk/simulator.js';
import type { VkSimulator } from '../../src/testing/vk/simulator.js';
import type { VkTestEvent, VkTestMessage } from '../../src/testing/vk/events.js';
import { createWhatsAppSimulator } from '../../src/testing/whatsapp/simulator.js';
import type { WhatsAppSimulator } from '../../src/testing/whatsapp/simulator.js';
import type { InboundSpec, StatusSpec, WhatsAppWebhookPayload } from '../../src/testing/whatsapp/payloads.js';
import type { SentMessage } from '../../src/testing/whatsapp/types.js';

/** 2026-03-02 09:00 UTC: before Meta starts charging service messages (1 Oct 2026). */
export const HARNESS_START = Date.UTC(2026, 2, 2, 9, 0, 0);
export const WA_URL = 'https://crm.example.test/webhooks/whatsapp';
export const VK_URL = 'https://crm.example.test/webhooks/vk';
/** A customer's WhatsApp id (wa_id digits) and the E.164 form Switchboard stores. */
export const CUSTOMER_WA = '16505551234';
export const CUSTOMER_PHONE = '+16505551234';
/** A VK user the simulator knows by name. */
export const VK_USER = 100;
export const VK_COMMUNITY_NAME = 'Shop group';

/** Prices used unless a test gives its own: templates by category, VK 1 credit, WhatsApp service messages free. */
export const HARNESS_PRICES: PriceBookDefinition = {
  whatsapp: { templates: { '*': { MARKETING: 60, UTILITY: 10, AUTHENTICATION: 10 } }, service: { '*': 2 } },
  vk: { credits: 1 },
};

export interface HarnessOptions {
  /** Extra Switchboard config (policy, templates, outbox, automation, ...). */
  config?: Partial<Omit<SwitchboardConfig, 'channels' | 'store' | 'ledger' | 'clock'>>;
  /** `false`: no ledger (nothing charged). Default: a memory ledger topped up with `credits`. */
  ledger?: false | { autoRecharge?: AutoRechargeOptions };
  /** Initial credits on the `default` account. Default 10 000. */
  credits?: number;
  prices?: PriceBookDefinition;
  /** The host's `onNewConversation`; default: links a lead `lead-<n>` and records the call. */
  onNewConversation?: (input: NewConversationInput) => NewConversationResult | undefined | Promise<NewConversationResult | undefined>;
  /** WhatsApp templates the simulated Meta knows (name, language, status). Default: none checked. */
  providerTemplates?: { name: string; language: string; status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' }[];
  /** The WhatsApp adapter's request timeout in (real) ms. Default 300. */
  whatsappTimeoutMs?: number;
}

type Recorded = { [E in keyof SwitchboardEvents]?: SwitchboardEvents[E][] };

export interface Harness {
  sb: Switchboard;
  store: Store;
  ledger: CreditsLedger | undefined;
  ledgerState: MemoryLedgerState;
  clock: VirtualClock;
  server: SetupServer;
  whatsapp: { sim: WhatsAppSimulator; adapter: WhatsAppAdapter };
  vk: { sim: VkSimulator; adapter: VkAdapter };
  hookCalls: NewConversationInput[];
  recorded<E extends keyof SwitchboardEvents>(event: E): SwitchboardEvents[E][];
  waInbound(spec: Omit<InboundSpec, 'wamid' | 'timestamp' | 'from'> & { from?: string; at?: number }): Promise<{ response: Response; wamid: string; payload: WhatsAppWebhookPayload }>;
  waDeliver(payloads: WhatsAppWebhookPayload | readonly WhatsAppWebhookPayload[], target?: Switchboard): Promise<Response[]>;
  waStatuses(message: SentMessage | string, sequence: readonly StatusSpec['status'][], options?: Parameters<WhatsAppSimulator['statuses']>[2]): Promise<Response[]>;
  /** The customer (`CUSTOMER_WA`) writes `text` (default `Hello`); resolves to the id of the dialog it landed in. */
  waWrites(text?: string): Promise<ConversationId>;
  vkMessage(userId: number, text: string, extra?: Omit<VkTestMessage, 'fromId' | 'text'>): Promise<{ response: Response; event: VkTestEvent }>;
  /** VK user `userId` writes `text` to the community; resolves to the id of the dialog it landed in. */
  vkWrites(userId: number, text: string): Promise<ConversationId>;
  vkAllow(userId: number): Promise<Response>;
  vkDeny(userId: number): Promise<Response>;
  vkDeliver(event: VkTestEvent, options?: { retryCounter?: number; target?: Switchboard }): Promise<Response>;
  seedTemplate(definition: TemplateDefinition, meta?: { status?: TemplateStatus; providerTemplateId?: string; category?: TemplateCategory }): Promise<TemplateRecord>;
  optIn(to?: string, purpose?: 'transactional' | 'marketing'): Promise<void>;
  topUp(amount: number): Promise<void>;
  balance(): Promise<Balance>;
  spawn(config?: HarnessOptions['config']): Switchboard;
  close(): Promise<void>;
}

const EVENTS: readonly (keyof SwitchboardEvents)[] = [
  'message.received', 'message.sent', 'message.status', 'message.failed', 'conversation.opened', 'conversation.assigned',
  'conversation.closed', 'conversation.restored', 'consent.changed', 'template.status_changed', 'template.category_changed',
  'webhook.rejected', 'credits.reserved', 'credits.captured', 'credits.released', 'credits.insufficient', 'credits.low',
  'credits.recharged', 'interaction', 'account.alert', 'error',
];

/** A fresh world for one test; see the file comment for the API. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = createVirtualClock(HARNESS_START);
  // Waits (rate limits, backoff) advance virtual time instead of sleeping.
  const sleep = (ms: number): Promise<void> => { clock.advance(Math.max(0, Math.ceil(ms))); return Promise.resolve(); };
  const waSim = createWhatsAppSimulator({
    clock, accessToken: 'wa-test-access-token',
    ...(options.providerTemplates === undefined ? {} : { templates: options.providerTemplates.map((t) => ({ ...t, category: 'UTILITY' })) }),
  });
  const vkSim = createVkSimulator({ clock, groupName: VK_COMMUNITY_NAME, users: { [VK_USER]: { firstName: 'Ivan', lastName: 'Petrov' }, 101: { firstName: 'Olga', lastName: 'Smirnova' } } });
  const server = setupServer(...waSim.handlers, ...vkSim.handlers);
  server.listen({ onUnhandledFrame: 'error' });

  const whatsapp = createWhatsAppAdapter({
    phoneNumberId: waSim.account.phoneNumberId, wabaId: waSim.account.wabaId, accessToken: 'wa-test-access-token',
    appSecret: waSim.appSecret, verifyToken: 'wa-verify-token', clock, sleep, retry: { retries: 0 }, timeoutMs: options.whatsappTimeoutMs ?? 300,
  });
  const vk = createVkAdapter({
    groupId: vkSim.groupId, accessToken: vkSim.accessToken, secret: vkSim.secret, confirmation: vkSim.confirmation,
    clock, sleep, retry: { retries: 0 }, timeoutMs: 300,
  });
  const store = createMemoryStore({ clock });
  const ledgerState = createMemoryLedgerState();
  const makeLedger = (): CreditsLedger | undefined => options.ledger === false ? undefined : createMemoryLedger({
    state: ledgerState, clock, ...(options.ledger?.autoRecharge === undefined ? {} : { autoRecharge: options.ledger.autoRecharge }),
  });
  const ledger = makeLedger();
  const prices = definePriceBook(options.prices ?? HARNESS_PRICES);
  const hookCalls: NewConversationInput[] = [];
  const onNewConversation = async (input: NewConversationInput): Promise<NewConversationResult | undefined> => {
    hookCalls.push(input);
    if (options.onNewConversation !== undefined) return await options.onNewConversation(input);
    return { links: [{ type: 'lead', id: `lead-${hookCalls.length}` }] };
  };
  const build = (config: HarnessOptions['config'], instanceLedger: CreditsLedger | undefined, instance: string): Switchboard => createSwitchboard({
    channels: [whatsapp, vk],
    store,
    clock,
    ids: createIdGenerator({ clock }),
    hooks: { onNewConversation },
    ...(instanceLedger === undefined ? {} : { ledger: instanceLedger, prices }),
    ...options.config,
    ...config,
    outbox: { instanceId: instance, ...options.config?.outbox, ...config?.outbox },
  });
  const sb = build(undefined, ledger, 'instance-a');
  const recorded: Recorded = {};
  const lastReceivedDialog = (): ConversationId => {
    const received = recorded['message.received']?.at(-1);
    if (received === undefined) throw new Error('the message was not received');
    return received.conversation.id;
  };
  const on = sb.on.bind(sb) as (event: string, listener: (payload: unknown) => void) => Switchboard;
  for (const name of EVENTS) {
    on(name, (payload) => { ((recorded[name] ??= []) as unknown[]).push(payload); });
  }
  if (ledger !== undefined && options.credits !== 0) {
    await ledger.topUp({ id: 'harness-initial', account: 'default', amount: options.credits ?? 10_000, source: 'purchase' });
  }
  let topUps = 0;
  let spawned = 0;
  // VK message ids are unique per community; the simulator's builder defaults every id to 1.
  let vkInboundId = 1_000_000;

  const harness: Harness = {
    sb, store, ledger, ledgerState, clock, server, hookCalls,
    whatsapp: { sim: waSim, adapter: whatsapp },
    vk: { sim: vkSim, adapter: vk },
    recorded: (event) => recorded[event] ?? [],
    async waInbound(spec) {
      const { wamid, payload } = waSim.inbound({ ...spec, from: spec.from ?? CUSTOMER_WA });
      const [response] = await harness.waDeliver(payload);
      if (response === undefined) throw new Error('no webhook response');
      return { response, wamid, payload };
    },
    async waWrites(text = 'Hello') {
      await harness.waInbound({ text });
      return lastReceivedDialog();
    },
    async waDeliver(payloads, target = sb) {
      const list: readonly WhatsAppWebhookPayload[] = isPayloadList(payloads) ? payloads : [payloads];
      const responses: Response[] = [];
      for (const payload of list) responses.push(await target.handleWebhook(waSim.webhookRequest(payload, { url: WA_URL })));
      return responses;
    },
    async waStatuses(message, sequence, statusOptions) {
      return await harness.waDeliver(waSim.statuses(message, sequence, statusOptions));
    },
    async vkWrites(userId, text) {
      await harness.vkMessage(userId, text);
      return lastReceivedDialog();
    },
    async vkMessage(userId, text, extra) {
      const id = extra?.id ?? ++vkInboundId;
      const event = vkSim.userWrites(userId, text, { conversationMessageId: id, ...extra, id });
      return { response: await harness.vkDeliver(event), event };
    },
    vkAllow: async (userId) => await harness.vkDeliver(vkSim.allow(userId)),
    vkDeny: async (userId) => await harness.vkDeliver(vkSim.deny(userId)),
    async vkDeliver(event, deliverOptions = {}) {
      const request = vkSim.callbackRequest(event, { url: VK_URL, ...(deliverOptions.retryCounter === undefined ? {} : { retryCounter: deliverOptions.retryCounter }) });
      return await (deliverOptions.target ?? sb).handleWebhook(request);
    },
    async seedTemplate(definition, meta = {}) {
      const record = toTemplateRecord(defineTemplate(definition), {
        id: createIdGenerator({ clock }).next('tpl'), status: meta.status ?? 'approved', clock,
        ...(meta.providerTemplateId === undefined ? {} : { providerTemplateId: meta.providerTemplateId }),
        ...(meta.category === undefined ? {} : { category: meta.category }),
      });
      return await store.templates.save(record, null);
    },
    async optIn(to = CUSTOMER_PHONE, purpose = 'transactional') {
      await sb.recordConsent({ channel: 'whatsapp', to, purpose, status: 'opted_in', source: 'import', proof: { importId: 'harness' } });
    },
    async topUp(amount) {
      if (ledger === undefined) throw new Error('this harness has no ledger');
      await ledger.topUp({ id: `harness-topup-${++topUps}`, account: 'default', amount, source: 'purchase' });
    },
    async balance() {
      if (ledger === undefined) throw new Error('this harness has no ledger');
      return await ledger.balance('default');
    },
    spawn: (config) => build(config, makeLedger(), `instance-${String.fromCharCode(98 + spawned++)}`),
    async close() {
      await sb.whenIdle();
      if (ledger !== undefined) await ledger.whenIdle();
      server.close();
    },
  };
  return harness;
}

function isPayloadList(value: WhatsAppWebhookPayload | readonly WhatsAppWebhookPayload[]): value is readonly WhatsAppWebhookPayload[] {
  return Array.isArray(value);
}

/** A notification template with a named variable bound to the record's first name. */
export const ORDER_SHIPPED: TemplateDefinition = {
  name: 'order_shipped',
  language: 'en_US',
  category: 'UTILITY',
  body: 'Hello {{first_name}}, your order {{order_id}} has shipped.',
  variables: {
    first_name: { bind: 'first_name', example: 'Ivan', fallback: 'there' },
    order_id: { bind: 'order_id', example: 'A-1042' },
  },
};

/** A marketing template. */
export const SPRING_SALE: TemplateDefinition = {
  name: 'spring_sale',
  language: 'en_US',
  category: 'MARKETING',
  body: 'Hi {{first_name}}, our spring sale starts today: 20% off everything.',
  variables: { first_name: { bind: 'first_name', example: 'Ivan', fallback: 'there' } },
};

/** The typed error a promise rejects with (fails the test when it resolves). */
export async function refusal(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (error) {
    return error as SwitchboardError;
  }
  throw new Error('expected a refusal');
}
