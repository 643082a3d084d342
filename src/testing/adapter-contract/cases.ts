import type { ChannelAdapter, InboundEvent, WebhookResult } from '../../channels/adapter.js';
import { isSwitchboardError } from '../../core/errors.js';
import type { AdapterContractCase, AdapterContractFixture } from './fixture.js';
import { mulberry32 } from '../prng.js';

/** Thrown when an adapter breaks the contract; the message says which rule. */
export class AdapterContractViolation extends Error {
  override readonly name = 'AdapterContractViolation';
}

function check(condition: boolean, rule: string): asserts condition {
  if (!condition) throw new AdapterContractViolation(rule);
}

const EVENT_TYPES = new Set<InboundEvent['type']>([
  'message.received', 'message.status', 'message.echo', 'message.edited', 'consent.changed',
  'template.status_changed', 'template.category_changed', 'template.quality_changed', 'interaction', 'account.alert',
]);

async function handle(adapter: ChannelAdapter, request: Request): Promise<WebhookResult> {
  try {
    return await adapter.handleWebhook(request);
  } catch (error) {
    throw new AdapterContractViolation(`handleWebhook must never throw, it threw: ${String(error)}`, { cause: error });
  }
}

async function expectRefused(adapter: ChannelAdapter, request: Request, what: string): Promise<void> {
  const result = await handle(adapter, request);
  check(result.response.status >= 400 && result.response.status < 500, `${what} must be answered 4xx, got ${result.response.status}`);
  check(result.events.length === 0, `${what} must yield no events, got ${result.events.length}`);
  check(result.error === undefined || isSwitchboardError(result.error), `${what}: WebhookResult.error, when given, must be a SwitchboardError`);
}

function defaultRaw(body: Uint8Array, headers: Record<string, string>): Request {
  return new Request('https://example.test/webhook', { method: 'POST', body, headers });
}

async function mutations(fixture: AdapterContractFixture): Promise<Request[]> {
  const raw = fixture.rawWebhook ?? defaultRaw;
  const valid = await fixture.validWebhook();
  const bytes = new Uint8Array(await valid.arrayBuffer());
  const headers: Record<string, string> = {};
  valid.headers.forEach((value, key) => { if (key !== 'content-length') headers[key] = value; });
  const random = mulberry32(0x5b0a4d);
  const out: Request[] = [];
  // Same authentication headers, body changed: every one must fail authentication or parsing.
  out.push(raw(bytes.slice(0, Math.floor(bytes.length / 2)), headers));
  out.push(raw(new Uint8Array(0), headers));
  for (let i = 0; i < 6; i++) {
    const flipped = bytes.slice();
    const at = Math.floor(random() * flipped.length);
    flipped[at] = ((flipped[at] ?? 0) ^ (1 + Math.floor(random() * 254))) & 0xff;
    out.push(raw(flipped, headers));
  }
  const noise = new Uint8Array(256);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256);
  out.push(raw(noise, headers));
  // Hostile header values on an otherwise valid body (names kept, values replaced).
  const hostile = ['', 'sha256=', `sha256=${'z'.repeat(64)}`, `sha256=${'a'.repeat(63)}`, `sha256=${'é'.repeat(64)}`, 'x'.repeat(8_192)];
  for (const value of hostile) {
    const replaced: Record<string, string> = {};
    for (const key of Object.keys(headers)) replaced[key] = key === 'content-type' ? (headers[key] ?? '') : value;
    out.push(raw(bytes, replaced));
  }
  return out;
}

/**
 * The contract's cases as plain async functions: each resolves when the adapter complies and
 * rejects with an {@link AdapterContractViolation} naming the broken rule. `adapterContract`
 * registers them with vitest; they are exported so a contract can be tested against a
 * deliberately broken adapter.
 */
