/**
 * The Express example (examples/express) booted on a random port and driven over real HTTP with
 * plain `fetch`, the way a CRM front end and the providers reach it. Sandbox mode: the WhatsApp
 * and VK simulators answer for the providers, and build the signed webhooks posted here.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../examples/express/app.js';
import { createApp } from '../../examples/express/app.js';
import { loadConfig } from '../../examples/express/config.js';
import type { Sandbox } from '../../examples/express/sandbox.js';
import { SANDBOX_VERIFY_TOKEN } from '../../examples/express/sandbox.js';
import { postgresTestDatabase, SKIP_WITHOUT_DATABASE } from '../../examples/postgres/test-database.js';
import { createIdGenerator } from '../../src/index.js';
import type { Conversation, LintResult, Message, Page, SendOutcome, TemplateRecord } from '../../src/index.js';

const CUSTOMER_WA = '16505551234';
const VK_USER = 100;

interface Running {
  base: string;
  app: App;
  sandbox: Sandbox;
  stop(): Promise<void>;
}

/** Boots the example on port 0 with the given environment (sandbox unless credentials are given). */
async function boot(env: Record<string, string> = {}): Promise<Running> {
  const app = await createApp(loadConfig({ OUTBOX_INTERVAL_MS: '0', ...env }));
  const server: Server = app.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  if (app.sandbox === undefined) throw new Error('expected sandbox mode');
  return {
    base: `http://127.0.0.1:${port}`,
    app,
    sandbox: app.sandbox,
    async stop() {
      server.close();
      await app.close();
    },
  };
}

/** The JSON error shape of every refusal (`errors.ts`). */
interface ErrorBody {
  error: { code: string; message: string; field?: string; remedy?: string; details?: { issues?: unknown[] } };
}

/** What a route answers, typed as its documentation says (`T`) or as any refusal. */
interface Answer<T> {
  status: number;
  body: T & Partial<ErrorBody>;
}

