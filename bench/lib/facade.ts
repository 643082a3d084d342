/**
 * The facade the facade-level rows measure: `createSwitchboard` over the memory store, a memory
 * ledger with prices, and the real WhatsApp and VK adapters (wired as in
 * `test/integration/harness.ts`, minus msw: sends go to the loopback stub when one is given),
 * plus generators of webhook bodies with a distinct provider id per message, so that dedupe
 * never short-circuits the pipeline.
 */
import { createVkAdapter } from '../../src/channels/vk/adapter.js';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/whatsapp-adapter.js';
import type { Clock } from '../../src/core/clock.js';
import { createIdGenerator } from '../../src/core/ids.js';
import { createMemoryLedger } from '../../src/ledger/memory.js';
import { definePriceBook } from '../../src/ledger/price-book.js';
import type { CreditsLedger } from '../../src/ledger/types.js';
import { createMemoryStore } from '../../src/ports/memory/store.js';
import type { Store } from '../../src/ports/store.js';
import { createSwitchboard } from '../../src/switchboard/switchboard.js';
import type { Switchboard } from '../../src/switchboard/switchboard.js';
import { VK_CONFIRMATION, VK_GROUP_ID, VK_SECRET, WHATSAPP_APP_SECRET, vkMessageNew, whatsappInboundText, whatsappSignature } from './fixtures.js';
import { grantEverything } from './outbound.js';

export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const GRAPH = 'v25.0';
export const WA_WEBHOOK_URL = 'https://crm.example/webhooks/whatsapp';
export const VK_WEBHOOK_URL = 'https://crm.example/webhooks/vk';
/** Nothing listens here: a VK profile lookup (new dialog) fails at once and the facade carries on without a name. */
const NOWHERE = 'http://127.0.0.1:9';

/** The integration harness's prices: WhatsApp templates by category and service messages 2 credits, VK 1 credit. */
export const BENCH_PRICES = definePriceBook({
  whatsapp: { templates: { '*': { MARKETING: 60, UTILITY: 10, AUTHENTICATION: 10 } }, service: { '*': 2 } },
  vk: { credits: 1 },
});

export interface Facade {
  sb: Switchboard;
  store: Store;
  ledger: CreditsLedger;
  /** `message.received` payloads seen by a listener (the CRM's side of "emit"). */
  received(): number;
}

/**
 * A Switchboard as a CRM would build it for one WhatsApp number and one VK community. `stubUrl`
 * points both adapters' sends at the loopback stub, with the pass-through rate limiter and no
 * retries (the send rows' setup); `store` replaces the memory store (the memory-growth row wraps it).
 */
export async function createBenchFacade(options: { clock: Clock; stubUrl?: string; store?: Store; credits?: number }): Promise<Facade> {
  const { clock } = options;
  const whatsapp = createWhatsAppAdapter({
    phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, accessToken: 'bench-token', appSecret: WHATSAPP_APP_SECRET, verifyToken: 'bench-verify',
    graphVersion: GRAPH, clock, rateLimiter: grantEverything, retry: { retries: 0 },
    ...(options.stubUrl === undefined ? {} : { baseUrl: options.stubUrl }),
  });
  const vk = createVkAdapter({
    groupId: VK_GROUP_ID, accessToken: 'bench-token-0000', secret: VK_SECRET, confirmation: VK_CONFIRMATION,
    baseUrl: `${options.stubUrl ?? NOWHERE}/method`, clock, rateLimiter: grantEverything, retry: { retries: 0 }, timeoutMs: 1_000,
  });
  const store = options.store ?? createMemoryStore({ clock });
  const ledger = createMemoryLedger({ clock });
  await ledger.topUp({ id: 'bench-initial', account: 'default', amount: options.credits ?? 1_000_000_000, source: 'purchase' });
  const sb = createSwitchboard({
    channels: [whatsapp, vk], store, ledger, prices: BENCH_PRICES, clock, ids: createIdGenerator({ clock }),
    hooks: { onNewConversation: ({ conversation }) => ({ links: [{ type: 'lead', id: `lead-${conversation.id}` }] }) },
  });
  let received = 0;
  sb.on('message.received', () => { received++; });
  return { sb, store, ledger, received: () => received };
}

