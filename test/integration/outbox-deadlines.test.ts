import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';
import { SECOND } from '../../src/core/clock.js';

/** Lets real time pass (the adapter's network time) while the virtual clock keeps pace. */
async function elapse(h: Harness, ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  h.clock.advance(ms);
}

describe('outbox: an attempt never outlives its lease, so no message is sent twice', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  it('an inline send still waiting for WhatsApp when its job falls due is not sent again by the outbox', async () => {
    h = await createHarness({ whatsappTimeoutMs: 10_000, config: { outbox: { leaseMs: SECOND } } });
    const conversationId = await h.waWrites();
    // Meta accepts the message but the answer never comes back.
    h.whatsapp.sim.failNext('timeout');
    const pending = h.sb.send({ conversationId, text: 'We are on it' });
    await elapse(h, 1_200);

    const report = await h.sb.outbox.run();
    const outcome = await pending;

    expect(h.whatsapp.sim.sent).toHaveLength(1);
    expect(report.sent).toBe(0);
    // It may have reached Meta: `unknown` until a status webhook says what happened.
    expect(outcome.message.status).toBe('unknown');
  });

  it('stopping an outbox run leaves the jobs it had not sent queued for a later run, not failed', async () => {
    h = await createHarness({ config: { outbox: { leaseMs: SECOND } } });
    const conversationId = await h.waWrites();
    // Both inline attempts of both sends fail transiently: two queued messages wait for the outbox.
    h.whatsapp.sim.failNext('server_error', { times: 4 });
    const first = await h.sb.send({ conversationId, text: 'First' });
    const second = await h.sb.send({ conversationId, text: 'Second' });
    expect([first.message.status, second.message.status]).toEqual(['queued', 'queued']);
    h.clock.advance(2 * SECOND);

    // The first outbox attempt hangs; the run is stopped (a shutdown) while it waits.
    h.whatsapp.sim.failNext('timeout');
    const controller = new AbortController();
    const run = h.sb.outbox.run({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await run;

    const stored = await h.store.messages.getById(second.message.id);
    expect(stored?.status).toBe('queued');
    expect(h.recorded('message.failed')).toHaveLength(0);

    // Once the stopped run's lease has expired, the next run sends it.
    h.clock.advance(2 * SECOND);
    await h.sb.outbox.run();
    expect((await h.store.messages.getById(second.message.id))?.status).toBe('sent');
  });
});
