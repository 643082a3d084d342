/**
 * A seeded world for reliability tests: the WhatsApp and VK simulators (with seeded fault
 * injection) on one msw server, n Switchboard instances over one backend (memory, SQLite,
 * PostgreSQL), a virtual clock, a recording logger, and helpers to open conversations and
 * deliver signed webhooks.
 */
import { setupServer } from 'msw/node';
import type { SetupServer } from 'msw/node';
import { createVkAdapter } from '../../../src/channels/vk/adapter.js';
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/whatsapp-adapter.js';
import type { VirtualClock } from '../../../src/core/clock.js';
import { createVirtualClock } from '../../../src/core/clock.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import type { ConversationId } from '../../../src/core/ids.js';
import { definePriceBook } from '../../../src/ledger/price-book.js';
import type { AutoRechargeOptions, CreditsLedger } from '../../../src/ledger/types.js';
import type { Store } from '../../../src/ports/store.js';
import type { SwitchboardConfig } from '../../../src/switchboard/config.js';
import { createSwitchboard } from '../../../src/switchboard/switchboard.js';
import type { Switchboard } from '../../../src/switchboard/switchboard.js';
import { createVkSimulator } from '../../../src/testing/vk/simulator.js';
import type { VkSimulator, VkSimulatorOptions } from '../../../src/testing/vk/simulator.js';
import type { VkTestEvent } from '../../../src/testing/vk/events.js';
import type { WhatsAppFaultOptions } from '../../../src/testing/whatsapp/faults.js';
import type { WhatsAppWebhookPayload } from '../../../src/testing/whatsapp/payloads.js';
import { createWhatsAppSimulator } from '../../../src/testing/whatsapp/simulator.js';
import type { WhatsAppSimulator } from '../../../src/testing/whatsapp/simulator.js';
import type { Backend, BackendFactory } from './backends.js';
import { memoryBackend } from './backends.js';
import type { LogCapture } from './log-capture.js';
import { createLogCapture, leakedSecrets } from './log-capture.js';

/** 2026-11-21 09:00 UTC: after 1 Oct 2026, so WhatsApp service messages are priced (every send holds credits). */
export const WORLD_START = Date.UTC(2026, 10, 21, 9, 0, 0);
export const WA_URL = 'https://crm.example.test/webhooks/whatsapp';
export const VK_URL = 'https://crm.example.test/webhooks/vk';
export const ACCOUNT = 'default';

/** Every credential the world configures; none may appear in a log line or an error. */
export const SECRETS = {
  waAccessToken: 'EAAGreliabilityWaAccessToken0a1b2c3d4e5f',
  waAppSecret: 'reliability-app-secret-6f0e1d2c3b4a',
  waVerifyToken: 'reliability-verify-token-9a8b7c',
  vkAccessToken: 'vk1.a.reliability-token-55aa66bb77cc88dd',
  vkSecret: 'reliability-vk-secret-1f2e3d4c',
} as const;
export const SECRET_VALUES: readonly string[] = Object.values(SECRETS);

export const PRICES = definePriceBook({
  whatsapp: { templates: { '*': { MARKETING: 60, UTILITY: 10, AUTHENTICATION: 10 } }, service: { '*': 2 } },
  vk: { credits: 1 },
});

export interface WorldOptions {
  seed: number;
  instances?: number;
  backend?: BackendFactory;
  waFaults?: WhatsAppFaultOptions;
  vkFaults?: VkSimulatorOptions['faults'];
  /** Initial credits; default 100 000 000. 0: none. */
  credits?: number;
  autoRecharge?: AutoRechargeOptions;
  /** Per-attempt adapter timeout (ms); the WhatsApp `timeout` fault costs this much real time. */
  timeoutMs?: number;
  config?: Partial<Pick<SwitchboardConfig, 'outbox' | 'inbound' | 'billing'>>;
  /** Start time; default {@link WORLD_START}. */
  start?: number;
}

export interface World {
  readonly seed: number;
  readonly clock: VirtualClock;
  readonly server: SetupServer;
  readonly wa: WhatsAppSimulator;
  readonly vk: VkSimulator;
  readonly instances: readonly Switchboard[];
  readonly sb: Switchboard;
  readonly stores: readonly Store[];
  readonly store: Store;
  readonly ledgers: readonly CreditsLedger[];
  readonly ledger: CreditsLedger;
  readonly backend: Backend;
  readonly capture: LogCapture;
  /** A WhatsApp customer (wa_id digits) writes in; resolves to the conversation id. */
  waCustomer(waId: string, text?: string, target?: Switchboard): Promise<ConversationId>;
  /** A VK user writes to the community; resolves to the conversation id. */
  vkCustomer(userId: number, text?: string, target?: Switchboard): Promise<ConversationId>;
  deliverWa(payload: WhatsAppWebhookPayload | string, target?: Switchboard): Promise<Response>;
  deliverVk(event: VkTestEvent, target?: Switchboard, retryCounter?: number): Promise<Response>;
  close(): Promise<void>;
}

