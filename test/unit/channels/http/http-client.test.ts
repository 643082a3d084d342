import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../../src/channels/http/index.js';
import type { HttpClientConfig } from '../../../../src/channels/http/index.js';
import { createMemoryRateLimiter } from '../../../../src/channels/rate-limit/index.js';
import { createVirtualClock } from '../../../../src/core/clock.js';
import { SwitchboardError, isSwitchboardError } from '../../../../src/core/errors.js';
import { registerSecret } from '../../../../src/core/redact.js';

const BASE = 'https://provider.test/v1/';
const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterEach(() => { server.resetHandlers(); });
afterAll(() => { server.close(); });

function clientWith(overrides: Partial<HttpClientConfig> = {}) {
  const sleeps: number[] = [];
  const client = createHttpClient({
    provider: 'test',
    baseUrl: BASE,
    random: () => 0.5,
    sleep: (ms) => { sleeps.push(ms); return Promise.resolve(); },
    ...overrides,
  });
  return { client, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (error) {
    if (isSwitchboardError(error)) return error;
    throw new Error(`expected a SwitchboardError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the request to fail');
}

describe('createHttpClient', () => {
  it('retries retryable answers with growing jittered delays and returns the first success', async () => {
    let calls = 0;
    server.use(http.post(`${BASE}send`, () => {
      calls++;
      return calls < 3 ? HttpResponse.json({ e: 1 }, { status: 503 }) : HttpResponse.json({ id: 'm1' });
    }));
    const { client, sleeps } = clientWith();
    const answer = await client.request({ method: 'POST', path: 'send', json: { a: 1 }, idempotent: true });
    expect(answer.body).toEqual({ id: 'm1' });
    expect(calls).toBe(3);
    // minDelay 500 · 2^(n−1), jitter factor 0.75 with random() = 0.5
    expect(sleeps).toEqual([375, 750]);
  });

  it('does not retry a final (non-retryable) answer', async () => {
    let calls = 0;
    server.use(http.post(`${BASE}send`, () => { calls++; return HttpResponse.json({ bad: true }, { status: 400 }); }));
    const { client } = clientWith();
    const error = await failure(client.request({ method: 'POST', path: 'send', idempotent: true }));
    expect(error.code).toBe('PROVIDER_HTTP_ERROR');
    expect(error.retryable).toBe(false);
    expect(calls).toBe(1);
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}item`, () => {
      calls++;
      return calls === 1 ? new HttpResponse(null, { status: 429, headers: { 'retry-after': '2' } }) : HttpResponse.json({ ok: true });
    }));
    const { client, sleeps } = clientWith();
    await client.request({ method: 'GET', path: 'item', idempotent: true });
    expect(sleeps).toEqual([2000]);
  });

  it('surfaces a Retry-After above the cap instead of waiting, keeping retryAfterMs', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}item`, () => { calls++; return new HttpResponse(null, { status: 429, headers: { 'retry-after': '3600' } }); }));
    const { client, sleeps } = clientWith();
    const error = await failure(client.request({ method: 'GET', path: 'item', idempotent: true }));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after the configured number of retries', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}item`, () => { calls++; return new HttpResponse(null, { status: 500 }); }));
    const { client } = clientWith({ retry: { retries: 2 } });
    const error = await failure(client.request({ method: 'GET', path: 'item', idempotent: true }));
    expect(error.code).toBe('PROVIDER_HTTP_ERROR');
    expect(calls).toBe(3);
  });

  it('reports a timed-out non-idempotent send as SEND_OUTCOME_UNKNOWN and never repeats it', async () => {
    let calls = 0;
    server.use(http.post(`${BASE}send`, async () => { calls++; await delay('infinite'); return HttpResponse.json({}); }));
    const { client } = clientWith({ timeoutMs: 50 });
    const error = await failure(client.request({ method: 'POST', path: 'send', idempotent: false }));
    expect(error.code).toBe('SEND_OUTCOME_UNKNOWN');
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ reason: 'timeout' });
    expect(calls).toBe(1);
  });

  it('retries a timed-out idempotent request and ends with a retryable SEND_OUTCOME_UNKNOWN', async () => {
    let calls = 0;
    server.use(http.post(`${BASE}send`, async () => { calls++; await delay('infinite'); return HttpResponse.json({}); }));
    const { client } = clientWith({ timeoutMs: 30, retry: { retries: 1 } });
    const error = await failure(client.request({ method: 'POST', path: 'send', idempotent: true }));
    expect(error.code).toBe('SEND_OUTCOME_UNKNOWN');
    expect(error.retryable).toBe(true);
    expect(calls).toBe(2);
  });

  it('treats a lost connection as maybe-sent and a refused connection as safe to retry', async () => {
    server.use(http.post(`${BASE}send`, () => HttpResponse.error()));
    const lost = await failure(clientWith().client.request({ method: 'POST', path: 'send', idempotent: false }));
    expect(lost.code).toBe('SEND_OUTCOME_UNKNOWN');

    let calls = 0;
    const refused = (): Promise<Response> => {
      calls++;
      return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    };
    const error = await failure(clientWith({ fetch: refused, retry: { retries: 2 } }).client.request({ method: 'POST', path: 'send', idempotent: false }));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(calls).toBe(3);
  });

  it('marks a gateway timeout on a non-idempotent send as SEND_OUTCOME_UNKNOWN', async () => {
    server.use(http.post(`${BASE}send`, () => new HttpResponse('upstream timeout', { status: 504 })));
    const error = await failure(clientWith().client.request({ method: 'POST', path: 'send', idempotent: false }));
    expect(error.code).toBe('SEND_OUTCOME_UNKNOWN');
    expect(error.details).toMatchObject({ reason: 'gateway' });
  });

  it('uses the adapter classifier, which may fail a 200 answer', async () => {
    server.use(http.post(`${BASE}send`, () => HttpResponse.json({ error: { error_code: 901 } })));
    const { client } = clientWith({
      classify: (response) => (typeof response.body === 'object' && response.body !== null && 'error' in response.body
        ? { error: new SwitchboardError('PROVIDER_REFUSED', 'refused', { providerCode: 901 }) }
        : undefined),
    });
    const error = await failure(client.request({ method: 'POST', path: 'send', idempotent: true }));
    expect(error.code).toBe('PROVIDER_REFUSED');
  });

  it('aborts before sending when the signal already fired', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}item`, () => { calls++; return HttpResponse.json({}); }));
    const error = await failure(clientWith().client.request({ method: 'GET', path: 'item', idempotent: true, signal: AbortSignal.abort() }));
    expect(error.code).toBe('ABORTED');
    expect(calls).toBe(0);
  });

  it('waits for the rate limiter before each attempt and fails fast when the wait is too long', async () => {
    server.use(http.get(`${BASE}item`, () => HttpResponse.json({})));
    const clock = createVirtualClock(1_000_000);
    const limiter = createMemoryRateLimiter({ clock });
    const { client, sleeps } = clientWith({
      rateLimiter: limiter,
      sleep: (ms) => { sleeps.push(ms); clock.advance(ms); return Promise.resolve(); },
    });
    const limit = { key: 'pair', limit: { tokens: 1, intervalMs: 6_000 } };
    await client.request({ method: 'GET', path: 'item', idempotent: true, rateLimits: [limit] });
    await client.request({ method: 'GET', path: 'item', idempotent: true, rateLimits: [limit] });
    expect(sleeps).toEqual([6_000]);
    const error = await failure(client.request({ method: 'GET', path: 'item', idempotent: true, rateLimits: [{ ...limit, maxWaitMs: 1_000 }] }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(6_000);
  });

  it('never puts configured header secrets into errors', async () => {
    const token = 'EAAtokenvalue1234567890abcdefSECRET';
    registerSecret(token);
    server.use(http.get(`${BASE}item`, ({ request }) => new HttpResponse(`echo ${request.headers.get('authorization') ?? ''}`, { status: 400 })));
    const { client } = clientWith({ headers: { authorization: `Bearer ${token}` } });
    const error = await failure(client.request({ method: 'GET', path: 'item', idempotent: true }));
    expect(JSON.stringify(error)).not.toContain(token);
    expect(error.message).not.toContain(token);
  });
});

describe('createHttpClient response bodies', () => {
  it('treats a body that stalls after the headers as a timeout (SEND_OUTCOME_UNKNOWN)', async () => {
    server.use(http.post(`${BASE}send`, () => new HttpResponse(new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode('{"id":')); } }), { status: 200 })));
    const { client } = clientWith({ timeoutMs: 50 });
    const error = await failure(client.request({ method: 'POST', path: 'send', idempotent: false }));
    expect(error.code).toBe('SEND_OUTCOME_UNKNOWN');
    expect(error.details).toMatchObject({ reason: 'timeout' });
  });

  it('hands the classifier a non-JSON body as text and an empty body as undefined', async () => {
    const seen: unknown[] = [];
    server.use(http.get(`${BASE}a`, () => new HttpResponse('plain')), http.get(`${BASE}b`, () => new HttpResponse(null, { status: 204 })));
    const { client } = clientWith({ classify: (r) => { seen.push(r.body); return undefined; } });
    await client.request({ method: 'GET', path: 'a', idempotent: true });
    await client.request({ method: 'GET', path: 'b', idempotent: true });
    expect(seen).toEqual(['plain', undefined]);
  });
});

describe('createHttpClient cancellation', () => {
  it('reports a send cancelled mid-flight as SEND_OUTCOME_UNKNOWN, and an idempotent one as ABORTED', async () => {
    server.use(http.post(`${BASE}send`, async () => { await delay('infinite'); return HttpResponse.json({}); }));
    const { client } = clientWith();
    const controller = new AbortController();
    const pending = failure(client.request({ method: 'POST', path: 'send', idempotent: false, signal: controller.signal }));
    setTimeout(() => { controller.abort(); }, 20);
    expect(await pending).toMatchObject({ code: 'SEND_OUTCOME_UNKNOWN', details: { reason: 'aborted' } });

    const again = new AbortController();
    const idempotent = failure(client.request({ method: 'POST', path: 'send', idempotent: true, signal: again.signal }));
    setTimeout(() => { again.abort(); }, 20);
    expect((await idempotent).code).toBe('ABORTED');
  });
});
