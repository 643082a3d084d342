import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../../src/core/clock.js';
import { createVkSimulator } from '../../../../src/testing/vk.js';
import type { VkSimulator } from '../../../../src/testing/vk.js';
import { useMswServer, vkWorld } from './helpers.js';

const server = useMswServer();

async function send(sim: VkSimulator, params: Record<string, string>): Promise<{ response?: unknown; error?: { error_code: number } }> {
  const body = new URLSearchParams({ access_token: sim.accessToken, v: '5.199', message: 'hi', ...params });
  const response = await fetch(`${sim.baseUrl}/messages.send`, { method: 'POST', body });
  return response.json() as Promise<{ response?: unknown; error?: { error_code: number } }>;
}

describe('createVkSimulator: messages.send as VK documents it', () => {
  it('the same random_id in the same dialog within an hour returns the same message; later, another dialog or another id is new', async () => {
    const clock = createVirtualClock(0);
    const sim = createVkSimulator({ clock, allowedUsers: [1, 2] });
    server.use(...sim.handlers);
    expect(await send(sim, { peer_id: '1', random_id: '77' })).toEqual({ response: 1 });
    expect(await send(sim, { peer_id: '1', random_id: '77' })).toEqual({ response: 1 });
    expect(await send(sim, { peer_id: '2', random_id: '77' })).toEqual({ response: 2 });
    expect(await send(sim, { peer_id: '1', random_id: '78' })).toEqual({ response: 3 });
    clock.advance(3_600_000);
    expect(await send(sim, { peer_id: '1', random_id: '77' })).toEqual({ response: 4 });
    expect(sim.sent).toHaveLength(4);
  });

  it('only the last 100 messages of a dialog are checked for a repeated random_id', async () => {
    const sim = createVkSimulator({ clock: createVirtualClock(0), allowedUsers: [1], rateLimitPerSecond: 1000 });
    server.use(...sim.handlers);
    await send(sim, { peer_id: '1', random_id: '1' });
    for (let i = 2; i <= 101; i++) await send(sim, { peer_id: '1', random_id: String(i) });
    expect(await send(sim, { peer_id: '1', random_id: '1' })).toEqual({ response: 102 });
  });

  it('refuses like VK: 901 before permission, 100 without random_id, 914 above 4096 characters, 5 for another token', async () => {
    const sim = createVkSimulator({ clock: createVirtualClock(0), allowedUsers: [1] });
    server.use(...sim.handlers);
    expect((await send(sim, { peer_id: '9', random_id: '1' })).error?.error_code).toBe(901);
    expect((await send(sim, { peer_id: '1' })).error?.error_code).toBe(100);
    expect((await send(sim, { peer_id: '1', random_id: '2', message: 'x'.repeat(4097) })).error?.error_code).toBe(914);
    expect((await send(sim, { peer_id: '1', random_id: '3', access_token: 'other-token' })).error?.error_code).toBe(5);
    expect(sim.sent).toHaveLength(0);
  });

  it('injects the same faults for the same seed', async () => {
    const outcomes = async (seed: number) => {
      const sim = createVkSimulator({ clock: createVirtualClock(0), allowedUsers: [1], seed, rateLimitPerSecond: 1000, faults: { rate: 0.5, kinds: [{ error: 10 }, 'http_500'] } });
      server.use(...sim.handlers);
      for (let i = 1; i <= 20; i++) await send(sim, { peer_id: '1', random_id: String(i) }).catch(() => undefined);
      server.resetHandlers();
      return sim.calls.map((c) => c.outcome);
    };
    const a = await outcomes(42);
    expect(await outcomes(42)).toEqual(a);
    expect(a).toContain(10);
    expect(a).toContain('ok');
  });
});

describe('createVkSimulator: Callback API events', () => {
  it('builds events signed with the secret that the adapter accepts, and unsigned ones it refuses', async () => {
    const { sim, adapter } = vkWorld(server);
    const event = sim.userWrites(100, 'Hello');
    const accepted = await adapter.handleWebhook(sim.callbackRequest(event));
    expect(await accepted.response.text()).toBe('ok');
    expect(accepted.events[0]).toMatchObject({ type: 'message.received', dedupeKey: `vk:${sim.groupId}:${event.event_id}` });
    const refused = await adapter.handleWebhook(sim.callbackRequest(sim.events.unsigned(event)));
    expect(refused.response.status).toBe(403);
    const confirmation = await adapter.handleWebhook(sim.callbackRequest(sim.events.confirmation()));
    expect(await confirmation.response.text()).toBe(sim.confirmation);
  });

  it('re-deliveries repeat the body and event_id with X-Retry-Counter 1, 2, ... so the host dedupes them', async () => {
    const { sim, adapter } = vkWorld(server);
    const event = sim.events.button({ userId: 5, payload: { action: 'buy' } });
    const results = await Promise.all(sim.callbackDeliveries(event, 3).map((r) => adapter.handleWebhook(r)));
    expect(results.map((r) => r.retryCount)).toEqual([undefined, 1, 2]);
    expect(new Set(results.map((r) => r.events[0]?.dedupeKey)).size).toBe(1);
    expect(results[0]!.events[0]).toMatchObject({ type: 'interaction', kind: 'callback_button', payload: '{"action":"buy"}' });
  });

  it('builders cover every event the adapter normalizes', async () => {
    const { sim, adapter } = vkWorld(server);
    const events = [
      sim.events.messageNew({ fromId: 1, text: 'a' }), sim.events.messageReply({ peerId: 1, text: 'b', id: 2 }),
      sim.events.messageEdit({ fromId: 1, text: 'c' }), sim.events.messageAllow(1), sim.events.messageDeny(1), sim.events.typing(1),
      sim.events.button({ userId: 1 }),
    ];
    const types = [];
    for (const event of events) types.push(...(await adapter.handleWebhook(sim.callbackRequest(event))).events.map((e) => e.type));
    expect(types).toEqual(['message.received', 'message.echo', 'message.edited', 'consent.changed', 'consent.changed', 'interaction', 'interaction']);
  });
});
