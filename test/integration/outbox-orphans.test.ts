import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';
import { HOUR } from '../../src/core/clock.js';
import { createIdGenerator } from '../../src/core/ids.js';

describe('outbox: a send that stopped between enqueueing its job and storing its message', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  it('leaves nothing queued forever: the outbox completes the orphan job and gives back the hold', async () => {
    h = await createHarness();
    await h.topUp(100);
    const before = await h.balance();
    const ledger = h.ledger;
    if (ledger === undefined) throw new Error('the harness has a ledger');
    // The state a crash leaves after `reserve` and `outbox.enqueue` but before `messages.append`.
    const messageId = createIdGenerator({ clock: h.clock }).next('msg');
    await ledger.reserve({ id: messageId, account: 'default', amount: 10, expiresAt: h.clock.now() + 24 * HOUR, reason: 'whatsapp:UTILITY:US' });
    await h.store.outbox.enqueue({ messageId, channel: 'whatsapp', accountId: h.whatsapp.adapter.accountId, runAt: h.clock.now() });
    expect((await h.balance()).held).toBe(before.held + 10);

    const report = await h.sb.outbox.run();

    expect(report).toMatchObject({ processed: 1, orphaned: 1, sent: 0, deadLettered: 0 });
    expect(await h.balance()).toMatchObject({ held: before.held, available: before.available });
    expect(h.whatsapp.sim.sent).toHaveLength(0);
    expect((await h.sb.outbox.deadLetters()).items).toHaveLength(0);
    expect(await h.sb.outbox.run()).toMatchObject({ processed: 0 });
  });

  it('completes an orphan job of a free message without touching the ledger', async () => {
    h = await createHarness();
    const messageId = createIdGenerator({ clock: h.clock }).next('msg');
    await h.store.outbox.enqueue({ messageId, channel: 'vk', accountId: h.vk.adapter.accountId, runAt: h.clock.now() });
    expect(await h.sb.outbox.run()).toMatchObject({ processed: 1, orphaned: 1 });
  });
});
