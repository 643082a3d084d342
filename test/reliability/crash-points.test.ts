/**
 * Crash points: an app instance (a child process over a SQLite file) is SIGKILLed at an exact
 * point — after the provider accepted a send but before the `sent` status was written, or after
 * an inbound item's dedupe claim but before the message was stored. Another instance then
 * restarts over the same file, runs the outbox and receives the provider's webhooks again
 * (retries of the unanswered request, status reports). The final state must equal the state of
 * the same run without the crash.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/core/clock.js';
import type { ConversationId } from '../../src/core/ids.js';
import type { CrashPoint, CrashTask, CrashWorkerInput } from './crash-worker.js';
import { ledgerViolations, messagesOf } from './support/audit.js';
import { sqliteBackend } from './support/backends.js';
import { seeds } from './support/env.js';
import { startProviderProxy } from './support/provider-proxy.js';
import type { World } from './support/world.js';
import { ACCOUNT, WA_URL, createWorld } from './support/world.js';

const run = promisify(execFile);
const WORKER = join(import.meta.dirname, 'crash-worker.ts');
const [SEED = 1] = seeds(1);

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => { await cleanup?.(); cleanup = undefined; });

/** Runs the worker; resolves to its JSON result, or to `'killed'` when it died by SIGKILL. */
async function worker(input: CrashWorkerInput): Promise<unknown> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(input)], { cwd: process.cwd(), timeout: 30_000 });
    return JSON.parse(stdout) as unknown;
  } catch (error) {
    if ((error as { signal?: string }).signal === 'SIGKILL') return 'killed';
    throw error;
  }
}

interface Setup { world: World; db: string; proxy: string }

async function setup(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
  const db = join(dir, 'switchboard.db');
  const world = await createWorld({ seed: SEED, backend: sqliteBackend(db) });
  const proxy = await startProviderProxy();
  cleanup = async () => {
    await proxy.close();
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { world, db, proxy: proxy.url };
}

function input(s: Setup, crash: CrashPoint | null, task: CrashTask): CrashWorkerInput {
  return { db: s.db, proxy: s.proxy, now: s.world.clock.now(), phoneNumberId: s.world.wa.account.phoneNumberId, wabaId: s.world.wa.account.wabaId, vkGroupId: s.world.vk.groupId, crash, task };
}

/** The final state, without generated ids: what the customer got, what is stored, what was charged. */
async function finalState(w: World, conversations: readonly ConversationId[]): Promise<unknown> {
  const messages = await messagesOf(w.store, conversations);
  return {
    // Sorted: messages created in the same millisecond (the worker starts at the world's time) list in id order, which is random.
    stored: messages
      .map((m) => ({ direction: m.direction, channel: m.channel, status: m.status, text: m.content.type === 'text' ? m.content.text : m.content.type, hasProviderId: m.providerMessageId !== undefined }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    whatsappCopies: w.wa.sent.map((m) => (m.body.text as { body?: string } | undefined)?.body),
    vkCopies: w.vk.sent.map((m) => m.text),
    balance: await w.ledger.balance(ACCOUNT),
    ledger: await ledgerViolations(w.ledger, ACCOUNT),
    pendingJobs: (await w.store.outbox.lease({ owner: 'final-state-probe', limit: 100, leaseMs: 1 })).length,
  };
}

/** Restart: a fresh instance over the same file runs the outbox after the lease, then status webhooks arrive. */
async function recover(w: World): Promise<void> {
  w.clock.advance(2 * MINUTE);
  await w.sb.outbox.run();
  for (const accepted of w.wa.sent) {
    for (const payload of w.wa.statuses(accepted, ['sent', 'delivered'])) expect((await w.deliverWa(payload)).status).toBe(200);
  }
}

async function sendScenario(channel: 'whatsapp' | 'vk', crash: CrashPoint | null): Promise<{ outcome: unknown; state: unknown }> {
  const s = await setup();
  const conversationId = channel === 'whatsapp' ? await s.world.waCustomer('16505550123') : await s.world.vkCustomer(9_001);
  const outcome = await worker(input(s, crash, { kind: 'send', conversationId, text: 'Your order A-1 has shipped', idempotencyKey: 'order-A-1' }));
  await recover(s.world);
  const state = await finalState(s.world, [conversationId]);
  await cleanup?.();
  cleanup = undefined;
  return { outcome, state };
}

describe('crash points (child process, SIGKILL, SQLite file)', () => {
  it('scenario 20/28: VK — killed after the provider accepted a send, before the status write → after restart and outbox run the customer has one copy and the state equals a crash-free run', async () => {
    const clean = await sendScenario('vk', null);
    const crashed = await sendScenario('vk', 'after_provider_acceptance');
    expect(clean.outcome).toEqual({ status: 'sent' });
    expect(crashed.outcome).toBe('killed');
    expect(crashed.state).toEqual(clean.state);
  }, 60_000);

  it('scenario 21/28: WhatsApp — killed after Meta accepted a send, before the status write → after restart, outbox run and status webhooks the customer has one copy and the state equals a crash-free run', async () => {
    const clean = await sendScenario('whatsapp', null);
    const crashed = await sendScenario('whatsapp', 'after_provider_acceptance');
    expect(clean.outcome).toEqual({ status: 'sent' });
    expect(crashed.outcome).toBe('killed');
    expect(crashed.state).toEqual(clean.state);
  }, 60_000);

  it('scenario 14: killed between the dedupe claim and the message append → the provider\'s redelivery is processed and the state equals a crash-free run', async () => {
    const states: unknown[] = [];
    for (const crash of [null, 'after_dedupe_claim'] as const) {
      const s = await setup();
      const conversationId = await s.world.waCustomer('16505550777', 'first message');
      const { payload } = s.world.wa.inbound({ from: '16505550777', text: 'Where is my order?' });
      const request = s.world.wa.webhookRequest(payload, { url: WA_URL });
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => { headers[key] = value; });
      const outcome = await worker(input(s, crash, { kind: 'webhook', url: WA_URL, body: await request.text(), headers }));
      expect(outcome).toEqual(crash === null ? { status: 200 } : 'killed');
      // Meta got no 200 from the killed instance (or retries anyway): it delivers again.
      s.world.clock.advance(MINUTE);
      expect((await s.world.deliverWa(payload)).status).toBe(200);
      await recover(s.world);
      states.push(await finalState(s.world, [conversationId]));
      await cleanup?.();
      cleanup = undefined;
    }
    expect(states[1]).toEqual(states[0]);
  }, 60_000);
});
