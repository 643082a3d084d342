import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWhatsAppAdapter, signWhatsAppWebhook } from '../../../../src/channels/whatsapp/index.js';
import { createWhatsAppSimulator, whatsAppWebhookJson as metaJson, whatsAppVerificationRequest } from '../../../../src/testing/whatsapp.js';
import { APP_SECRET, VERIFY_TOKEN, WEBHOOK_URL, baseConfig, fixtureBytes, fixtureRequest } from './helpers.js';

const adapter = createWhatsAppAdapter(baseConfig());
const sim = createWhatsAppSimulator({ appSecret: APP_SECRET });

function post(body: string | Uint8Array, signature: string | null = signWhatsAppWebhook(body, APP_SECRET), headers: Record<string, string> = {}): Request {
  return new Request(WEBHOOK_URL, { method: 'POST', body, headers: { ...(signature === null ? {} : { 'x-hub-signature-256': signature }), ...headers } });
}

describe('WhatsApp webhook: GET subscription handshake', () => {
  it('echoes the challenge as plain text for the right verify token', async () => {
    const { response, events } = await adapter.handleWebhook(whatsAppVerificationRequest(VERIFY_TOKEN, '1158201444', WEBHOOK_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toBe('1158201444');
    expect(events).toEqual([]);
  });

  it('answers 403 for a wrong verify token and 400 for a missing mode or a hostile challenge', async () => {
    expect((await adapter.handleWebhook(whatsAppVerificationRequest('wrong', '1', WEBHOOK_URL))).response.status).toBe(403);
    expect((await adapter.handleWebhook(new Request(`${WEBHOOK_URL}?hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`))).response.status).toBe(400);
    expect((await adapter.handleWebhook(whatsAppVerificationRequest(VERIFY_TOKEN, '<script>alert(1)</script>', WEBHOOK_URL))).response.status).toBe(400);
  });

  it('never applies the POST signature check to the handshake (no body, no header)', async () => {
    const request = whatsAppVerificationRequest(VERIFY_TOKEN, '42', WEBHOOK_URL);
    expect(request.headers.get('x-hub-signature-256')).toBeNull();
    expect((await adapter.handleWebhook(request)).response.status).toBe(200);
  });
});

describe('WhatsApp webhook: POST notifications', () => {
  it('answers 401 with no events when the signature header is missing', async () => {
    const { response, events, error } = await adapter.handleWebhook(fixtureRequest('whatsapp/inbound-text.json', null));
    expect(response.status).toBe(401);
    expect(events).toEqual([]);
    expect(error).toMatchObject({ code: 'WEBHOOK_BAD_SIGNATURE', provider: 'whatsapp' });
  });

  it('accepts webhooks signed with any configured app secret during a rotation', async () => {
    const rotating = createWhatsAppAdapter(baseConfig({ appSecret: ['new_app_secret', APP_SECRET] }));
    const oldSigned = fixtureRequest('whatsapp/inbound-text.json');
    expect((await rotating.handleWebhook(oldSigned)).response.status).toBe(200);
    const newOnly = createWhatsAppAdapter(baseConfig({ appSecret: 'new_app_secret' }));
    expect((await newOnly.handleWebhook(fixtureRequest('whatsapp/inbound-text.json'))).response.status).toBe(401);
  });

  it('gives a sender both addresses when the phone and the business-scoped id are known (the captured raw body)', async () => {
    const bytes = new TextEncoder().encode('{"object":"whatsapp_business_account","entry":[{"id":"952399544271620","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15556393799","phone_number_id":"1025723653965602"},"contacts":[{"profile":{"name":"Carlos Polanco"},"wa_id":"51920155032","user_id":"PE.967744529547245"}],"messages":[{"from":"51920155032","from_user_id":"PE.967744529547245","id":"wamid.HBgLNTE5MjAxNTUwMzIVAgASGCBBQ0Y5NUJBQkZDRkJDM0NCMjdCNDk4MDQwRjhFRkJGNgA=","timestamp":"1778766865","type":"image","image":{"caption":"Hola quiero un caf\\u00e9","mime_type":"image\\/jpeg","sha256":"HCaHabZ6gVq4V\\/SPmMzBTWkoEUI8NgjfVshSveeWM3c=","id":"27251809591111687","url":"https:\\/\\/lookaside.fbsbx.com\\/whatsapp_business\\/attachments\\/?mid=27251809591111687&source=webhook&ext=1778767167&hash=ARkmzY3OC-p0F9jJeqlf0KxeMiqXaSp1p4Om4x3WbooRFw"}}]},"field":"messages"}]}]}');
    const { response, events } = await adapter.handleWebhook(post(bytes, 'sha256=338df3b12f3c7722d60ab87b048e4aca1b951c036cb7f34cca3ccfb4969b59e0'));
    expect(response.status).toBe(200);
    expect(events[0]).toMatchObject({
      accountId: '1025723653965602',
      from: { name: 'Carlos Polanco', addresses: [{ kind: 'phone', value: '+51920155032' }, { kind: 'whatsapp_bsuid', value: 'PE.967744529547245' }] },
      content: { type: 'media', text: 'Hola quiero un café', attachments: [{ kind: 'image', mimeType: 'image/jpeg' }] },
    });
  });

  it('takes the business-scoped id from contacts[] when the message carries only the phone', async () => {
    const payload = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' },
      contacts: [{ profile: { name: 'Ana' }, wa_id: '16505551234', user_id: 'US.13491208655302741918' }],
      messages: [{ from: '16505551234', id: 'wamid.C1', timestamp: '1749416383', type: 'text', text: { body: 'hola' } }] } }] }] };
    const { events } = await adapter.handleWebhook(sim.webhookRequest(payload));
    expect(events[0]).toMatchObject({ from: { name: 'Ana', addresses: [{ kind: 'phone', value: '+16505551234' }, { kind: 'whatsapp_bsuid', value: 'US.13491208655302741918' }] } });
  });

  it('reports a template event it does not know as an alert rather than dropping it', async () => {
    const payload = { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', time: 1751247548, changes: [{ field: 'message_template_status_update', value: {
      event: 'SOMETHING_NEW', message_template_id: 1, message_template_name: 'x', message_template_language: 'en' } }] }] };
    const { events } = await adapter.handleWebhook(sim.webhookRequest(payload));
    expect(events).toMatchObject([{ type: 'account.alert', code: 'WHATSAPP_UNKNOWN_TEMPLATE_EVENT' }]);
  });

  it('answers 405 for other methods', async () => {
    const { response } = await adapter.handleWebhook(new Request(WEBHOOK_URL, { method: 'PUT', body: 'x' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });

  it('answers 413 above the configured size, before verifying or parsing', async () => {
    const small = createWhatsAppAdapter(baseConfig({ webhookMaxBytes: 1024 }));
    const body = fixtureBytes('whatsapp/inbound-text-from-ad.json');
    expect(body.byteLength).toBeGreaterThan(1024);
    expect((await small.handleWebhook(post(body))).response.status).toBe(413);
  });

  it('accepts a ~3 MB batch under the default limit and yields every item', async () => {
    const messages = Array.from({ length: 1000 }, (_, i) => ({ from: '16505551234', id: `wamid.BIG${i}`, timestamp: '1749416383', type: 'text', text: { body: 'x'.repeat(2900) } }));
    const payload = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' }, messages } }] }] };
    const body = metaJson(payload);
    expect(body.length).toBeGreaterThan(2_900_000);
    const { response, events } = await adapter.handleWebhook(post(body));
    expect(response.status).toBe(200);
    expect(events).toHaveLength(1000);
  });

  it('answers 400 for an authentic body that is not JSON or not a WhatsApp envelope', async () => {
    for (const body of ['not json', '{"object":"page","entry":[]}', '[]', '{"object":"whatsapp_business_account"}']) {
      const { response, events } = await adapter.handleWebhook(post(body));
      expect(response.status).toBe(400);
      expect(events).toEqual([]);
    }
  });

  it('yields every item of a batch: 2 entries × 2 changes × 3 messages = 12 events, in order', async () => {
    let n = 0;
    const change = () => ({
      field: 'messages',
      value: {
        messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' },
        messages: [0, 1, 2].map(() => ({ from: '16505551234', id: `wamid.B${n++}`, timestamp: '1749416383', type: 'text', text: { body: `m${n}` } })),
      },
    });
    const payload = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [change(), change()] }, { id: '1', changes: [change(), change()] }] };
    const { events } = await adapter.handleWebhook(sim.webhookRequest(payload));
    expect(events.map((e) => (e.type === 'message.received' ? e.providerMessageId : e.type))).toEqual(Array.from({ length: 12 }, (_, i) => `wamid.B${i}`));
  });

  it('keeps the good items of a batch and reports a malformed one as an alert instead of failing the batch', async () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' },
        messages: [
          { from: '16505551234', id: 'wamid.OK1', timestamp: '1749416383', type: 'text', text: { body: 'one' } },
          { from: '16505551234', timestamp: 'yesterday', type: 'text' },
          { from: '16505551234', id: 'wamid.OK2', timestamp: '1749416384', type: 'order', order: { catalog_id: '1' } },
        ],
        statuses: [{ id: 'wamid.S', status: 'exploded', timestamp: '1' }],
      } }] }],
    };
    const { response, events } = await adapter.handleWebhook(sim.webhookRequest(payload));
    expect(response.status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['message.received', 'account.alert', 'message.received', 'account.alert']);
    expect(events[2]).toMatchObject({ content: { type: 'unsupported', providerType: 'order' } });
    expect(events[1]).toMatchObject({ code: 'WHATSAPP_MALFORMED_ITEM' });
  });

  it('maps a failed status with 131050 to a status and a marketing opt-out', async () => {
    const payload = sim.statuses('wamid.X', ['failed'], { error: { code: 131050, details: 'User opted out of marketing messages' } })[0];
    const withRecipient = JSON.parse(JSON.stringify(payload).replace('"status":"failed"', '"status":"failed","recipient_id":"16505551234"')) as Record<string, unknown>;
    const { events } = await adapter.handleWebhook(sim.webhookRequest(withRecipient));
    expect(events.map((e) => e.type)).toEqual(['message.status', 'consent.changed']);
    expect(events[1]).toMatchObject({ purpose: 'marketing', status: 'opted_out', providerCode: 131050, contact: { kind: 'phone', value: '+16505551234' } });
  });

  it('reads both template category update shapes (impending and completed)', async () => {
    const impending = { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', time: 1746082800, changes: [{ field: 'template_category_update', value: {
      message_template_id: 278077987957091, message_template_name: 'welcome_template', message_template_language: 'en-US',
      new_category: 'UTILITY', correct_category: 'MARKETING', category_update_timestamp: 1746169200 } }] }] };
    const { events } = await adapter.handleWebhook(sim.webhookRequest(impending));
    expect(events[0]).toMatchObject({ type: 'template.category_changed', stage: 'impending', previousCategory: 'UTILITY', newCategory: 'MARKETING', effectiveAt: 1_746_169_200_000 });
  });

  it('gives a redelivered item the same dedupe key and distinct statuses of one message distinct keys', async () => {
    const payloads = sim.statuses('wamid.D', ['sent', 'delivered', 'read'], { duplicates: 1 });
    const keys: string[] = [];
    for (const p of payloads) keys.push(...(await adapter.handleWebhook(sim.webhookRequest(p))).events.map((e) => e.dedupeKey));
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(3);
  });

  it('never throws and answers 4xx with no events for arbitrary bodies with arbitrary signature headers', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.option(fc.string({ maxLength: 80 }), { nil: null }), async (bytes, header) => {
      const { response, events } = await adapter.handleWebhook(post(bytes, header));
      return response.status >= 400 && response.status < 500 && events.length === 0;
    }), { numRuns: 200 });
  });

  it('never throws for arbitrary JSON that is correctly signed: 200 with events or 400 with none', async () => {
    const anyJson = fc.jsonValue({ maxDepth: 6 });
    const envelopeLike = fc.record({ object: fc.constant('whatsapp_business_account'), entry: fc.array(fc.record({ id: fc.string(), changes: fc.array(fc.record({ field: fc.constantFrom('messages', 'message_template_status_update', 'template_category_update', 'message_template_quality_update', 'other'), value: anyJson })) })) });
    await fc.assert(fc.asyncProperty(fc.oneof(anyJson, envelopeLike), async (value) => {
      const { response, events } = await adapter.handleWebhook(sim.webhookRequest(value as Record<string, unknown>));
      return (response.status === 200) || (response.status === 400 && events.length === 0);
    }), { numRuns: 200 });
  });
});