/** One REST call as a front end makes it. */
async function api<T = Record<string, unknown>>(run: Running, method: string, path: string, options: { body?: unknown; operator?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const response = await fetch(`${run.base}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.operator === undefined ? {} : { 'x-operator-id': options.operator }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as Answer<T>['body'] };
}

/** A customer writes on WhatsApp: the simulator signs Meta-style bytes, posted to the webhook route. */
async function customerWrites(run: Running, text: string, from = CUSTOMER_WA): Promise<Response> {
  const { payload } = run.sandbox.whatsapp.sim.inbound({ from, name: 'Ada', text });
  return await fetch(run.sandbox.whatsapp.sim.webhookRequest(payload, { url: `${run.base}/webhooks/whatsapp` }));
}

let vkMessageId = 5_000;
async function vkUserWrites(run: Running, text: string): Promise<Response> {
  const id = ++vkMessageId;
  const event = run.sandbox.vk.sim.userWrites(VK_USER, text, { id, conversationMessageId: id });
  return await fetch(run.sandbox.vk.sim.callbackRequest(event, { url: `${run.base}/webhooks/vk` }));
}

async function onlyConversation(run: Running, query: string): Promise<Conversation> {
  const list = await api<Page<Conversation>>(run, 'GET', `/api/conversations?${query}`);
  expect(list.status).toBe(200);
  expect(list.body.items).toHaveLength(1);
  return list.body.items[0]!;
}

describe('examples/express configuration from environment variables', () => {
  const failure = (env: Record<string, string>): Record<string, unknown> => {
    try {
      loadConfig(env);
    } catch (error) {
      return { ...(error as { toJSON(): Record<string, unknown> }).toJSON() };
    }
    throw new Error('expected loadConfig to throw');
  };

  it('defaults to sandbox mode, memory storage and port 3000 without credentials', () => {
    expect(loadConfig({})).toMatchObject({ mode: 'sandbox', port: 3000, storage: { kind: 'memory' }, whatsapp: undefined, vk: undefined, requireClaimToReply: true });
  });

  it('runs live with a complete set of channel credentials', () => {
    const config = loadConfig({ VK_GROUP_ID: '232142875', VK_ACCESS_TOKEN: 'vk1.a.live-token-123456', VK_SECRET: 'live-secret', VK_CONFIRMATION: 'abc123', STORAGE: 'sqlite', SQLITE_PATH: '/tmp/x.db' });
    expect(config).toMatchObject({ mode: 'live', vk: { groupId: 232142875 }, whatsapp: undefined, storage: { kind: 'sqlite', path: '/tmp/x.db' } });
  });

  it('names every missing variable of a half-configured channel, without echoing the secrets given', () => {
    const error = failure({ WA_PHONE_NUMBER_ID: '106540352242922', WA_APP_SECRET: 'super-secret-app-value' });
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', field: 'WA_WABA_ID' });
    for (const name of ['WA_WABA_ID', 'WA_ACCESS_TOKEN', 'WA_VERIFY_TOKEN']) expect(error.message).toContain(name);
    expect(JSON.stringify(error)).not.toContain('super-secret-app-value');
  });

  it('refuses SANDBOX=false without a channel, STORAGE=postgres without DATABASE_URL, and a bad PORT', () => {
    expect(failure({ SANDBOX: 'false' })).toMatchObject({ code: 'INVALID_CONFIG', field: 'SANDBOX' });
    expect(failure({ STORAGE: 'postgres' })).toMatchObject({ code: 'INVALID_CONFIG', field: 'DATABASE_URL' });
    expect(failure({ PORT: '70000' })).toMatchObject({ code: 'INVALID_CONFIG', field: 'PORT' });
  });
});

describe('examples/express in sandbox mode (memory storage)', () => {
  let run: Running;
  beforeAll(async () => { run = await boot(); });
  afterAll(async () => { await run.stop(); });

  it('answers the WhatsApp subscription handshake with the challenge', async () => {
    const response = await fetch(`${run.base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${SANDBOX_VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1158201444');
  });

  it('refuses a webhook whose body was re-serialized (signature over the exact bytes) or badly signed with 401, storing nothing', async () => {
    const { payload } = run.sandbox.whatsapp.sim.inbound({ from: '16505550000', name: 'Мария', text: 'Привет / hello' });
    const signed = run.sandbox.whatsapp.sim.webhookRequest(payload, { url: `${run.base}/webhooks/whatsapp` });
    const reserialized = JSON.stringify(JSON.parse(await signed.clone().text()));
    const tampered = await fetch(`${run.base}/webhooks/whatsapp`, { method: 'POST', headers: signed.headers, body: reserialized });
    expect(tampered.status).toBe(401);
    const forged = await fetch(run.sandbox.whatsapp.sim.webhookRequest(payload, { url: `${run.base}/webhooks/whatsapp`, signature: `sha256=${'0'.repeat(64)}` }));
    expect(forged.status).toBe(401);
    expect((await api(run, 'GET', '/api/conversations')).body.items).toEqual([]);
  });

  it('runs a WhatsApp dialog: webhook in → listed → claim → text → template → delegate → close/restore → history', async () => {
    // Non-ASCII text arrives Meta-escaped; only the raw bytes verify.
    expect((await customerWrites(run, 'Здравствуйте! Is order A-1042 ready?')).status).toBe(200);
    const conversation = await onlyConversation(run, 'status=open&channel=whatsapp&assignee=none');
    expect(conversation.title).toEqual(expect.any(String));
    const path = `/api/conversations/${conversation.id}`;

    // requireClaimToReply: an operator must claim the dialog first.
    const unclaimed = await api<ErrorBody>(run, 'POST', `${path}/messages`, { operator: 'alice', body: { text: 'Hi!' } });
    expect(unclaimed.status).toBe(403);
    expect(unclaimed.body.error).toMatchObject({ code: 'NOT_ASSIGNEE', remedy: 'claim' });

    expect((await api(run, 'POST', `${path}/claim`, { operator: 'alice' })).body).toMatchObject({ assigneeId: 'alice' });
    const taken = await api<ErrorBody>(run, 'POST', `${path}/claim`, { operator: 'bob' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('ALREADY_CLAIMED');
    const mine = await api<Page<Conversation>>(run, 'GET', '/api/conversations?assignee=me', { operator: 'alice' });
    expect(mine.body.items.map((c) => c.id)).toEqual([conversation.id]);
    expect((await api(run, 'GET', '/api/conversations?assignee=me', { operator: 'bob' })).body.items).toEqual([]);

    const text = await api<SendOutcome>(run, 'POST', `${path}/messages`, { operator: 'alice', body: { text: 'Hello {{first_name}}, checking now.', data: { first_name: 'Ada' } }, headers: { 'idempotency-key': 'reply-1' } });
    expect(text.status).toBe(201);
    expect(text.body.message).toMatchObject({ status: 'sent', direction: 'outbound' });
    const repeat = await api<SendOutcome>(run, 'POST', `${path}/messages`, { operator: 'alice', body: { text: 'Hello {{first_name}}, checking now.', data: { first_name: 'Ada' } }, headers: { 'idempotency-key': 'reply-1' } });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ duplicate: true, message: { id: text.body.message.id } });

    const template = await api(run, 'POST', `${path}/messages`, { operator: 'alice', body: { template: 'order_shipped', data: { first_name: 'Ada', order_id: 'A-1042' } } });
    expect(template.status).toBe(201);
    expect(template.body.quote).toMatchObject({ amount: 10 });
    const sent = run.sandbox.whatsapp.sim.sent;
    expect(sent.map((m) => m.type)).toEqual(['text', 'template']);
    expect(sent[0]?.body).toMatchObject({ text: { body: 'Hello Ada, checking now.' } });

    const messages = await api<Page<Message>>(run, 'GET', `${path}/messages?limit=10`);
    expect(messages.body.items.map((m) => m.direction)).toEqual(['inbound', 'outbound', 'outbound']);

    expect((await api(run, 'POST', `${path}/delegate`, { operator: 'alice', body: { to: 'bob' } })).body).toMatchObject({ assigneeId: 'bob' });
    expect((await api(run, 'POST', `${path}/close`, { operator: 'bob', body: { as: 'completed' } })).body).toMatchObject({ status: 'closed', closeReason: 'completed' });
    expect((await api(run, 'GET', '/api/conversations?status=closed')).body.items).toHaveLength(1);
    expect((await api(run, 'POST', `${path}/restore`, { operator: 'bob' })).body).toMatchObject({ status: 'open' });
    const history = await api<Page<unknown>>(run, 'GET', `${path}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.length).toBeGreaterThanOrEqual(4);
  });

  it('shows the credit balance: 2 credits held for the text, 10 for the template, until delivery', async () => {
    const balance = await api(run, 'GET', '/api/credits');
    expect(balance.status).toBe(200);
    expect(balance.body).toEqual({ account: 'default', posted: 10_000, held: 12, available: 9_988 });
  });

  it('lists templates with the linter\'s findings and refuses to submit a promotional UTILITY template (422 with the issues)', async () => {
    const list = await api<Page<{ template: TemplateRecord; lint: LintResult }>>(run, 'GET', '/api/templates?status=approved');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ template: { name: 'order_shipped', status: 'approved' }, lint: { ok: true, issues: [] } });

    const promo = { name: 'order_update', language: 'en_US', category: 'UTILITY', body: 'Your order {{order_id}} shipped. Use code SAVE20 for 20% off your next order!', variables: { order_id: { bind: 'order_id', example: 'A-1042' } } };
    const defined = await api<{ template: TemplateRecord; lint: LintResult }>(run, 'POST', '/api/templates', { body: promo });
    expect(defined.status).toBe(201);
    expect(defined.body.template).toMatchObject({ name: 'order_update', status: 'draft' });
    expect(defined.body.lint.ok).toBe(false);
    expect(defined.body.lint.issues.map((i) => i.code)).toContain('PROMOTIONAL_CONTENT');
    const submit = await api<ErrorBody>(run, 'POST', '/api/templates/order_update/en_US/submit', { body: {} });
    expect(submit.status).toBe(422);
    expect(submit.body.error.code).toBe('TEMPLATE_LINT_FAILED');
    expect(submit.body.error.details?.issues?.length).toBeGreaterThan(0);
  });

  it('starts a WhatsApp conversation from a CRM record with a template once consent is on record (422 CONSENT_REQUIRED before)', async () => {
    const send = { to: '+1 415 555 0100', channel: 'whatsapp', template: 'order_shipped', data: { first_name: 'Lee', order_id: 'B-7' }, links: [{ type: 'lead', id: '42' }] };
    const refused = await api<ErrorBody>(run, 'POST', '/api/messages', { operator: 'alice', body: send });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'CONSENT_REQUIRED', remedy: 'opt_in' });

    const consent = await api(run, 'POST', '/api/consents', { operator: 'alice', body: { channel: 'whatsapp', to: '+14155550100', purpose: 'transactional', status: 'opted_in', source: 'form', formId: 'checkout' } });
    expect(consent.status).toBe(201);
    expect(consent.body).toMatchObject({ status: 'opted_in', proof: { userId: 'alice', formId: 'checkout' } });
    const started = await api<SendOutcome>(run, 'POST', '/api/messages', { operator: 'alice', body: send });
    expect(started.status).toBe(201);
    expect(started.body.message).toMatchObject({ status: 'sent', content: { type: 'template', name: 'order_shipped' } });
    expect((await onlyConversation(run, 'link=lead:42')).id).toBe(started.body.conversation.id);
  });

  it('confirms the VK Callback server, stores a VK message and replies in it', async () => {
    const confirmation = await fetch(run.sandbox.vk.sim.callbackRequest(run.sandbox.vk.sim.events.confirmation(), { url: `${run.base}/webhooks/vk` }));
    expect(confirmation.status).toBe(200);
    expect(await confirmation.text()).toBe(run.sandbox.vk.credentials.confirmation);

    const received = await vkUserWrites(run, 'Здравствуйте, есть доставка?');
    expect(received.status).toBe(200);
    expect(await received.text()).toBe('ok');
    const conversation = await onlyConversation(run, 'channel=vk');
    expect(conversation.title).toBe('Sandbox shop: Ivan Petrov');
    expect((await api(run, 'POST', `/api/conversations/${conversation.id}/claim`, { operator: 'alice' })).status).toBe(200);
    const reply = await api(run, 'POST', `/api/conversations/${conversation.id}/messages`, { operator: 'alice', body: { text: 'Да, по всей России.' } });
    expect(reply.status).toBe(201);
    expect(run.sandbox.vk.sim.sent.at(-1)).toMatchObject({ peerId: VK_USER, text: 'Да, по всей России.' });
  });

  it('refuses a VK callback with the wrong secret with 403, storing nothing', async () => {
    const event = { ...run.sandbox.vk.sim.userWrites(101, 'spoofed'), secret: 'not-the-secret' };
    const response = await fetch(run.sandbox.vk.sim.callbackRequest(JSON.stringify(event), { url: `${run.base}/webhooks/vk` }));
    expect(response.status).toBe(403);
    expect((await api(run, 'GET', '/api/conversations?channel=vk')).body.items).toHaveLength(1);
  });

  it('lets a developer play the customer through the sandbox routes, over the same signed webhook path', async () => {
    const played = await api<unknown>(run, 'POST', '/sandbox/whatsapp/messages', { body: { from: '447700900123', name: 'Tom', text: 'Hi from curl' } });
    expect(played).toEqual({ status: 200, body: { webhookStatus: 200, webhookBody: 'EVENT_RECEIVED' } });
    const unclaimed = await api<Page<Conversation>>(run, 'GET', '/api/conversations?channel=whatsapp&assignee=none&lastMessageWithin=5m');
    expect(unclaimed.body.items.map((c) => c.title)).toContain('Tom');
    const health = await api<{ healthy: boolean; metrics: { webhooks: { count: number } } }>(run, 'GET', '/health');
    expect(health.body).toMatchObject({ healthy: true, mode: 'sandbox', storage: 'memory' });
    expect(health.body.metrics.webhooks.count).toBeGreaterThanOrEqual(1);
  });

  it('answers bad requests with typed JSON errors naming the problem', async () => {
    const missingOperator = await api<ErrorBody>(run, 'POST', '/api/conversations/cv_x/claim');
    expect(missingOperator.status).toBe(401);
    expect(missingOperator.body.error).toMatchObject({ code: 'OPERATOR_REQUIRED', field: 'X-Operator-Id' });

    const badId = await api<ErrorBody>(run, 'GET', '/api/conversations/not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('INVALID_ID');

    const unknownFilter = await api<ErrorBody>(run, 'GET', '/api/conversations?colour=red');
    expect(unknownFilter.status).toBe(400);
    expect(unknownFilter.body.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(unknownFilter.body.error.message).toContain('colour');

    const badDuration = await api<ErrorBody>(run, 'GET', '/api/conversations?unrepliedFor=soon');
    expect(badDuration.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'unrepliedFor' });

    const open = await onlyConversation(run, 'channel=whatsapp&assignee=bob');
    const empty = await api<ErrorBody>(run, 'POST', `/api/conversations/${open.id}/messages`, { operator: 'bob', body: {} });
    expect(empty.status).toBe(400);
    const notJson = await api<ErrorBody>(run, 'POST', `/api/conversations/${open.id}/messages`, { operator: 'bob', body: '{"text":', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_INPUT');

    const missing = await api<ErrorBody>(run, 'GET', `/api/conversations/${createIdGenerator().next('cv')}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('CONVERSATION_NOT_FOUND');

    const route = await api<ErrorBody>(run, 'GET', '/api/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('examples/express refusals that carry a remedy', () => {
  let run: Running;
  afterEach(async () => { await run.stop(); });

  it('answers 402 INSUFFICIENT_CREDITS with remedy top_up when the account is empty', async () => {
    run = await boot({ SANDBOX_CREDITS: '0', REQUIRE_CLAIM_TO_REPLY: 'false' });
    await customerWrites(run, 'Hello?');
    const conversation = await onlyConversation(run, 'channel=whatsapp');
    const refused = await api<ErrorBody>(run, 'POST', `/api/conversations/${conversation.id}/messages`, { operator: 'alice', body: { text: 'Hi' } });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: 'INSUFFICIENT_CREDITS', remedy: 'top_up' });
    expect(run.sandbox.whatsapp.sim.sent).toEqual([]);
  });

  it('answers 422 WINDOW_CLOSED with remedy ask_permission after a VK user denied messages', async () => {
    run = await boot({ REQUIRE_CLAIM_TO_REPLY: 'false' });
    await vkUserWrites(run, 'Привет');
    await fetch(run.sandbox.vk.sim.callbackRequest(run.sandbox.vk.sim.deny(VK_USER), { url: `${run.base}/webhooks/vk` }));
    const conversation = await onlyConversation(run, 'channel=vk');
    const refused = await api<ErrorBody>(run, 'POST', `/api/conversations/${conversation.id}/messages`, { operator: 'alice', body: { text: 'Are you there?' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'WINDOW_CLOSED', remedy: 'ask_permission' });
  });
});

describe('examples/express on SQLite (STORAGE=sqlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-express-'));
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it('boots, stores a dialog, and after a restart on the same file still has it, its credits (granted once) and its approved template', async () => {
    const env = { STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'crm.db') };
    const first = await boot(env);
    try {
      expect((await customerWrites(first, 'Is the shop open?')).status).toBe(200);
      const conversation = await onlyConversation(first, 'channel=whatsapp');
      expect((await api(first, 'POST', `/api/conversations/${conversation.id}/claim`, { operator: 'alice' })).status).toBe(200);
      expect((await api(first, 'POST', `/api/conversations/${conversation.id}/messages`, { operator: 'alice', body: { text: 'Yes, until 8 pm.' } })).status).toBe(201);
    } finally {
      await first.stop();
    }

    const second = await boot(env);
    try {
      const conversation = await onlyConversation(second, 'channel=whatsapp');
      expect(conversation.assigneeId).toBe('alice');
      expect((await api(second, 'GET', `/api/conversations/${conversation.id}/messages`)).body.items).toHaveLength(2);
      // The sandbox's starting credits are granted once per database.
      expect((await api(second, 'GET', '/api/credits')).body).toMatchObject({ posted: 10_000, held: 2 });
      // The template approved in the first run is still approved, and the new simulated Meta knows it.
      const templates = await api<Page<{ template: TemplateRecord }>>(second, 'GET', '/api/templates');
      expect(templates.body.items.map((t) => [t.template.name, t.template.status])).toEqual([['order_shipped', 'approved']]);
      expect(second.sandbox.whatsapp.sim.templates).toMatchObject([{ name: 'order_shipped', language: 'en_US', status: 'APPROVED' }]);
      // After the restart the customer writes again and gets a reply: the new simulated Meta's ids
      // differ from the first run's, so both are stored rather than refused as duplicates.
      expect((await customerWrites(second, 'Are you open tomorrow?')).status).toBe(200);
      expect((await api(second, 'POST', `/api/conversations/${conversation.id}/messages`, { operator: 'alice', body: { text: 'We open at 9 tomorrow.' } })).status).toBe(201);
    } finally {
      await second.stop();
    }
  });
});

