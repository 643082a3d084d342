/**
 * Fuzzing with fast-check (seeded from RELIABILITY_SEED, runs scaled by RELIABILITY_RUNS):
 * webhook bodies and headers, records for rendering, template texts for the linter (with
 * ReDoS-shaped input), phone numbers. Every input ends in a result or a typed
 * `SwitchboardError` — never an uncaught exception, a 5xx or a hang.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../../src/core/errors.js';
import { normalizePhone } from '../../src/core/phone.js';
import { defineTemplate } from '../../src/templates/define-template.js';
import { lintTemplate, lintText } from '../../src/templates/lint/index.js';
import { renderTemplate } from '../../src/templates/render-template.js';
import { renderText } from '../../src/templates/render-text.js';
import { metaJson, signedWebhookRequest } from '../../src/testing/whatsapp/payloads.js';
import { vkCallbackRequest } from '../../src/testing/vk/events.js';
import { BASE_SEED, RUNS } from './support/env.js';
import { leakedSecrets } from './support/log-capture.js';
import type { World } from './support/world.js';
import { SECRETS, SECRET_VALUES, VK_URL, WA_URL, createWorld } from './support/world.js';

const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: BASE_SEED, numRuns: numRuns * RUNS });
/** Hang guard for one call (generous: it catches catastrophic backtracking, not slowness). */
const BUDGET_MS = 2_000;

/** Calls `fn`; it must return or throw a typed SwitchboardError, within the hang guard. */
function typedOnly<T>(fn: () => T): T | undefined {
  const started = performance.now();
  try {
    return fn();
  } catch (error) {
    expect(isSwitchboardError(error), `untyped ${String(error)}`).toBe(true);
    return undefined;
  } finally {
    expect(performance.now() - started, 'one call exceeded the hang guard').toBeLessThan(BUDGET_MS);
  }
}

let w: World;
beforeAll(async () => { w = await createWorld({ seed: BASE_SEED }); });
afterAll(async () => {
  expect(leakedSecrets(w.capture, SECRET_VALUES)).toEqual([]);
  await w.close();
});

const OK_STATUSES = [200, 400, 401, 403, 404, 405, 413];

describe('fuzz: webhooks', () => {
  it('WhatsApp: arbitrary JSON and bytes, correctly signed or not, get a 2xx/4xx answer — never a throw or a 5xx', async () => {
    const body = fc.oneof(
      fc.jsonValue().map((v) => metaJson(v)),
      fc.jsonValue().map((v) => metaJson({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: v }] }] })),
      fc.string({ unit: 'binary', maxLength: 500 }),
    );
    await fc.assert(fc.asyncProperty(body, fc.boolean(), async (text, signed) => {
      const request = signedWebhookRequest(text, signed ? SECRETS.waAppSecret : 'not-the-secret', { url: WA_URL });
      const response = await w.sb.handleWebhook(request);
      expect(OK_STATUSES).toContain(response.status);
      if (!signed) expect(response.status).toBe(401);
    }), params(150));
  });

  it('WhatsApp: mutated real inbound and status payloads (fields replaced by arbitrary JSON) are processed or refused per item, never 5xx', async () => {
    const base = JSON.parse(metaJson(w.wa.inbound({ from: '16505550401', text: 'base' }).payload)) as Record<string, unknown>;
    const paths = ['entry.0.changes.0.value.messages.0.text', 'entry.0.changes.0.value.messages.0.type', 'entry.0.changes.0.value.contacts', 'entry.0.changes.0.value.messages.0.timestamp', 'entry.0.changes.0.value.metadata', 'entry.0.changes.0.value.messages.0.from', 'entry.0.changes.0.value.statuses'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue(), async (path, value) => {
      const payload = structuredClone(base);
      let node: unknown = payload;
      const keys = path.split('.');
      for (const key of keys.slice(0, -1)) node = (node as Record<string, unknown>)[key];
      (node as Record<string, unknown>)[keys.at(-1) ?? ''] = value;
      const response = await w.sb.handleWebhook(signedWebhookRequest(metaJson(payload), SECRETS.waAppSecret, { url: WA_URL }));
      expect(OK_STATUSES).toContain(response.status);
    }), params(150));
  });

  it('WhatsApp: arbitrary signature headers never verify a body signed with another secret and never throw', async () => {
    const body = metaJson(w.wa.inbound({ from: '16505550402', text: 'header fuzz' }).payload);
    // Header values are bytes (Latin-1) on the wire; a Request cannot carry anything else.
    const latin1 = fc.oneof(fc.integer({ min: 0x21, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c));
    const header = fc.oneof(fc.string({ unit: latin1, maxLength: 200 }), fc.string({ unit: latin1, maxLength: 80 }).map((s) => `sha256=${s}`), fc.stringMatching(/^sha256=[0-9a-fA-F]{0,130}$/));
    await fc.assert(fc.asyncProperty(header, async (signature) => {
      const response = await w.sb.handleWebhook(signedWebhookRequest(body, SECRETS.waAppSecret, { url: WA_URL, signature }));
      expect(response.status).toBe(401);
    }), params(200));
  });

  it('VK: arbitrary callback bodies with the right or a wrong secret get 200/4xx, never a throw or 5xx', async () => {
    const event = fc.record({ type: fc.oneof(fc.constantFrom('message_new', 'message_allow', 'message_deny', 'message_event', 'confirmation', 'group_join'), fc.string()), object: fc.jsonValue(), group_id: fc.oneof(fc.constant(w.vk.groupId), fc.integer()), event_id: fc.string({ maxLength: 64 }), v: fc.constant('5.199'), secret: fc.oneof(fc.constant(SECRETS.vkSecret), fc.string()) });
    const body = fc.oneof(event.map((e) => JSON.stringify(e)), fc.string({ unit: 'binary', maxLength: 300 }));
    await fc.assert(fc.asyncProperty(body, async (text) => {
      const response = await w.sb.handleWebhook(vkCallbackRequest(text, { url: VK_URL }));
      expect(OK_STATUSES).toContain(response.status);
    }), params(200));
  });
});

