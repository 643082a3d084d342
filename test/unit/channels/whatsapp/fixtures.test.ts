import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../../../src/channels/adapter.js';
import { createWhatsAppAdapter } from '../../../../src/channels/whatsapp/index.js';
import { classifyGraphResponse } from '../../../../src/channels/whatsapp/whatsapp-adapter.js';
import { buildSendBodies, markReadBody } from '../../../../src/channels/whatsapp/send-payload.js';
import { baseConfig, fixtureJson, fixtureRequest, outbound, whatsappFixtureNames } from './helpers.js';

const adapter = createWhatsAppAdapter(baseConfig());

async function eventsOf(file: string): Promise<InboundEvent[]> {
  const result = await adapter.handleWebhook(fixtureRequest(`whatsapp/${file}`));
  expect(result.response.status).toBe(200);
  return result.events;
}

function only<T extends InboundEvent['type']>(events: InboundEvent[], type: T): Extract<InboundEvent, { type: T }> {
  expect(events).toHaveLength(1);
  const [event] = events;
  expect(event?.type).toBe(type);
  return event as Extract<InboundEvent, { type: T }>;
}

const WAMID_A = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
const WAMID_B = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=';

/** One expectation per shared fixture file; a new fixture without one fails the suite. */
const webhookExpectations: Record<string, (events: InboundEvent[]) => void> = {
  'inbound-text.json': (events) => {
    const e = only(events, 'message.received');
    expect(e).toMatchObject({
      channel: 'whatsapp', accountId: '106540352242922', providerMessageId: WAMID_A, timestamp: 1_749_416_383_000,
      content: { type: 'text', text: 'Does it come in another color?' }, refreshesWindow: true,
      from: { addresses: [{ kind: 'phone', value: '+16505551234' }], name: 'Sheena Nelson' },
      dedupeKey: `whatsapp:106540352242922:${WAMID_A}`,
    });
  },
  'inbound-text-from-ad.json': (events) => {
    const e = only(events, 'message.received');
    expect(e.referral).toMatchObject({ sourceType: 'ad', sourceId: '120226305854810726', sourceUrl: 'https://fb.me/3cr4Wqqkv', headline: 'Chat with us' });
    expect(e.referral?.ctwaClid).toMatch(/^Aff-n8ZTODiE79d22/);
    expect(e.content).toEqual({ type: 'text', text: 'Can I get more info about this?' });
  },
  'inbound-text-no-phone-bsuid.json': (events) => {
    const e = only(events, 'message.received');
    expect(e.from).toEqual({ addresses: [{ kind: 'whatsapp_bsuid', value: 'US.13491208655302741918' }], name: 'Sheena Nelson' });
  },
  'inbound-image.json': (events) => {
    const e = only(events, 'message.received');
    expect(e.content).toEqual({
      type: 'media', text: 'Taj Mahal',
      attachments: [{ kind: 'image', mediaId: '1003383421387256', mimeType: 'image/jpeg', caption: 'Taj Mahal', sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...' }],
    });
  },
  'inbound-document.json': (events) => {
    const e = only(events, 'message.received');
    expect(e.content).toMatchObject({ type: 'media', attachments: [{ kind: 'document', filename: 'receipt.pdf', mimeType: 'application/pdf', mediaId: '622684793477189' }] });
  },
  'inbound-button-reply.json': (events) => {
    const e = only(events, 'message.received');
    expect(e.content).toEqual({ type: 'interactive_reply', replyId: 'Unsubscribe', title: 'Unsubscribe' });
    expect(e.payload).toBe('Unsubscribe');
    expect(e.replyTo).toBe('wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=');
  },
  'inbound-interactive-button-reply.json': (events) => {
    const e = only(events, 'message.received');
    expect(e.content).toEqual({ type: 'interactive_reply', replyId: 'cancel-button', title: 'Cancel' });
  },
  'inbound-unsupported.json': (events) => {
    const e = only(events, 'message.received');
    expect(e.content).toEqual({ type: 'unsupported', providerType: 'edit', description: 'Message type is currently not supported.' });
    expect(e.providerMessageId).toBe(WAMID_B);
  },
  'status-sent.json': (events) => {
    const e = only(events, 'message.status');
    expect(e).toMatchObject({ status: 'sent', providerMessageId: WAMID_B, timestamp: 1_750_030_073_000, recipient: { kind: 'phone', value: '+16505551234' }, pricing: { billable: true, category: 'marketing', model: 'PMP' } });
    expect(e.dedupeKey).toBe(`whatsapp:106540352242922:${WAMID_B}:sent`);
  },
  'status-read.json': (events) => {
    const e = only(events, 'message.status');
    expect(e).toMatchObject({ status: 'read', providerMessageId: WAMID_B });
    expect(e.pricing).toBeUndefined();
  },
  'status-delivered.json': (events) => {
    const e = only(events, 'message.status');
    expect(e).toMatchObject({ status: 'delivered', pricing: { billable: true, category: 'service', model: 'CBP' } });
  },
  'status-failed-131049.json': (events) => {
    const e = only(events, 'message.status');
    expect(e.status).toBe('failed');
    expect(e.error).toMatchObject({ code: 'WHATSAPP_ENGAGEMENT_LIMIT', providerCode: 131049, retryable: true, provider: 'whatsapp' });
  },
  'status-failed-131047.json': (events) => {
    const e = only(events, 'message.status');
    expect(e.error).toEqual({ code: 'WHATSAPP_WINDOW_CLOSED', providerCode: 131047, retryable: false, provider: 'whatsapp', message: 'More than 24 hours have passed since the recipient last replied to the sender number.' });
  },
  'value-errors-130429.json': (events) => {
    const e = only(events, 'account.alert');
    expect(e).toMatchObject({ code: 'WHATSAPP_RATE_LIMITED', providerCode: 130429, accountId: '106540352242922' });
    expect(e.message).toContain('too many messages');
  },
  'template-status-approved.json': (events) => {
    const e = only(events, 'template.status_changed');
    expect(e).toEqual({
      type: 'template.status_changed', channel: 'whatsapp', accountId: '102290129340398', providerTemplateId: '1689556908129832',
      name: 'order_confirmation', language: 'en_US', status: 'approved', timestamp: 1_751_247_548_000,
      dedupeKey: 'whatsapp:102290129340398:tpl:1689556908129832:APPROVED:1751247548000',
    });
  },
  'template-status-rejected.json': (events) => {
    const e = only(events, 'template.status_changed');
    expect(e).toMatchObject({ status: 'rejected', name: 'abandoned_cart', language: 'en' });
    expect(e.reason).toMatch(/^Your template has parameters placed next to each other/);
  },
  'template-category-update-completed.json': (events) => {
    const e = only(events, 'template.category_changed');
    expect(e).toMatchObject({ stage: 'completed', previousCategory: 'UTILITY', newCategory: 'MARKETING', providerTemplateId: '278077987957091', name: 'welcome_template', language: 'en_US' });
  },
  'template-quality-update.json': (events) => {
    const e = only(events, 'template.quality_changed');
    expect(e).toMatchObject({ previousQuality: 'GREEN', newQuality: 'YELLOW', providerTemplateId: '806312974732579' });
  },
};

const messageId = 'msg_01JD0000000000000000000000';
/** Graph request/response fixtures: what our builders must produce, and how answers are read. */
const apiExpectations: Record<string, () => void> = {
  'send-request-text.json': () => {
    const [body] = buildSendBodies(outbound({ type: 'text', text: "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/", previewUrl: true }, { messageId: messageId as never }));
    expect(body).toEqual({ ...(fixtureJson('whatsapp/send-request-text.json') as object), biz_opaque_callback_data: messageId });
  },
  'send-request-template-positional.json': () => {
    const [body] = buildSendBodies(outbound({ type: 'template', name: 'order_confirmation', language: 'en_US', parameters: ['Jessica', 'SKBUP2-4CPIG9'] }, { messageId: messageId as never }));
    expect(body).toEqual({ ...(fixtureJson('whatsapp/send-request-template-positional.json') as object), biz_opaque_callback_data: messageId });
  },
  'send-request-template-named.json': () => {
    const [body] = buildSendBodies(outbound({ type: 'template', name: 'order_confirmation', language: 'en_US', parameters: { first_name: 'Jessica', order_number: 'SKBUP2-4CPIG9' } }, { messageId: messageId as never }));
    expect(body).toEqual({ ...(fixtureJson('whatsapp/send-request-template-named.json') as object), biz_opaque_callback_data: messageId });
  },
  'send-request-image-id.json': () => {
    const [body] = buildSendBodies(outbound({ type: 'media', attachments: [{ kind: 'image', mediaId: '1479537139650973', caption: 'The best succulent ever?' }] }, { messageId: messageId as never }));
    expect(body).toEqual({ ...(fixtureJson('whatsapp/send-request-image-id.json') as object), biz_opaque_callback_data: messageId });
  },
  'send-request-image-link.json': () => {
    const [body] = buildSendBodies(outbound({ type: 'media', attachments: [{ kind: 'image', url: 'https://www.luckyshrub.com/assets/succulents/aloe.png' }], text: 'The best succulent ever?' }, { messageId: messageId as never }));
    expect(body).toEqual({ ...(fixtureJson('whatsapp/send-request-image-link.json') as object), biz_opaque_callback_data: messageId });
  },
  'send-request-reply-context.json': () => {
    const [body] = buildSendBodies(outbound({ type: 'text', text: "You're welcome, Pablo!" }, { messageId: messageId as never, replyTo: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTdCNTg5RjY1MEMyRjlGMjRGNgA=' }));
    expect(body).toEqual({ ...(fixtureJson('whatsapp/send-request-reply-context.json') as object), biz_opaque_callback_data: messageId });
  },
  'send-request-mark-as-read.json': () => {
    expect(markReadBody('wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA', false)).toEqual(fixtureJson('whatsapp/send-request-mark-as-read.json'));
  },
  'send-request-typing-indicator.json': () => {
    expect(markReadBody('wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA', true)).toEqual(fixtureJson('whatsapp/send-request-typing-indicator.json'));
  },
  'send-response.json': () => {
    expect(classifyGraphResponse({ status: 200, headers: new Headers(), body: fixtureJson('whatsapp/send-response.json') })).toBeUndefined();
  },
  'send-response-mark-as-read.json': () => {
    expect(classifyGraphResponse({ status: 200, headers: new Headers(), body: fixtureJson('whatsapp/send-response-mark-as-read.json') })).toBeUndefined();
  },
  'error-response-130429.json': () => {
    const failure = classifyGraphResponse({ status: 400, headers: new Headers(), body: fixtureJson('whatsapp/error-response-130429.json') });
    expect(failure?.error).toMatchObject({ code: 'WHATSAPP_RATE_LIMITED', retryable: true, providerCode: 130429, traceId: 'Az8or2yhqkZfEZ-_4Qn_Bam', details: { subcode: 2494055, details: 'Cloud API message throughput has been reached.' } });
  },
  'error-response-100-parameter-name-missing.json': () => {
    const failure = classifyGraphResponse({ status: 400, headers: new Headers(), body: fixtureJson('whatsapp/error-response-100-parameter-name-missing.json') });
    expect(failure?.error).toMatchObject({ code: 'WHATSAPP_INVALID_REQUEST', retryable: false, providerCode: 100, remedy: 'fix_input', traceId: undefined });
    expect(failure?.error.message).toContain('Parameter name is missing or empty');
  },
};

describe('shared WhatsApp fixtures', () => {
  it('every fixture file has an expectation here', () => {
    expect(whatsappFixtureNames()).toEqual(Object.keys({ ...webhookExpectations, ...apiExpectations }).sort());
  });

  for (const [file, expectation] of Object.entries(webhookExpectations)) {
    it(`webhook ${file} verifies with its signature vector and normalizes`, async () => {
      expectation(await eventsOf(file));
    });
  }

  for (const [file, expectation] of Object.entries(apiExpectations)) {
    it(`Graph API ${file} matches what the adapter builds or reads`, () => { expectation(); });
  }
});
