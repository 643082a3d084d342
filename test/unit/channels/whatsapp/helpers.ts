import type { VirtualClock } from '../../../../src/core/clock.js';
import { readFileSync, readdirSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { createWhatsAppAdapter } from '../../../../src/channels/whatsapp/index.js';
import type { WhatsAppAdapterConfig } from '../../../../src/channels/whatsapp/index.js';
import type { OutboundMessage } from '../../../../src/channels/adapter.js';
import type { MessageId } from '../../../../src/core/ids.js';
import { createWhatsAppSimulator } from '../../../../src/testing/whatsapp.js';
import type { WhatsAppSimulatorOptions } from '../../../../src/testing/whatsapp.js';

/** The shared fixtures, read as bytes (never re-serialised). */
export const FIXTURES = new URL('../../../fixtures/', import.meta.url);

export function fixtureBytes(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(relative, FIXTURES)));
}

export function fixtureJson(relative: string): unknown {
  return JSON.parse(new TextDecoder().decode(fixtureBytes(relative)));
}

export function whatsappFixtureNames(): string[] {
  return readdirSync(new URL('whatsapp/', FIXTURES)).filter((f) => f.endsWith('.json')).sort();
}

export interface SignatureVector {
  name: string;
  kind: 'file_bytes' | 'raw_body';
  file: string;
  secret: string;
  header?: string;
  header_of_these_bytes?: string;
  expect_valid: boolean;
}

export function signatureVectors(): SignatureVector[] {
  return (fixtureJson('signatures.json') as { vectors: SignatureVector[] }).vectors;
}

/** The signature header for a fixture file, from signatures.json. */
export function fixtureSignature(file: string): string {
  const vector = signatureVectors().find((v) => v.file === file && v.expect_valid);
  if (vector?.header === undefined) throw new Error(`no signature vector for ${file}`);
  return vector.header;
}

export const WEBHOOK_URL = 'https://crm.test/webhooks/whatsapp';
export const APP_SECRET = 'test_app_secret';
export const ACCESS_TOKEN = 'EAAGtestaccesstoken0123456789abcdefXYZ';
export const VERIFY_TOKEN = 'verify-me-please';
export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';

export function fixtureRequest(file: string, header: string | null = fixtureSignature(file)): Request {
  return new Request(WEBHOOK_URL, {
    method: 'POST',
    body: fixtureBytes(file),
    headers: { 'content-type': 'application/json', ...(header === null ? {} : { 'x-hub-signature-256': header }) },
  });
}

export function baseConfig(overrides: Partial<WhatsAppAdapterConfig> = {}): WhatsAppAdapterConfig {
  return {
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: WABA_ID,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    // Tests never wait on real timers: a wait moves the test's virtual clock (when it has one)
    // by the time asked, as a real wait would move the wall clock.
    sleep: (ms: number) => {
      const clock = overrides.clock;
      if (clock !== undefined && 'advance' in clock && typeof clock.advance === 'function') (clock as VirtualClock).advance(Math.ceil(ms));
      return Promise.resolve();
    },
    random: () => 0.5,
    ...overrides,
  };
}

/** An adapter wired to a fresh simulator mounted on `server`. */
export function simulated(server: SetupServer, options: { sim?: WhatsAppSimulatorOptions; adapter?: Partial<WhatsAppAdapterConfig> } = {}) {
  const sim = createWhatsAppSimulator({ appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, ...options.sim });
  server.use(...sim.handlers);
  const adapter = createWhatsAppAdapter(baseConfig(options.adapter));
  return { sim, adapter };
}

let seq = 0;
export function outbound(content: OutboundMessage['content'], extra: Partial<OutboundMessage> = {}): OutboundMessage {
  seq++;
  return {
    messageId: `msg_${String(seq).padStart(26, '0')}` as MessageId,
    idempotencyKey: `key-${seq}`,
    to: { kind: 'phone', value: '+16505551234' },
    content,
    ...extra,
  };
}

/** A handler that fails the test loudly if the Graph API is hit unexpectedly. */
export const graphGuard = http.all('https://graph.facebook.com/*', () => HttpResponse.json({ error: { code: 1, message: 'unexpected request' } }, { status: 500 }));
