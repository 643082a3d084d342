import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVkAdapter, vkRetryLaterResponse } from '../../../../src/channels/vk/index.js';
import { createVirtualClock } from '../../../../src/core/clock.js';
import { CONFIRMATION, GROUP_ID, SECRET, TOKEN, callbackRequest, fixtureBytes, fixtureJson } from './helpers.js';

const adapter = createVkAdapter({ groupId: GROUP_ID, accessToken: TOKEN, secret: SECRET, confirmation: CONFIRMATION, clock: createVirtualClock(1_700_000_000_000) });

function body(overrides: Record<string, unknown>, base = 'message-new.json'): string {
  return JSON.stringify({ ...fixtureJson(base), ...overrides });
}

/** Whether a JSON value carries a `__proto__` or `constructor.prototype` key anywhere. */
function hasPoisoningKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPoisoningKey);
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, '__proto__')) return true;
  const ctor = Object.hasOwn(record, 'constructor') ? record['constructor'] : undefined;
  if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) return true;
  return Object.values(record).some(hasPoisoningKey);
}

async function answer(request: Request) {
  const result = await adapter.handleWebhook(request);
  return { ...result, status: result.response.status, text: await result.response.text() };
}

describe('VK Callback API: refusals get a definite answer and a typed error', () => {
  it('a wrong secret is refused 403 with no events and WEBHOOK_FORBIDDEN, and the secret is not echoed', async () => {
    const result = await answer(callbackRequest(body({ secret: 'guess' })));
    expect(result.status).toBe(403);
    expect(result.events).toEqual([]);
    expect(result.error?.code).toBe('WEBHOOK_FORBIDDEN');
    expect(result.text).not.toContain(SECRET);
    expect(JSON.stringify(result.error)).not.toContain(SECRET);
  });

  it('a missing secret is refused 403 (also on confirmation: the secret key must be saved before confirming)', async () => {
    const { secret: _s, ...unsigned } = fixtureJson('message-new.json');
    expect((await answer(callbackRequest(JSON.stringify(unsigned)))).status).toBe(403);
    const { secret: _c, ...confirmation } = fixtureJson('confirmation.json');
    const refused = await answer(callbackRequest(JSON.stringify(confirmation)));
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain(CONFIRMATION);
  });

  it('another community is refused 403 and the confirmation string is only given to our group', async () => {
    const other = await answer(callbackRequest(body({ group_id: 191949777 }, 'confirmation.json')));
    expect(other.status).toBe(403);
    expect(other.text).not.toContain(CONFIRMATION);
    expect(other.error).toMatchObject({ code: 'WEBHOOK_FORBIDDEN', details: { groupId: 191949777 } });
  });

  it('a non-JSON body is answered 400 WEBHOOK_MALFORMED_BODY (vk-io leaves it hanging)', async () => {
    const result = await answer(callbackRequest('{"type":"message_new",'));
    expect(result).toMatchObject({ status: 400, events: [], error: { code: 'WEBHOOK_MALFORMED_BODY' } });
  });

  it('invalid UTF-8, an empty body, a JSON array and a missing type are each answered 400', async () => {
    for (const bad of [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), '', '[1,2]', body({ type: undefined }), body({ group_id: 'x' })]) {
      const result = await answer(callbackRequest(bad));
      expect(result.status).toBe(400);
      expect(result.events).toEqual([]);
      expect(result.error?.code).toBe('WEBHOOK_MALFORMED_BODY');
    }
  });

  it('a body above the limit is answered 413 before it is parsed', async () => {
    const huge = body({ object: { message: { text: 'x'.repeat(300 * 1024) } } });
    const result = await answer(callbackRequest(huge));
    expect(result).toMatchObject({ status: 413, events: [], error: { code: 'WEBHOOK_PAYLOAD_TOO_LARGE' } });
  });

  it('GET and PUT are answered 405', async () => {
    const get = await answer(new Request('https://crm.example.test/webhooks/vk'));
    expect(get).toMatchObject({ status: 405, events: [], error: { code: 'WEBHOOK_METHOD_NOT_ALLOWED' } });
  });

  it('an unknown event type from our community is acknowledged ok (VK would retry forever) with no events and VK_EVENT_UNSUPPORTED', async () => {
    const result = await answer(callbackRequest(body({ type: 'wall_post_new', object: { id: 1 } })));
    expect(result).toMatchObject({ status: 200, text: 'ok', events: [], error: { code: 'VK_EVENT_UNSUPPORTED' } });
  });

  it('a supported type whose object breaks the schema is kept as an account.alert (stored, not lost) with VK_EVENT_INVALID', async () => {
    const result = await answer(callbackRequest(body({ object: { message: { text: 'no ids' } } })));
    expect(result.status).toBe(200);
    expect(result.text).toBe('ok');
    expect(result.error?.code).toBe('VK_EVENT_INVALID');
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ type: 'account.alert', code: 'VK_EVENT_INVALID', dedupeKey: 'vk:232142875:0f1e2d3c4b5a69788796a5b4c3d2e1f001234567' });
  });

  it('a pre-5.103 message_new (bare message, no event_id) is accepted with a body-hash dedupe key that repeats on retry', async () => {
    const { event_id: _e, object, ...rest } = fixtureJson('message-new.json');
    const old = JSON.stringify({ ...rest, object: (object as { message: unknown }).message });
    const first = await answer(callbackRequest(old));
    const retry = await answer(callbackRequest(old, { 'x-retry-counter': '1' }));
    expect(first.events[0]).toMatchObject({ type: 'message.received', providerMessageId: '4512' });
    expect(first.events[0]?.dedupeKey).toMatch(/^vk:232142875:sha256:[0-9a-f]{64}$/);
    expect(retry.events[0]?.dedupeKey).toBe(first.events[0]?.dedupeKey);
    expect(retry.retryCount).toBe(1);
  });

  it('a retried delivery yields the same dedupe key and records the retry counter', async () => {
    const first = await answer(callbackRequest(fixtureBytes('message-new.json')));
    const again = await answer(callbackRequest(fixtureBytes('message-new.json'), { 'X-Retry-Counter': '3' }));
    expect(again.events.map((e) => e.dedupeKey)).toEqual(first.events.map((e) => e.dedupeKey));
    expect(first.retryCount).toBeUndefined();
    expect(again.retryCount).toBe(3);
  });
});