describe('examples/express/server.ts (the CLI)', () => {
  it('boots on PORT=0, serves /health and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/express/server.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, PORT: '0', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      let port: number | undefined;
      for await (const line of lines) {
        const parsed = JSON.parse(line) as { msg?: string; port?: number };
        if (parsed.port !== undefined) {
          port = parsed.port;
          break;
        }
      }
      expect(port).toBeGreaterThan(0);
      const health = await fetch(`http://127.0.0.1:${port ?? 0}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ healthy: true, mode: 'sandbox', storage: 'memory' });
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

const database = postgresTestDatabase('express');
if (database === undefined) {
  describe.skip(`examples/express on PostgreSQL (STORAGE=postgres) — ${SKIP_WITHOUT_DATABASE}`, () => {
    it('boots and runs a dialog', () => undefined);
  });
} else {
  describe('examples/express on PostgreSQL (STORAGE=postgres)', () => {
    afterAll(async () => { await database.drop(); });

    it('boots and runs a dialog', async () => {
      const run = await boot({ STORAGE: 'postgres', DATABASE_URL: process.env.DATABASE_URL ?? '', DATABASE_SCHEMA: database.schema });
      try {
        expect((await customerWrites(run, 'Hello from PostgreSQL')).status).toBe(200);
        const conversation = await onlyConversation(run, 'channel=whatsapp&assignee=none');
        expect((await api(run, 'POST', `/api/conversations/${conversation.id}/claim`, { operator: 'alice' })).status).toBe(200);
        expect((await api(run, 'POST', `/api/conversations/${conversation.id}/messages`, { operator: 'alice', body: { text: 'Hi!' } })).status).toBe(201);
        expect((await api(run, 'GET', '/api/credits')).body).toMatchObject({ held: 2, available: 9_998 });
      } finally {
        await run.stop();
      }
    });
  });
}