describe('fuzz: rendering, linting, phones', () => {
  const template = defineTemplate({
    name: 'order_update', language: 'en_US', category: 'UTILITY',
    body: 'Hello {{first_name}}, order {{order_id}} costs {{total}}.',
    variables: { first_name: { bind: 'first_name', example: 'Ivan', fallback: 'there' }, order_id: { bind: 'order.id', example: 'A-1' }, total: { bind: 'total', example: '10' } },
  });

  it('scenario 42: arbitrary CRM records render a template or raise a typed error; merge syntax in values is emitted literally', () => {
    const value = fc.oneof(fc.jsonValue(), fc.constantFrom('{{balance}}', '{{7*7}}', '{{first_name}}', '${process.env}', '<script>', '\u0000', '{{{{x}}}}'), fc.date(), fc.bigInt());
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('first_name', 'order', 'total', '__proto__', 'constructor'), value), value, (record, injected) => {
      typedOnly(() => renderTemplate(template, record));
      const rendered = typedOnly(() => renderTemplate(template, { first_name: '{{7*7}}', order: { id: injected }, total: '{{balance}}' }));
      if (rendered !== undefined) expect(rendered.bodyParameters).toMatchObject({ first_name: '{{7*7}}', total: '{{balance}}' });
      typedOnly(() => renderText('Hi {{first_name}} — {{order.id}}', record));
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    }), params(300));
  });

  it('free texts with arbitrary merge-field syntax render or raise a typed error', () => {
    const text = fc.stringMatching(/^[a-z{}. |#/*\\-]{0,80}$/);
    fc.assert(fc.property(text, fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue()), (t, record) => {
      typedOnly(() => renderText(t, record));
    }), params(300));
  });

  it('scenario 44: the linter handles arbitrary template texts and ReDoS-shaped input within the hang guard', () => {
    const evil = [
      `${'a'.repeat(50_000)}!`, `${' '.repeat(50_000)}x`, '{{'.repeat(20_000), '{{1}}'.repeat(5_000), 'SALE '.repeat(10_000),
      `${'%'.repeat(30_000)}off`, 'http://'.repeat(5_000), `${'a.'.repeat(25_000)}@`, `${'1'.repeat(50_000)}x`, '😀'.repeat(20_000),
    ];
    for (const body of evil) {
      typedOnly(() => lintTemplate({ name: 'promo', language: 'en_US', category: 'UTILITY', body }));
      typedOnly(() => lintText(body, { category: 'UTILITY' }));
    }
    const category = fc.constantFrom('UTILITY' as const, 'MARKETING' as const, 'AUTHENTICATION' as const);
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 1_200 }), category, fc.constantFrom('en_US', 'ru', 'pt_BR', 'zh_TW', 'xx'), (body, cat, language) => {
      typedOnly(() => lintTemplate({ name: 'fuzz', language, category: cat, body }));
      typedOnly(() => lintText(body, { category: cat, language }));
    }), params(200));
  });

  it('scenario 43: phone numbers — E.164 or INVALID_PHONE; fullwidth and Arabic-Indic digits, NBSP, U+200B and dashes normalise to the same number; garbage is refused in bounded time', () => {
    const canonical = normalizePhone('+886 912 345 678');
    const variants = ['+886912345678', '+886-912-345-678', '+886\u00a0912\u00a0345\u00a0678', '+886\u200b912345678', '＋８８６９１２３４５６７８', '+٨٨٦٩١٢٣٤٥٦٧٨', '(+886) 912–345–678'];
    for (const v of variants) expect(typedOnly(() => normalizePhone(v)), JSON.stringify(v)).toBe(canonical);
    expect(typedOnly(() => normalizePhone('x'.repeat(200)))).toBeUndefined();
    const phone = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^\+?[0-9 ()\-.]{0,30}$/), fc.string({ unit: 'binary', maxLength: 300 }), fc.integer(), fc.constant(null), fc.object());
    fc.assert(fc.property(phone, fc.constantFrom(undefined, 'TW', 'RU', 'US'), (input, country) => {
      const result = typedOnly(() => normalizePhone(input, country === undefined ? {} : { defaultCountry: country }));
      if (result !== undefined) expect(result).toMatch(/^\+[1-9]\d{5,14}$/);
    }), params(500));
  });
});