// --- WhatsApp: Meta's fixture bytes (compact, `\uXXXX`-escaped) with the sender, ids and time replaced.

const WA_TEXT = whatsappInboundText.toString('latin1');
const WA_MESSAGE_START = WA_TEXT.indexOf('{"from":');
const WA_MESSAGE_END = WA_TEXT.indexOf(']', WA_MESSAGE_START);
const WA_HEAD = WA_TEXT.slice(0, WA_MESSAGE_START);
const WA_TAIL = WA_TEXT.slice(WA_MESSAGE_END);
const FIXTURE_WA_ID = '16505551234';
const FIXTURE_WAMID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
const WA_MESSAGE = WA_TEXT.slice(WA_MESSAGE_START, WA_MESSAGE_END);
if (WA_MESSAGE_START < 0 || !WA_MESSAGE.includes(FIXTURE_WAMID)) throw new Error('bench/fixtures/whatsapp-inbound-text.raw.json changed: the webhook generator cannot find its message');

/** `wa_id` digits of sender `n` (a valid US-style number). */
export function waIdFor(n: number): string {
  return `1650${String(5_000_000 + (n % 4_999_999)).padStart(7, '0')}`;
}

export interface SignedWebhook {
  body: Buffer;
  signature: string;
}

/**
 * A signed `messages` webhook from sender `sender` with `count` text messages (Meta batches a
 * sender's burst into one request), message ids `seq`, `seq+1`, ...; everything else is the
 * fixture's bytes.
 */
export function whatsappWebhook(seq: number, sender: number, nowMs: number, count = 1): SignedWebhook {
  const waId = waIdFor(sender);
  const timestamp = String(Math.floor(nowMs / 1000));
  const messages: string[] = [];
  for (let k = 0; k < count; k++) {
    messages.push(WA_MESSAGE
      .replace(FIXTURE_WAMID, `wamid.BENCH${String(seq + k).padStart(12, '0')}`)
      .replace(`"from":"${FIXTURE_WA_ID}"`, `"from":"${waId}"`)
      .replace(/"timestamp":"\d+"/, `"timestamp":"${timestamp}"`));
  }
  const body = Buffer.from(`${WA_HEAD.replace(`"wa_id":"${FIXTURE_WA_ID}"`, `"wa_id":"${waId}"`)}${messages.join(',')}${WA_TAIL}`, 'latin1');
  return { body, signature: whatsappSignature(body) };
}

export function whatsappRequest(webhook: SignedWebhook): Request {
  return new Request(WA_WEBHOOK_URL, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': webhook.signature }, body: webhook.body });
}

// --- VK: the message_new fixture with the event id, message ids, sender and date replaced.

const VK_TEXT = JSON.stringify(JSON.parse(vkMessageNew.toString('utf8')) as unknown);
const VK_FIXTURE_USER = 100200300;

export function vkUserFor(n: number): number {
  return 100_000_000 + (n % 1_000_000);
}

/** A `message_new` callback (compact JSON) with event id and message id `seq`, from user `sender`. */
export function vkCallback(seq: number, sender: number, nowMs: number): Buffer {
  const user = String(vkUserFor(sender));
  return Buffer.from(VK_TEXT
    .replace(/"event_id":"[0-9a-f]+"/, `"event_id":"${seq.toString(16).padStart(40, '0')}"`)
    .replace('"id":4512', `"id":${seq + 1}`)
    .replace('"conversation_message_id":87', `"conversation_message_id":${seq + 1}`)
    .replace(/"date":\d+/, `"date":${Math.floor(nowMs / 1000)}`)
    .replaceAll(String(VK_FIXTURE_USER), user), 'utf8');
}

export function vkRequest(body: Buffer): Request {
  return new Request(VK_WEBHOOK_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

/** Delivers `request` and fails loudly unless the facade answered 200. */
export async function deliver(sb: Switchboard, request: Request): Promise<void> {
  const response = await sb.handleWebhook(request);
  if (response.status !== 200) throw new Error(`handleWebhook answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}
