// The demo's world: one Switchboard on the in-memory store and ledger, talking to both provider
// simulators through msw (no network), all on one virtual clock with seeded randomness, so every
// run prints the same transcript.
import { setupServer } from 'msw/node';
import type { SetupServer } from 'msw/node';
import {
  createIdGenerator, createMemoryLedger, DAY, createMemoryStore, createSwitchboard, createVirtualClock, createVkAdapter,
  createVkSimulator, createWhatsAppAdapter, createWhatsAppSimulator, definePriceBook,
} from './sdk.js';
import type {
  Balance, ConversationId, CreditsLedger, NewConversationInput, NewConversationResult, Store, Switchboard, SwitchboardEvents, VirtualClock,
  VkSimulator, WhatsAppSimulator,
} from './sdk.js';

/** Monday 16 November 2026, 09:00 UTC: after Meta started charging service messages (1 Oct 2026). */
export const DEMO_START = Date.UTC(2026, 10, 16, 9, 0, 0);
export const WA_WEBHOOK_URL = 'https://crm.example.test/webhooks/whatsapp';
export const VK_WEBHOOK_URL = 'https://crm.example.test/webhooks/vk';
export const COMMUNITY_NAME = 'Northwind Shop';
/** The only billing account in the demo. */
export const ACCOUNT = 'acme';

/** Operators allowed to work the dialogs, per channel. */
export const OPERATORS = { whatsapp: ['maria', 'alexander'], vk: ['alexander', 'maria', 'delivery-desk'] } as const;

/** Prices in credits. Every price is explicit: the price book never charges zero by accident. */
export const PRICES = {
  whatsapp: { templates: { '*': { MARKETING: 60, UTILITY: 10, AUTHENTICATION: 10 } }, service: { '*': 2 } },
  vk: { credits: 1 },
};
export const STARTING_CREDITS = 30;
export const AUTO_RECHARGE = { below: 20, topUp: 500 };

/** A lead the host CRM created from the `onNewConversation` hook. */
export interface DemoLead {
  id: string;
  title: string;
  source: string;
}

/** Payloads of one event, recorded in order. */
export interface Collected<P> {
  readonly items: P[];
  stop(): void;
}

export interface DemoWorld {
  sb: Switchboard;
  store: Store;
  clock: VirtualClock;
  ledger: CreditsLedger;
  whatsapp: WhatsAppSimulator;
  vk: VkSimulator;
  /** Leads the CRM created, in order. */
  leads: DemoLead[];
  /** Payments the auto-recharge asked the CRM's billing for. */
  payments: { amount: number; idempotencyKey: string }[];
  /** Records an event's payloads from now until `stop()`. */
  collect<E extends keyof SwitchboardEvents>(event: E): Collected<SwitchboardEvents[E]>;
  /** Delivers a signed WhatsApp webhook to `sb.handleWebhook`; returns the HTTP status. */
  deliverWhatsApp(payload: Parameters<WhatsAppSimulator['webhookRequest']>[0]): Promise<number>;
  /** A VK user writes to the community (Callback API); returns the HTTP status. */
  vkWrites(userId: number, text: string): Promise<number>;
  balance(): Promise<Balance>;
  /** Waits for background work: automation, auto-recharge. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A deterministic random source (mulberry32) for ids and jitter. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d_2b_79_f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function createDemoWorld(): Promise<DemoWorld> {
  const clock = createVirtualClock(DEMO_START);
  const random = seededRandom(2026);
  const randomBytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const ids = createIdGenerator({ clock, random: randomBytes });
  // Rate-limit waits and backoff advance virtual time instead of sleeping.
  const sleep = (ms: number): Promise<void> => { clock.advance(Math.max(0, Math.ceil(ms))); return Promise.resolve(); };

  const whatsapp = createWhatsAppSimulator({ clock, seed: 7, accessToken: 'demo-wa-token' });
  const vk = createVkSimulator({
    clock, seed: 7, groupName: COMMUNITY_NAME,
    users: { 100: { firstName: 'Ivan', lastName: 'Petrov' }, 101: { firstName: 'Olga', lastName: 'Smirnova' } },
  });
  const server: SetupServer = setupServer(...whatsapp.handlers, ...vk.handlers);
  server.listen({ onUnhandledFrame: 'error' });

  const channels = [
    createWhatsAppAdapter({
      phoneNumberId: whatsapp.account.phoneNumberId, wabaId: whatsapp.account.wabaId, accessToken: 'demo-wa-token',
      appSecret: whatsapp.appSecret, verifyToken: 'demo-verify-token', clock, sleep, random, retry: { retries: 0 },
    }),
    createVkAdapter({
      groupId: vk.groupId, accessToken: vk.accessToken, secret: vk.secret, confirmation: vk.confirmation,
      clock, sleep, random, retry: { retries: 0 },
    }),
  ];

  const payments: DemoWorld['payments'] = [];
  const ledger = createMemoryLedger({
    clock,
    autoRecharge: {
      ...AUTO_RECHARGE,
      pay: (request) => { payments.push({ amount: request.amount, idempotencyKey: request.idempotencyKey }); return Promise.resolve(); },
    },
  });
  await ledger.topUp({ id: 'purchase-1', account: ACCOUNT, amount: STARTING_CREDITS, source: 'purchase' });

  // In production: your database behind the storage ports (see docs/storage.md).
  const store = createMemoryStore({ clock, ids });

  const leads: DemoLead[] = [];
  const onNewConversation = (input: NewConversationInput): NewConversationResult => {
    const lead = { id: `L-${String(1001 + leads.length)}`, title: input.title, source: input.source.name ?? input.source.channel };
    leads.push(lead);
    return { links: [{ type: 'lead', id: lead.id }] };
  };

  const sb = createSwitchboard({
    channels,
    store,
    ledger,
    prices: definePriceBook(PRICES),
    billing: { account: ACCOUNT },
    clock,
    ids,
    hooks: { onNewConversation },
    policy: { requireClaimToReply: true, operators: OPERATORS, defaultCountry: 'US' },
    outbox: { instanceId: 'demo-instance' },
    // The story spans two days of virtual time: report health over the last 24 hours.
    metricsWindowMs: DAY,
  });

  let vkMessageId = 5000;
  const world: DemoWorld = {
    sb, store, clock, ledger, whatsapp, vk, leads, payments,
    collect(event) {
      const items: SwitchboardEvents[typeof event][] = [];
      const listener = (payload: SwitchboardEvents[typeof event]): void => { items.push(payload); };
      sb.on(event, listener);
      return { items, stop: () => { sb.off(event, listener); } };
    },
    async deliverWhatsApp(payload) {
      return (await sb.handleWebhook(whatsapp.webhookRequest(payload, { url: WA_WEBHOOK_URL }))).status;
    },
    async vkWrites(userId, text) {
      const id = ++vkMessageId;
      const event = vk.userWrites(userId, text, { id, conversationMessageId: id });
      return (await sb.handleWebhook(vk.callbackRequest(event, { url: VK_WEBHOOK_URL }))).status;
    },
    balance: async () => await ledger.balance(ACCOUNT),
    async settle() {
      await sb.whenIdle();
      await ledger.whenIdle();
    },
    async close() {
      await world.settle();
      server.close();
    },
  };
  return world;
}

/** The conversation a webhook just stored a customer message in (the newest on the channel). */
export async function latestConversation(sb: Switchboard, channel: 'whatsapp' | 'vk'): Promise<ConversationId> {
  const [latest] = (await sb.conversations.list({ channel }, { limit: 1 })).items;
  if (latest === undefined) throw new Error(`No ${channel} conversation was stored`);
  return latest.id;
}

