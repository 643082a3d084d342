import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWhatsAppAdapter } from '../../../../src/channels/whatsapp/index.js';
import { createWhatsAppSimulator } from '../../../../src/testing/whatsapp.js';
import { createVirtualClock } from '../../../../src/core/clock.js';
import { isSwitchboardError } from '../../../../src/core/errors.js';
import type { SwitchboardError } from '../../../../src/core/errors.js';
import { ACCESS_TOKEN, APP_SECRET, baseConfig, outbound, simulated } from './helpers.js';

const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterEach(() => { server.resetHandlers(); });
afterAll(() => { server.close(); });

async function rejection(promise: Promise<unknown>): Promise<SwitchboardError> {
  try { await promise; } catch (error) { if (isSwitchboardError(error)) return error; throw error; }
  throw new Error('expected a rejection');
}

describe('WhatsApp send against the simulator', () => {
  it('sends a text inside the window and returns the wamid the simulator assigned', async () => {
    const { sim, adapter } = simulated(server);
    sim.inbound({ from: '16505551234', text: 'Hi' });
    const message = outbound({ type: 'text', text: 'Hello!', previewUrl: false });
    const result = await adapter.send(message);
    expect(sim.sent).toHaveLength(1);
    expect(result.providerMessageId).toBe(sim.sent[0]?.wamid);
    expect(sim.sent[0]?.bizOpaqueCallbackData).toBe(message.messageId);
    expect(sim.requests[0]?.headers.authorization).toBe('Bearer [REDACTED]');
    expect(sim.requests[0]?.path).toBe('/v25.0/106540352242922/messages');
  });

  it('refuses a free-form message outside the window as WHATSAPP_WINDOW_CLOSED with remedy "template", without retrying', async () => {
    const { sim, adapter } = simulated(server);
    const error = await rejection(adapter.send(outbound({ type: 'text', text: 'Hello?' })));
    expect(error).toMatchObject({ code: 'WHATSAPP_WINDOW_CLOSED', remedy: 'template', retryable: false, providerCode: 131047, provider: 'whatsapp' });
    expect(sim.requests).toHaveLength(1);
  });

  it('the simulator keeps the window open for exactly 24 h after the customer\'s last message', async () => {
    const clock = createVirtualClock(Date.parse('2026-01-01T00:00:00Z'));
    const { sim, adapter } = simulated(server, { sim: { clock }, adapter: { clock } });
    sim.inbound({ from: '16505551234', text: 'Hi' });
    clock.advance(24 * 3_600_000 - 1);
    await adapter.send(outbound({ type: 'text', text: 'just in time' }));
    clock.advance(1);
    expect((await rejection(adapter.send(outbound({ type: 'text', text: 'too late' })))).code).toBe('WHATSAPP_WINDOW_CLOSED');
    sim.inbound({ from: '16505551234', text: 'back again' });
    await adapter.send(outbound({ type: 'text', text: 'reopened' }));
    expect(sim.sent).toHaveLength(2);
  });

  it('sends an approved template outside the window, with header, named body and buttons', async () => {
    const { sim, adapter } = simulated(server, { sim: { templates: [{ name: 'order_shipped', language: 'en_US', status: 'APPROVED' }] } });
    await adapter.send(outbound({ type: 'template', name: 'order_shipped', language: 'en_US', parameters: { first_name: 'Ivan' } }, {
      template: {
        name: 'order_shipped', language: 'en_US',
        header: { type: 'document', mediaId: '555', filename: 'invoice.pdf' },
        body: { first_name: 'Ivan', order: '#42' },
        buttons: [{ index: 0, subType: 'url', parameter: 'track/42' }, { index: 1, subType: 'copy_code', parameter: 'SAVE10' }, { index: 2, subType: 'quick_reply', parameter: 'STOP' }],
      },
    }));
    expect(sim.sent[0]?.body.template).toEqual({
      name: 'order_shipped', language: { code: 'en_US' },
      components: [
        { type: 'header', parameters: [{ type: 'document', document: { id: '555', filename: 'invoice.pdf' } }] },
        { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ivan' }, { type: 'text', parameter_name: 'order', text: '#42' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'track/42' }] },
        { type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] },
        { type: 'button', sub_type: 'quick_reply', index: '2', parameters: [{ type: 'payload', payload: 'STOP' }] },
      ],
    });
  });

  it('reports a template that is not approved as WHATSAPP_TEMPLATE_ERROR', async () => {
    const { adapter } = simulated(server, { sim: { templates: [{ name: 'promo', language: 'en', status: 'PAUSED' }] } });
    const error = await rejection(adapter.send(outbound({ type: 'template', name: 'promo', language: 'en', parameters: [] })));
    expect(error).toMatchObject({ code: 'WHATSAPP_TEMPLATE_ERROR', providerCode: 132001, retryable: false });
  });

  it('sends up to five attachments as separate messages in order; the text rides as the first caption; only the first quotes the reply', async () => {
    const { sim, adapter } = simulated(server);
    sim.openWindow('+16505551234');
    const result = await adapter.send(outbound({
      type: 'media', text: 'Your documents',
      attachments: [
        { kind: 'image', mediaId: 'm1' },
        { kind: 'document', url: 'https://files.test/b.pdf', filename: 'b.pdf', caption: 'Contract' },
        { kind: 'audio', mediaId: 'm3' },
        { kind: 'video', mediaId: 'm4' },
        { kind: 'sticker', mediaId: 'm5' },
      ],
    }, { replyTo: 'wamid.IN' }));
    expect(sim.sent.map((m) => m.type)).toEqual(['image', 'document', 'audio', 'video', 'sticker']);
    expect(sim.sent[0]?.body).toMatchObject({ image: { id: 'm1', caption: 'Your documents' }, context: { message_id: 'wamid.IN' } });
    expect(sim.sent[1]?.body).toMatchObject({ document: { link: 'https://files.test/b.pdf', filename: 'b.pdf', caption: 'Contract' } });
    expect(sim.sent.slice(1).every((m) => m.body.context === undefined)).toBe(true);
    expect([result.providerMessageId, ...(result.additionalProviderMessageIds ?? [])]).toEqual(sim.sent.map((m) => m.wamid));
  });

  it('sends the text first when it cannot be a caption (audio first)', async () => {
    const { sim, adapter } = simulated(server);
    sim.openWindow('+16505551234');
    await adapter.send(outbound({ type: 'media', text: 'Listen', attachments: [{ kind: 'audio', mediaId: 'a1' }] }));
    expect(sim.sent.map((m) => m.type)).toEqual(['text', 'audio']);
  });

  it('keeps the ids of the parts already sent when a later part fails', async () => {
    const { sim, adapter } = simulated(server);
    sim.openWindow('+16505551234');
    sim.failNext({ code: 131053, details: 'Media upload error' }, { after: 1 });
    const error = await rejection(adapter.send(outbound({ type: 'media', attachments: [{ kind: 'image', mediaId: 'a' }, { kind: 'image', mediaId: 'b' }] })));
    expect(error).toMatchObject({ code: 'WHATSAPP_INVALID_REQUEST', retryable: false, details: { partial: true, sentProviderMessageIds: [sim.sent[0]?.wamid] } });
    expect(sim.sent).toHaveLength(1);
  });

  it('sends to a business-scoped user id with "recipient" instead of "to"', async () => {
    const { sim, adapter } = simulated(server);
    sim.inbound({ userId: 'US.13491208655302741918', text: 'hi' });
    await adapter.send(outbound({ type: 'text', text: 'Hello' }, { to: { kind: 'whatsapp_bsuid', value: 'US.13491208655302741918' } }));
    expect(sim.sent[0]?.body).toMatchObject({ recipient: 'US.13491208655302741918' });
    expect(sim.sent[0]?.body.to).toBeUndefined();
  });

  it('refuses what WhatsApp cannot carry before any request, naming the field', async () => {
    const { sim, adapter } = simulated(server);
    const cases = [
      [outbound({ type: 'text', text: 'x'.repeat(4097) }), 'content.text'],
      [outbound({ type: 'text', text: 'x' }, { to: { kind: 'vk_user', value: '1' } }), 'to.kind'],
      [outbound({ type: 'interactive_reply', replyId: 'a', title: 'b' }), 'content.type'],
      [outbound({ type: 'media', attachments: [{ kind: 'audio', mediaId: 'a', caption: 'no' }] }), 'content.attachments[0].caption'],
    ] as const;
    for (const [message, field] of cases) {
      expect(await rejection(adapter.send(message))).toMatchObject({ code: 'WHATSAPP_INVALID_MESSAGE', field });
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('retries a throughput error (130429) and succeeds without duplicating the message', async () => {
    const { sim, adapter } = simulated(server);
    sim.openWindow('+16505551234');
    sim.failNext('rate_limit', { times: 2 });
    const result = await adapter.send(outbound({ type: 'text', text: 'eventually' }));
    expect(sim.requests).toHaveLength(3);
    expect(sim.sent).toHaveLength(1);
    expect(result.providerMessageId).toBe(sim.sent[0]?.wamid);
  });

  it('does not retry a timed-out send: SEND_OUTCOME_UNKNOWN, one request, and the message did reach Meta', async () => {
    const { sim, adapter } = simulated(server, { adapter: { timeoutMs: 50 } });
    sim.openWindow('+16505551234');
    sim.failNext('timeout');
    const message = outbound({ type: 'text', text: 'maybe' });
    const error = await rejection(adapter.send(message));
    expect(error).toMatchObject({ code: 'SEND_OUTCOME_UNKNOWN', retryable: false, provider: 'whatsapp' });
    expect(sim.requests).toHaveLength(1);
    // The status webhook reconciles it by our id even though the send never answered.
    const [status] = sim.statuses(sim.sent[0]!, ['sent']);
    const { events } = await adapter.handleWebhook(sim.webhookRequest(status!));
    expect(events[0]).toMatchObject({ type: 'message.status', status: 'sent', messageId: message.messageId, providerMessageId: sim.sent[0]?.wamid });
  });

  it('treats a lost connection on a send as SEND_OUTCOME_UNKNOWN and never resends it', async () => {
    const { sim, adapter } = simulated(server);
    sim.openWindow('+16505551234');
    sim.failNext('network');
    expect((await rejection(adapter.send(outbound({ type: 'text', text: 'a' })))).code).toBe('SEND_OUTCOME_UNKNOWN');
    expect(sim.requests).toHaveLength(1);
  });

  it('retries a Graph 131000 and a 503 without a Graph body (Meta did not take the message)', async () => {
    const { sim, adapter } = simulated(server);
    sim.openWindow('+16505551234');
    sim.failNext('server_error');
    sim.failNext('gateway');
    await adapter.send(outbound({ type: 'text', text: 'b' }));
    expect(sim.requests).toHaveLength(3);
    expect(sim.sent).toHaveLength(1);
  });

  it('surfaces the pair limit as a retryable RATE_LIMITED instead of waiting past pairMaxWaitMs', async () => {
    const clock = createVirtualClock(Date.parse('2026-01-01T00:00:00Z'));
    const { sim, adapter } = simulated(server, { sim: { clock }, adapter: { clock, rateLimit: { pair: { tokens: 2, intervalMs: 12_000 }, pairMaxWaitMs: 0 } } });
    sim.openWindow('+16505551234');
    await adapter.send(outbound({ type: 'text', text: '1' }));
    await adapter.send(outbound({ type: 'text', text: '2' }));
    const error = await rejection(adapter.send(outbound({ type: 'text', text: '3' })));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    // One pair slot (6 s) less the few ms the per-number pacing already let pass.
    expect((error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(5_900);
    expect((error as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(6_000);
    expect(sim.sent).toHaveLength(2);
    // Another recipient is not slowed down by this one's pair limit.
    sim.openWindow('+16505550000');
    await adapter.send(outbound({ type: 'text', text: 'other' }, { to: { kind: 'phone', value: '+16505550000' } }));
    expect(sim.sent).toHaveLength(3);
  });

  it('paces sends to the configured rate: no one-second window carries more than perSecond messages', async () => {
    const clock = createVirtualClock(Date.parse('2026-01-01T00:00:00Z'));
    const { sim, adapter } = simulated(server, { sim: { clock }, adapter: { clock, rateLimit: { perSecond: 80, pair: { tokens: 45, intervalMs: 1_000 }, pairMaxWaitMs: 60_000 } } });
    const recipients = Array.from({ length: 200 }, (_, i) => `+165055${String(10_000 + i)}`);
    for (const to of recipients) sim.openWindow(to);
    for (const to of recipients) await adapter.send(outbound({ type: 'text', text: 'Your order shipped' }, { to: { kind: 'phone', value: to } }));
    const times = sim.sent.map((m) => m.at);
    const busiest = Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 1_000).length));
    expect(sim.sent).toHaveLength(200);
    // A full bucket of 80 would let ~160 through in the first second, and Meta answers 130429.
    expect(busiest).toBeLessThanOrEqual(80);
  });

  it('waits for the pair limit when allowed, spacing messages to one user', async () => {
    const clock = createVirtualClock(Date.parse('2026-01-01T00:00:00Z'));
    const slept: number[] = [];
    const sleep = (ms: number): Promise<void> => { slept.push(ms); clock.advance(ms); return Promise.resolve(); };
    const { sim, adapter } = simulated(server, { sim: { clock }, adapter: { clock, sleep, rateLimit: { pair: { tokens: 1, intervalMs: 6_000 }, pairMaxWaitMs: 6_000 } } });
    sim.openWindow('+16505551234');
    for (let i = 0; i < 3; i++) await adapter.send(outbound({ type: 'text', text: String(i) }));
    // Two pair waits of about one slot each (the per-number pacing adds waits of ~13 ms).
    const pairWaits = slept.filter((ms) => ms >= 1_000);
    expect(pairWaits).toHaveLength(2);
    for (const ms of pairWaits) expect(Math.abs(ms - 6_000)).toBeLessThan(50);
    const gaps = sim.sent.slice(1).map((m, i) => m.at - (sim.sent[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(6_000);
  });

  it('classifies a pair-rate error from Meta (131056) as retryable after one slot', async () => {
    const { sim, adapter } = simulated(server, { adapter: { retry: { retries: 0 } } });
    sim.openWindow('+16505551234');
    sim.failNext({ code: 131056 });
    expect(await rejection(adapter.send(outbound({ type: 'text', text: 'x' })))).toMatchObject({ code: 'WHATSAPP_PAIR_RATE_LIMITED', retryable: true, retryAfterMs: 6_000 });
  });

  it('reports an invalid token as WHATSAPP_AUTH_FAILED without leaking it', async () => {
    const { adapter } = simulated(server, { adapter: { accessToken: 'EAAGwrongtoken000000000000000000000' } });
    const error = await rejection(adapter.send(outbound({ type: 'text', text: 'x' })));
    expect(error).toMatchObject({ code: 'WHATSAPP_AUTH_FAILED', remedy: 'refresh_token', providerCode: 190 });
    expect(JSON.stringify(error)).not.toContain('EAAGwrongtoken');
    expect(JSON.stringify(error)).not.toContain(ACCESS_TOKEN);
  });

  it('marks a received message as read, with a typing indicator', async () => {
    const { sim, adapter } = simulated(server);
    const { wamid } = sim.inbound({ from: '16505551234', text: 'Hi' });
    await adapter.markRead(wamid, { typing: true });
    expect(sim.markedRead).toEqual([wamid]);
    expect(sim.requests[0]?.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: wamid, typing_indicator: { type: 'text' } });
  });

  it('uses a BSP base URL and auth header when configured', async () => {
    const sim = createWhatsAppSimulator({ baseUrl: 'https://waba.bsp.test/graph' });
    server.use(...sim.handlers);
    const adapter = createWhatsAppAdapter(baseConfig({ baseUrl: 'https://waba.bsp.test/graph', graphVersion: 'v24.0', authHeader: { name: 'D360-API-KEY', value: 'bsp-key-123456' } }));
    sim.openWindow('+16505551234');
    await adapter.send(outbound({ type: 'text', text: 'via BSP' }));
    expect(sim.requests[0]).toMatchObject({ url: 'https://waba.bsp.test/graph/v24.0/106540352242922/messages', headers: { 'd360-api-key': 'bsp-key-123456' } });
    expect(sim.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('signs its webhooks with the configured app secret', () => {
    const { sim } = simulated(server);
    expect(sim.appSecret).toBe(APP_SECRET);
  });
});