describe('VK Callback API: robustness (property)', () => {
  it('arbitrary bytes never throw, never answer "remove", and never yield events without our secret', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
      const result = await answer(callbackRequest(bytes));
      expect(result.text).not.toBe('remove');
      expect(result.events).toEqual([]);
      expect([400, 403, 413]).toContain(result.status);
    }), { numRuns: 200 });
  });

  it('any change to the secret or group id of a valid event is refused 403', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 40 }).filter((s) => s !== SECRET), fc.integer({ min: 1, max: 2 ** 40 }).filter((g) => g !== GROUP_ID), async (secret, group) => {
      expect((await answer(callbackRequest(body({ secret })))).status).toBe(403);
      expect((await answer(callbackRequest(body({ group_id: group })))).status).toBe(403);
    }), { numRuns: 100 });
  });

  it('any JSON value in place of the object of a supported type yields ok and either events or an alert, never a throw', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('message_new', 'message_reply', 'message_edit', 'message_allow', 'message_deny', 'message_typing_state', 'message_event', 'message_read'), fc.jsonValue(), async (type, object) => {
      const result = await answer(callbackRequest(body({ type, object })));
      if (hasPoisoningKey(object)) {
        // Prototype-poisoning keys are refused before parsing goes further (src/channels/webhook/parse-json.ts).
        expect(result.status).toBe(400);
        expect(result.events).toEqual([]);
        expect(result.error?.code).toBe('WEBHOOK_MALFORMED_BODY');
        return;
      }
      expect(result.text).toBe('ok');
      expect(result.events.length).toBe(1);
    }), {
      numRuns: 300,
      // Found by a random run: an own "__proto__" key (JSON.parse keeps it as data).
      examples: [['message_new', JSON.parse('{"__proto__":{}}') as fc.JsonValue]],
    });
  });
});

describe('vkRetryLaterResponse: asking VK to come back later', () => {
  it('answers 503 with Retry-After in seconds, never ok or remove, clamped below VK\'s 3-hour horizon', async () => {
    const soon = vkRetryLaterResponse(1_500);
    expect(soon.status).toBe(503);
    expect(soon.headers.get('retry-after')).toBe('2');
    expect(await soon.text()).toBe('retry later');
    expect(vkRetryLaterResponse(10 * 3_600_000).headers.get('retry-after')).toBe(String(3 * 3600 - 60));
    expect(vkRetryLaterResponse(-5).headers.get('retry-after')).toBe('1');
    expect(vkRetryLaterResponse(Number.NaN).headers.get('retry-after')).toBe('1');
  });
});