export async function createWorld(options: WorldOptions): Promise<World> {
  const clock = createVirtualClock(options.start ?? WORLD_START);
  const sleep = (ms: number): Promise<void> => { clock.advance(Math.max(0, Math.ceil(ms))); return Promise.resolve(); };
  const capture = createLogCapture();
  const wa = createWhatsAppSimulator({
    clock, seed: options.seed, accessToken: SECRETS.waAccessToken, appSecret: SECRETS.waAppSecret,
    rateLimit: { perSecond: 1_000_000, pair: { tokens: 1_000_000, intervalMs: 1_000 } },
    ...(options.waFaults === undefined ? {} : { faults: options.waFaults }),
  });
  const vk = createVkSimulator({
    clock, seed: options.seed, accessToken: SECRETS.vkAccessToken, secret: SECRETS.vkSecret, confirmation: 'reliability-confirm',
    rateLimitPerSecond: 1_000_000,
    ...(options.vkFaults === undefined ? {} : { faults: options.vkFaults }),
  });
  const server = setupServer(...wa.handlers, ...vk.handlers);
  server.listen({ onUnhandledFrame: 'error' });
  const count = options.instances ?? 1;
  const backend = await (options.backend ?? memoryBackend)({ clock, instances: count, ...(options.autoRecharge === undefined ? {} : { autoRecharge: options.autoRecharge }) });
  const timeoutMs = options.timeoutMs ?? 100;

  const instances = Array.from({ length: count }, (_, i) => {
    const whatsapp = createWhatsAppAdapter({
      phoneNumberId: wa.account.phoneNumberId, wabaId: wa.account.wabaId, accessToken: SECRETS.waAccessToken,
      appSecret: SECRETS.waAppSecret, verifyToken: SECRETS.waVerifyToken, clock, sleep, retry: { retries: 0 }, timeoutMs,
      rateLimit: { perSecond: 1_000, pair: { tokens: 45, intervalMs: 1_000 } }, logger: capture.logger,
    });
    const vkAdapter = createVkAdapter({
      groupId: vk.groupId, accessToken: SECRETS.vkAccessToken, secret: SECRETS.vkSecret, confirmation: vk.confirmation,
      clock, sleep, retry: { retries: 0 }, timeoutMs: Math.max(100, timeoutMs), logger: capture.logger,
    });
    const ledger = backend.ledgers[i];
    const store = backend.stores[i];
    if (ledger === undefined || store === undefined) throw new Error('backend has fewer handles than instances');
    const sb = createSwitchboard({
      channels: [whatsapp, vkAdapter], store, ledger, prices: PRICES, clock, logger: capture.logger,
      ids: createIdGenerator({ clock }),
      ...options.config,
      outbox: { instanceId: `instance-${String.fromCharCode(97 + i)}`, ...options.config?.outbox },
    });
    sb.on('error', ({ error }) => { capture.error(error); });
    sb.on('message.failed', ({ error }) => { capture.error(error); });
    sb.on('webhook.rejected', ({ error }) => { capture.error(error); });
    return sb;
  });
  const first = instances[0];
  const ledger = backend.ledgers[0];
  const store = backend.stores[0];
  if (first === undefined || ledger === undefined || store === undefined) throw new Error('no instance');
  const credits = options.credits ?? 100_000_000;
  let vkMessageIds = 1_000_000;
  if (credits > 0) await ledger.topUp({ id: 'world-initial', account: ACCOUNT, amount: credits, source: 'purchase' });

  const world: World = {
    seed: options.seed, clock, server, wa, vk, instances, sb: first, stores: backend.stores, store, ledgers: backend.ledgers, ledger, backend, capture,
    async waCustomer(waId, text = 'Hello', target = first) {
      const { wamid, payload } = wa.inbound({ from: waId, text });
      const response = await world.deliverWa(payload, target);
      if (response.status !== 200) throw new Error(`inbound webhook answered ${response.status}`);
      const message = await store.messages.getByProviderId({ channel: 'whatsapp', accountId: wa.account.phoneNumberId, providerMessageId: wamid });
      if (message === null) throw new Error(`inbound ${wamid} was not stored`);
      return message.conversationId;
    },
    async vkCustomer(userId, text = 'Привет', target = first) {
      const event = vk.userWrites(userId, text, { id: ++vkMessageIds, conversationMessageId: vkMessageIds });
      const response = await world.deliverVk(event, target);
      if (response.status !== 200) throw new Error(`VK webhook answered ${response.status}`);
      const contact = await store.contacts.findByAddress({ kind: 'vk_user', value: String(userId) });
      if (contact === null) throw new Error(`VK user ${userId} was not stored`);
      const page = await store.conversations.list({ contactId: contact.id });
      const conversation = page.items[0];
      if (conversation === undefined) throw new Error(`no conversation for VK user ${userId}`);
      return conversation.id;
    },
    deliverWa: async (payload, target = first) => await target.handleWebhook(wa.webhookRequest(payload, { url: WA_URL })),
    deliverVk: async (event, target = first, retryCounter) => await target.handleWebhook(vk.callbackRequest(event, { url: VK_URL, ...(retryCounter === undefined ? {} : { retryCounter }) })),
    /** Closes everything; throws when a configured secret appeared in any log line or error of this world. */
    async close() {
      await Promise.all(instances.map((sb) => sb.whenIdle()));
      server.close();
      await backend.close();
      const leaks = leakedSecrets(capture, SECRET_VALUES);
      if (leaks.length > 0) {
        const names = Object.entries(SECRETS).filter(([, value]) => leaks.some((l) => l.secret === value)).map(([name]) => name);
        throw new Error(`Secrets leaked into logs or errors: ${names.join(', ')}; first: ${redactAll(leaks[0]?.text ?? '')}`);
      }
    },
  };
  return world;
}

function redactAll(text: string): string {
  return SECRET_VALUES.reduce((out, secret) => out.split(secret).join('[SECRET]'), text);
}
