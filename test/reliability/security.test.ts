/**
 * Webhook security through `sb.handleWebhook`: forged, missing, truncated, non-hex and
 * wrong-length signatures; VK wrong secret or group; oversized bodies; `__proto__` keys; the
 * verification handshake — and no configured token or secret in any log line, error or answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWhatsAppWebhook, verifyWhatsAppSignature } from '../../src/channels/whatsapp/signature.js';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/whatsapp-adapter.js';
import { metaJson, signedWebhookRequest, verificationRequest } from '../../src/testing/whatsapp/payloads.js';
import { vkCallbackRequest } from '../../src/testing/vk/events.js';
import { seeds } from './support/env.js';
import { leakedSecrets } from './support/log-capture.js';
import type { World } from './support/world.js';
import { SECRETS, SECRET_VALUES, VK_URL, WA_URL, createWorld } from './support/world.js';

let w: World;
const answers: string[] = [];
const [SEED = 1] = seeds(1);

beforeAll(async () => { w = await createWorld({ seed: SEED }); });
afterAll(async () => {
  // Scenario "tokens absent": every log line, error and answer body of this file.
  expect(leakedSecrets(w.capture, SECRET_VALUES)).toEqual([]);
  for (const answer of answers) for (const secret of SECRET_VALUES) expect(answer).not.toContain(secret);
  await w.close();
});

async function deliver(request: Request): Promise<Response> {
  const response = await w.sb.handleWebhook(request);
  answers.push(await response.clone().text());
  return response;
}

const unicodeText = 'Café 🎉 @shop / ёлка';
/** Meta's bytes with the `\uXXXX` escapes decoded back to raw UTF-8 (a proxy re-encoded them). */
const unescaped = (body: string): string => body.replace(/\\u([0-9a-f]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('A. webhook authenticity', () => {
  it('scenario 1: the GitHub vector verifies; one flipped body byte does not', () => {
    const body = new TextEncoder().encode('Hello, World!');
    const header = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(verifyWhatsAppSignature(body, header, ["It's a Secret to Everybody"])).toBe(true);
    expect(verifyWhatsAppSignature(new TextEncoder().encode('Hello, World?'), header, ["It's a Secret to Everybody"])).toBe(false);
  });

  it('scenario 2: é, emoji, @ and / — accepted as Meta escapes them and as raw UTF-8 signed over the escaped form; any changed byte → 401', async () => {
    const escaped = metaJson(w.wa.inbound({ from: '16505550301', text: unicodeText }).payload);
    expect((await deliver(signedWebhookRequest(escaped, SECRETS.waAppSecret, { url: WA_URL }))).status).toBe(200);
    const rawForm = metaJson(w.wa.inbound({ from: '16505550302', text: unicodeText }).payload);
    const signature = signWhatsAppWebhook(rawForm, SECRETS.waAppSecret);
    expect((await deliver(signedWebhookRequest(unescaped(rawForm), SECRETS.waAppSecret, { url: WA_URL, signature }))).status).toBe(200);
    const tampered = unescaped(rawForm).replace('Café', 'Cafe');
    expect((await deliver(signedWebhookRequest(tampered, SECRETS.waAppSecret, { url: WA_URL, signature }))).status).toBe(401);
  });

  it('scenarios 3, 4: missing, empty, truncated, long, non-hex, multibyte and sha1 signatures → 401 without throwing; uppercase hex of the right digest → 200', async () => {
    const body = metaJson(w.wa.inbound({ from: '16505550303', text: 'hello' }).payload);
    const good = signWhatsAppWebhook(body, SECRETS.waAppSecret);
    const hex = good.slice('sha256='.length);
    const forged = [
      null, '', 'sha256=', `sha256=${hex.slice(0, 63)}`, `sha256=${hex}0`, `sha256=${hex}${hex}`, `sha256=${'z'.repeat(64)}`,
      `sha256=é${hex.slice(1)}`, `sha1=${hex.slice(0, 40)}`, `SHA256=${hex}`, hex, `sha256=${'0'.repeat(64)}`,
      `sha256=${signWhatsAppWebhook(body, 'wrong-app-secret').slice(7)}`, `sha256= ${hex.slice(1)}`,
    ];
    for (const signature of forged) {
      const response = await deliver(signedWebhookRequest(body, SECRETS.waAppSecret, { url: WA_URL, signature }));
      expect(response.status, `signature ${String(signature)}`).toBe(401);
    }
    expect((await deliver(signedWebhookRequest(body, SECRETS.waAppSecret, { url: WA_URL, signature: `sha256=${hex.toUpperCase()}` }))).status).toBe(200);
  });

  it('scenario 6: a WhatsApp body over 4 MiB → 413; a VK body over 256 KiB → 413', async () => {
    const huge = `{"object":"whatsapp_business_account","entry":[],"pad":"${'x'.repeat(4 * 1024 * 1024)}"}`;
    expect((await deliver(signedWebhookRequest(huge, SECRETS.waAppSecret, { url: WA_URL }))).status).toBe(413);
    const event = { ...w.vk.events.messageNew({ fromId: 100, text: 'x'.repeat(300 * 1024) }) };
    expect((await deliver(vkCallbackRequest(event, { url: VK_URL }))).status).toBe(413);
  });

  it('scenario 7: the verification handshake — wrong token 403, script challenge 400, right token echoes the digits as text/plain', async () => {
    const wrong = await deliver(verificationRequest('not-the-token', '1158201444', WA_URL));
    expect([401, 403]).toContain(wrong.status);
    expect((await deliver(verificationRequest(SECRETS.waVerifyToken, '<script>alert(1)</script>', WA_URL))).status).toBe(400);
    const ok = await deliver(verificationRequest(SECRETS.waVerifyToken, '1158201444', WA_URL));
    expect([ok.status, await ok.clone().text()]).toEqual([200, '1158201444']);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('scenario 8: VK wrong secret → 403, unknown group → 403, malformed JSON → 400, confirmation → the configured string', async () => {
    const event = w.vk.userWrites(100, 'hi', { id: 90_001, conversationMessageId: 90_001 });
    expect((await deliver(vkCallbackRequest({ ...event, secret: 'wrong-secret' }, { url: VK_URL }))).status).toBe(403);
    expect((await deliver(vkCallbackRequest(w.vk.events.unsigned(event), { url: VK_URL }))).status).toBe(403);
    expect((await deliver(vkCallbackRequest({ ...event, group_id: 1 }, { url: VK_URL }))).status).toBe(403);
    expect((await deliver(vkCallbackRequest('{"type":"message_new",', { url: VK_URL }))).status).toBe(400);
    const confirmation = await deliver(vkCallbackRequest(w.vk.events.confirmation(), { url: VK_URL }));
    expect([confirmation.status, await confirmation.clone().text()]).toEqual([200, w.vk.confirmation]);
  });
});

describe('F. input hardening', () => {
  it('scenario 41: __proto__ and constructor.prototype keys at several depths are refused (400) and pollute nothing', async () => {
    const payload = w.wa.inbound({ from: '16505550304', text: 'hi' }).payload;
    const body = metaJson(payload);
    const poisoned = [
      body.replace('{"object"', '{"__proto__":{"polluted":"yes"},"object"'),
      body.replace('"entry":[{', '"entry":[{"__proto__":{"polluted":"yes"},'),
      body.replace('"text":{', '"text":{"constructor":{"prototype":{"polluted":"yes"}},'),
    ];
    for (const text of poisoned) {
      expect(text).not.toBe(body);
      expect((await deliver(signedWebhookRequest(text, SECRETS.waAppSecret, { url: WA_URL }))).status).toBe(400);
    }
    const vkEvent = JSON.stringify(w.vk.userWrites(100, 'hi', { id: 90_002, conversationMessageId: 90_002 }));
    const vkPoisoned = vkEvent.replace('"object":{', '"object":{"__proto__":{"polluted":"yes"},');
    expect(vkPoisoned).not.toBe(vkEvent);
    expect((await deliver(vkCallbackRequest(vkPoisoned, { url: VK_URL }))).status).toBe(400);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('a send refused by the provider for a bad token leaves no token in the thrown error or the logs', async () => {
    const conversationId = await w.waCustomer('16505550305');
    w.wa.failNext({ code: 190, status: 401, title: 'Invalid OAuth access token', details: `Error validating access token ${SECRETS.waAccessToken}` });
    const error = await w.sb.send({ conversationId, text: 'hello' }).then(() => undefined, (e: unknown) => e);
    w.capture.error(error);
    expect(error).toBeDefined();
  });
});

describe('A. secret rotation', () => {
  it('scenario 9: with two app secrets configured either one verifies; once the old one is removed its signatures get 401', async () => {
    const base = { phoneNumberId: w.wa.account.phoneNumberId, wabaId: w.wa.account.wabaId, accessToken: SECRETS.waAccessToken, verifyToken: SECRETS.waVerifyToken };
    const rotated = 'reliability-new-app-secret-0c9d';
    const during = createWhatsAppAdapter({ ...base, appSecret: [SECRETS.waAppSecret, rotated] });
    const after = createWhatsAppAdapter({ ...base, appSecret: [rotated] });
    const body = metaJson(w.wa.inbound({ from: '16505550306', text: 'rotation' }).payload);
    const signedBy = (secret: string): Request => signedWebhookRequest(body, secret, { url: WA_URL });
    expect((await during.handleWebhook(signedBy(SECRETS.waAppSecret))).response.status).toBe(200);
    expect((await during.handleWebhook(signedBy(rotated))).response.status).toBe(200);
    expect((await after.handleWebhook(signedBy(rotated))).response.status).toBe(200);
    expect((await after.handleWebhook(signedBy(SECRETS.waAppSecret))).response.status).toBe(401);
  });
});
