import { describe, expect, it } from 'vitest';
import type { VkLongPollBatch } from '../../../../src/channels/vk/index.js';
import type { SwitchboardError } from '../../../../src/core/errors.js';
import { rejection, useMswServer, vkWorld } from './helpers.js';

const server = useMswServer();
const LP = { transport: 'longpoll' as const, longPoll: { wait: 1, minBackoffMs: 1, maxBackoffMs: 5 } };

/** Runs the loop until `until` says the collected batches are enough, then aborts it. */
async function pollUntil(world: ReturnType<typeof vkWorld>, until: (batches: VkLongPollBatch[]) => boolean, act?: () => void, extra: { startTs?: string; failBatches?: number; onError?: (e: SwitchboardError) => void } = {}) {
  const batches: VkLongPollBatch[] = [];
  const errors: SwitchboardError[] = [];
  const controller = new AbortController();
  let failures = extra.failBatches ?? 0;
  const done = world.adapter.poll({
    signal: controller.signal,
    ...(extra.startTs === undefined ? {} : { startTs: extra.startTs }),
    onError: (e) => { errors.push(e); extra.onError?.(e); },
    onEvents: (batch) => {
      if (failures > 0) { failures -= 1; throw new Error('store down'); }
      batches.push(batch);
      if (until(batches)) controller.abort();
    },
  });
  // Let the loop fetch its server before the scenario acts.
  await new Promise((r) => setTimeout(r, 20));
  act?.();
  await done;
  return { batches, errors, events: batches.flatMap((b) => b.events) };
}

describe('VK Bots Long Poll', () => {
  it('delivers the same normalized events as the Callback API, with event_id dedupe keys', async () => {
    const world = vkWorld(server, {}, LP);
    const { events } = await pollUntil(world, (b) => b.flatMap((x) => x.events).length >= 3, () => {
      world.sim.userWrites(100, 'Привет');
      world.sim.deny(100);
      world.sim.allow(100);
    });
    expect(events.map((e) => e.type)).toEqual(['consent.changed', 'message.received', 'consent.changed', 'consent.changed']);
    const message = events[1];
    expect(message).toMatchObject({ type: 'message.received', content: { type: 'text', text: 'Привет' }, from: { addresses: [{ kind: 'vk_user', value: '100' }] } });
    expect(message?.dedupeKey).toMatch(/^vk:232142875:[0-9a-f]{40}$/);
  });

  it('failed 2 (key expired): takes a new key and keeps its ts, so events queued meanwhile are not skipped', async () => {
    const world = vkWorld(server, {}, LP);
    const { events } = await pollUntil(world, (b) => b.flatMap((x) => x.events).some((e) => e.type === 'message.received'), () => {
      world.sim.expireLongPollKey();
      world.sim.userWrites(7, 'during key expiry');
    });
    expect(events.filter((e) => e.type === 'message.received')).toHaveLength(1);
    expect(world.sim.calls.filter((c) => c.method === 'groups.getLongPollServer')).toHaveLength(2);
  });

  it('failed 1 (history partly lost) continues from the new ts without asking for a new key', async () => {
    const world = vkWorld(server, {}, LP);
    const { events } = await pollUntil(world, (b) => b.flatMap((x) => x.events).some((e) => e.type === 'message.received'), () => {
      world.sim.allow(5); // lost together with the history
      world.sim.loseLongPollHistory();
      setTimeout(() => world.sim.userWrites(6, 'after the loss'), 30);
    });
    expect(events.map((e) => e.type === 'consent.changed' ? e.contact.value : e.type)).toEqual(['6', 'message.received']);
    expect(world.sim.calls.filter((c) => c.method === 'groups.getLongPollServer')).toHaveLength(1);
  });

  it('failed 3 (information lost) reports VK_LONG_POLL_GAP, takes a new key and ts (events in the gap are lost, as VK documents), and goes on', async () => {
    const world = vkWorld(server, {}, LP);
    const { events, errors } = await pollUntil(world, (b) => b.flatMap((x) => x.events).some((e) => e.type === 'message.received'), () => {
      world.sim.resetLongPoll();
      world.sim.userWrites(4, 'lost in the gap');
    }, { onError: (e) => { if (e.code === 'VK_LONG_POLL_GAP') world.sim.userWrites(5, 'after the reset'); } });
    expect(errors.map((e) => e.code)).toEqual(['VK_LONG_POLL_GAP']);
    const received = events.filter((e) => e.type === 'message.received');
    expect(received.map((e) => ('from' in e && 'addresses' in e.from ? e.from.addresses[0]?.value : undefined))).toEqual(['5']);
    expect(world.sim.calls.filter((c) => c.method === 'groups.getLongPollServer')).toHaveLength(2);
  });

  it('resumes from a saved ts without gaps', async () => {
    const world = vkWorld(server, {}, LP);
    const first = await pollUntil(world, (b) => b.length >= 1, () => { world.sim.userWrites(1, 'one'); });
    const savedTs = first.batches.at(-1)!.ts;
    world.sim.userWrites(1, 'two');
    const second = await pollUntil(world, (b) => b.length >= 1, undefined, { startTs: savedTs });
    expect(second.events.filter((e) => e.type === 'message.received').map((e) => ('content' in e ? e.content : undefined))).toEqual([{ type: 'text', text: 'two' }]);
  });

  it('a failing onEvents handler gets the same batch again after a backoff (at-least-once)', async () => {
    const world = vkWorld(server, {}, LP);
    const { events, errors } = await pollUntil(world, (b) => b.length >= 1, () => { world.sim.userWrites(3, 'keep me'); }, { failBatches: 2 });
    expect(errors.filter((e) => e.code === 'VK_LONG_POLL_HANDLER_FAILED')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'message.received')).toHaveLength(1);
  });

  it('backs off with jitter on network errors and VK 5xx, then recovers', async () => {
    const world = vkWorld(server, {}, LP);
    world.sim.failNext('groups.getLongPollServer', 'http_500', 1);
    world.sim.failNext('groups.getLongPollServer', 'network', 1);
    const { events } = await pollUntil(world, (b) => b.length >= 1, () => { world.sim.userWrites(9, 'eventually'); });
    expect(events.some((e) => e.type === 'message.received')).toBe(true);
    expect(world.sleeps.length).toBeGreaterThan(0);
  });

  it('stops on a permanent error (revoked token) and resolves promptly when aborted', async () => {
    const world = vkWorld(server, {}, LP);
    world.sim.failNext('groups.getLongPollServer', { error: 5 });
    expect((await rejection(world.adapter.poll({ signal: new AbortController().signal, onEvents: () => undefined }))).code).toBe('AUTH_FAILED');
    const controller = new AbortController();
    const running = world.adapter.poll({ signal: controller.signal, onEvents: () => undefined });
    setTimeout(() => { controller.abort(); }, 30);
    await expect(running).resolves.toBeUndefined();
  });
});
