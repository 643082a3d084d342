import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../../../../src/core/errors.js';
import { createWhatsAppSimulator } from '../../../../src/testing/whatsapp.js';
import { outbound, simulated } from './helpers.js';

const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterEach(() => { server.resetHandlers(); });
afterAll(() => { server.close(); });

async function outcomes(seed: number): Promise<string[]> {
  const { sim, adapter } = simulated(server, { sim: { seed, faults: { rate: 0.5, kinds: ['rate_limit', 'server_error', 'error_body', 'gateway'] }, enforceWindow: false }, adapter: { retry: { retries: 0 } } });
  const out: string[] = [];
  for (let i = 0; i < 20; i++) {
    try {
      await adapter.send(outbound({ type: 'text', text: `m${i}` }, { to: { kind: 'phone', value: `+1650555${String(1000 + i)}` } }));
      out.push('ok');
    } catch (error) {
      out.push(isSwitchboardError(error) ? error.code : 'non-typed');
    }
  }
  expect(sim.requests).toHaveLength(20);
  return out;
}

describe('WhatsApp simulator', () => {
  it('injects the same faults for the same seed, and only typed errors come out', async () => {
    const a = await outcomes(7);
    const b = await outcomes(7);
    expect(a).toEqual(b);
    expect(a).toContain('ok');
    expect(a.some((o) => o !== 'ok')).toBe(true);
    expect(a).not.toContain('non-typed');
  });

  it('enforces throughput (130429) like the real API', async () => {
    const { sim, adapter } = simulated(server, { sim: { rateLimit: { perSecond: 3 }, enforceWindow: false }, adapter: { retry: { retries: 0 }, rateLimit: { perSecond: 1000 } } });
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => adapter.send(outbound({ type: 'text', text: 'x' }, { to: { kind: 'phone', value: `+1650555${String(2000 + i)}` } }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r).reason as { code: string }).map((e) => e.code)).toEqual(['WHATSAPP_RATE_LIMITED', 'WHATSAPP_RATE_LIMITED']);
    expect(sim.sent).toHaveLength(3);
  });

  it('produces status sequences in any order with duplicates, all carrying our message id', () => {
    const sim = createWhatsAppSimulator({ seed: 3 });
    sim.openWindow('+16505551234');
    const fake = { wamid: 'wamid.Z', to: '+16505551234', type: 'text', body: {}, at: 0, bizOpaqueCallbackData: 'msg_1' };
    const payloads = sim.statuses(fake, ['sent', 'delivered', 'read'], { order: 'reversed', duplicates: 1 });
    const statuses = payloads.map((p) => JSON.stringify(p).match(/"status":"(\w+)"/)?.[1]);
    expect(statuses).toEqual(['read', 'read', 'delivered', 'delivered', 'sent', 'sent']);
    expect(payloads.every((p) => JSON.stringify(p).includes('"biz_opaque_callback_data":"msg_1"'))).toBe(true);
  });

  it('signs webhooks the adapter accepts, with Meta-style escaping of non-ASCII and slashes', async () => {
    const { sim, adapter } = simulated(server);
    const { payload } = sim.inbound({ from: '16505551234', text: 'Café / 👍', name: 'Иван' });
    const request = sim.webhookRequest(payload);
    const raw = await request.clone().text();
    expect(raw).toContain('Caf\\u00e9 \\/ \\ud83d\\udc4d');
    expect(raw).not.toMatch(/[^\x20-\x7e]/);
    const { events } = await adapter.handleWebhook(request);
    expect(events[0]).toMatchObject({ type: 'message.received', content: { type: 'text', text: 'Café / 👍' }, from: { name: 'Иван' } });
  });

  it('delivers to a host handler that returns a Response or a WebhookResult', async () => {
    const { sim, adapter } = simulated(server);
    const { payload } = sim.inbound({ from: '16505551234', text: 'hi' });
    const [a] = await sim.deliverWebhook((r) => adapter.handleWebhook(r), payload);
    const [b] = await sim.deliverWebhook(async (r) => (await adapter.handleWebhook(r)).response, payload);
    expect([a?.status, b?.status]).toEqual([200, 200]);
  });
});
