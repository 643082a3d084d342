// One app instance for crash-points.test.ts, run as a child process: a Switchboard over the
// shared SQLite file whose provider calls go to the parent's simulators through a loopback proxy.
// With a crash point it SIGKILLs itself at exactly that point (a store wrapper fires the kill),
// so nothing after it — no catch, no finally, no release — runs.
//
//   tsx crash-worker.ts '<json Task>'   → prints a JSON result when it was not killed
import { openSqliteLedger } from '../../examples/sqlite/sqlite-ledger.js';
import { openSqliteStore } from '../../examples/sqlite/sqlite-store.js';
import { createVkAdapter } from '../../src/channels/vk/adapter.js';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/whatsapp-adapter.js';
import { createVirtualClock } from '../../src/core/clock.js';
import type { ConversationId } from '../../src/core/ids.js';
import { createIdGenerator } from '../../src/core/ids.js';
import type { Store } from '../../src/ports/store.js';
import { createSwitchboard } from '../../src/switchboard/switchboard.js';
import { PRICES, SECRETS } from './support/world.js';

/** Where the worker kills itself. */
export type CrashPoint = 'after_provider_acceptance' | 'after_dedupe_claim';

export type CrashTask =
  | { kind: 'send'; conversationId: string; text: string; idempotencyKey: string }
  | { kind: 'webhook'; url: string; body: string; headers: Record<string, string> };

export interface CrashWorkerInput {
  db: string;
  proxy: string;
  now: number;
  phoneNumberId: string;
  wabaId: string;
  vkGroupId: number;
  crash: CrashPoint | null;
  task: CrashTask;
}

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL did not stop the process');
};

/** The store with a kill placed at the crash point. */
function withCrashPoint(store: Store, crash: CrashPoint | null): Store {
  if (crash === 'after_provider_acceptance') {
    // The first write after the provider accepted the send is the `sent` status.
    const messages = store.messages;
    return { ...store, messages: { ...messages, applyStatus: async (id, update) => (update.status === 'sent' ? die() : await messages.applyStatus(id, update)) } };
  }
  if (crash === 'after_dedupe_claim') {
    const dedupe = store.dedupe;
    return { ...store, dedupe: { ...dedupe, claim: async (key, ttl) => ((await dedupe.claim(key, ttl)) ? die() : false) } };
  }
  return store;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '') as CrashWorkerInput;
  const clock = createVirtualClock(input.now);
  const sleep = (ms: number): Promise<void> => { clock.advance(Math.max(0, Math.ceil(ms))); return Promise.resolve(); };
  // Every provider call goes to the parent's simulators, which survive this process.
  const viaProxy = async (target: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(target, init);
    const headers = new Headers(request.headers);
    headers.set('x-original-url', request.url);
    const body = request.method === 'GET' ? undefined : await request.arrayBuffer();
    return await fetch(input.proxy, { method: request.method, headers, ...(body === undefined ? {} : { body }) });
  };
  const store = openSqliteStore({ path: input.db, clock, ids: createIdGenerator({ clock }) });
  const { ledger, close } = openSqliteLedger({ path: input.db, clock });
  const sb = createSwitchboard({
    channels: [
      createWhatsAppAdapter({ phoneNumberId: input.phoneNumberId, wabaId: input.wabaId, accessToken: SECRETS.waAccessToken, appSecret: SECRETS.waAppSecret, verifyToken: SECRETS.waVerifyToken, clock, sleep, retry: { retries: 0 }, fetch: viaProxy }),
      createVkAdapter({ groupId: input.vkGroupId, accessToken: SECRETS.vkAccessToken, secret: SECRETS.vkSecret, confirmation: 'reliability-confirm', clock, sleep, retry: { retries: 0 }, fetch: viaProxy }),
    ],
    store: withCrashPoint(store, input.crash), ledger, prices: PRICES, clock, ids: createIdGenerator({ clock }),
    outbox: { instanceId: 'crashing-worker' },
  });
  let result: unknown;
  if (input.task.kind === 'send') {
    const outcome = await sb.send({ conversationId: input.task.conversationId as ConversationId, text: input.task.text, idempotencyKey: input.task.idempotencyKey });
    result = { status: outcome.message.status };
  } else {
    const response = await sb.handleWebhook(new Request(input.task.url, { method: 'POST', body: input.task.body, headers: input.task.headers }));
    result = { status: response.status };
  }
  await sb.whenIdle();
  close();
  store.close();
  process.stdout.write(JSON.stringify(result));
}

await main();