export const adapterContractCases: Record<AdapterContractCase, (fixture: AdapterContractFixture) => Promise<void>> = {
  'capabilities are well-formed': ({ adapter }) => new Promise<void>((resolve) => {
    // Inside the executor, a failed check becomes a rejection rather than a synchronous throw.
    const caps = adapter.capabilities;
    check(/^[a-z][a-z0-9_-]{0,31}$/.test(adapter.channel), 'channel must be a lowercase name');
    check(adapter.accountId.length > 0, 'accountId must be non-empty');
    check(Number.isSafeInteger(caps.maxTextLength) && caps.maxTextLength > 0, 'maxTextLength must be a positive integer');
    check(Number.isSafeInteger(caps.attachmentsPerMessage) && caps.attachmentsPerMessage >= 0, 'attachmentsPerMessage must be a non-negative integer');
    check(Number.isFinite(caps.rateLimit.perSecond) && caps.rateLimit.perSecond > 0, 'rateLimit.perSecond must be positive');
    check(caps.window.kind !== 'session' || (Number.isSafeInteger(caps.window.durationMs) && caps.window.durationMs > 0), 'a session window needs a positive durationMs');
    for (const [kind, media] of Object.entries(caps.media)) {
      check(Number.isSafeInteger(media.maxBytes) && media.maxBytes > 0, `media.${kind}.maxBytes must be a positive integer`);
    }
    check(caps.templates || adapter.submitTemplate === undefined, 'an adapter without templates must not offer submitTemplate');
    resolve();
  }),

  'a valid webhook is accepted and yields normalized events with dedupe keys': async (fixture) => {
    const result = await handle(fixture.adapter, await fixture.validWebhook());
    check(result.response.status >= 200 && result.response.status < 300, `a valid webhook must be answered 2xx, got ${result.response.status}`);
    check(result.events.length > 0, 'a valid webhook must yield at least one event');
    for (const event of result.events) {
      check(EVENT_TYPES.has(event.type), `unknown event type "${event.type}"`);
      check(event.channel === fixture.adapter.channel, `event.channel must be "${fixture.adapter.channel}", got "${event.channel}"`);
      check(typeof event.accountId === 'string' && event.accountId.length > 0, 'event.accountId must be non-empty');
      check(typeof event.dedupeKey === 'string' && event.dedupeKey.length > 0, 'event.dedupeKey must be non-empty');
      check(JSON.parse(JSON.stringify(event)) !== null, 'events must be JSON-serialisable');
    }
    const keys = result.events.map((e) => e.dedupeKey);
    check(new Set(keys).size === keys.length, 'dedupe keys must be distinct within one webhook');
  },

  'the same webhook delivered twice yields the same dedupe keys': async (fixture) => {
    const first = await handle(fixture.adapter, await fixture.validWebhook());
    const second = await handle(fixture.adapter, await fixture.validWebhook());
    const a = first.events.map((e) => e.dedupeKey).join('\n');
    const b = second.events.map((e) => e.dedupeKey).join('\n');
    check(a === b && a !== '', 'a redelivered webhook must yield the same dedupe keys (the host claims them once)');
  },

  'a bad signature is answered 4xx with no events': async (fixture) => {
    await expectRefused(fixture.adapter, await fixture.badSignatureWebhook(), 'a webhook with a bad signature');
  },

  'a malformed body is answered 4xx with no events': async (fixture) => {
    check(fixture.malformedWebhook !== undefined, 'the fixture must provide malformedWebhook (or skip this case with a reason)');
    await expectRefused(fixture.adapter, await fixture.malformedWebhook(), 'a malformed webhook body');
  },

  'an unsupported method is answered 4xx with no events': async (fixture) => {
    const valid = await fixture.validWebhook();
    await expectRefused(fixture.adapter, new Request(valid.url, { method: 'PUT', body: 'x' }), 'a PUT webhook request');
  },

  'mutated bodies and hostile headers never throw and never yield events': async (fixture) => {
    const signed = (fixture.authentication ?? 'signature') === 'signature';
    for (const request of await mutations(fixture)) {
      const result = await handle(fixture.adapter, request);
      const status = result.response.status;
      if (signed) {
        check(status >= 400 && status < 500, `a mutated or hostile request must be answered 4xx, got ${status}`);
        check(result.events.length === 0, 'a mutated or hostile request must yield no events');
      } else {
        check(status >= 200 && status < 500, `a mutated or hostile request must get a definite answer (2xx or 4xx), got ${status}`);
        check(status < 300 || result.events.length === 0, 'a refused request must yield no events');
      }
    }
  },

  'send returns a provider message id': async (fixture) => {
    check(fixture.sendableMessage !== undefined, 'the fixture must provide sendableMessage (or skip this case with a reason)');
    const result = await fixture.adapter.send(fixture.sendableMessage());
    check(typeof result.providerMessageId === 'string' && result.providerMessageId.length > 0, 'send must resolve with a non-empty providerMessageId');
    check(Number.isSafeInteger(result.acceptedAt) && result.acceptedAt > 0, 'send must report acceptedAt as epoch ms');
  },

  'a refused send rejects with a SwitchboardError': async (fixture) => {
    check(fixture.sendableMessage !== undefined && fixture.arrangeSendFailure !== undefined, 'the fixture must provide sendableMessage and arrangeSendFailure (or skip this case with a reason)');
    await fixture.arrangeSendFailure();
    let thrown: unknown;
    try {
      await fixture.adapter.send(fixture.sendableMessage());
    } catch (error) {
      thrown = error;
    }
    check(thrown !== undefined, 'a refused send must reject');
    check(isSwitchboardError(thrown), `a refused send must reject with a SwitchboardError, got ${thrown instanceof Error ? thrown.name : typeof thrown}`);
    check(/^[A-Z][A-Z0-9_]*$/.test(thrown.code), `error codes must be UPPER_SNAKE, got "${thrown.code}"`);
  },
};
