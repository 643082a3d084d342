/**
 * Ambiguous WhatsApp sends (the request may have reached Meta, no answer came): the message is
 * `unknown`, never resent blindly, and reconciled from status webhooks — or, when no status
 * ever comes, ended after a reconciliation window so it is not lost with its credits held.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, SECOND } from '../../src/core/clock.js';
import { deadLetters, ledgerViolations } from './support/audit.js';
import { seeds } from './support/env.js';
import type { World } from './support/world.js';
import { ACCOUNT, createWorld } from './support/world.js';

let world: World | undefined;
afterEach(async () => { await world?.close(); world = undefined; });

const [SEED = 1] = seeds(1);

describe('ambiguous WhatsApp sends', () => {
  it('scenario 21: a send that timed out after Meta accepted it is unknown, not resent, and reconciled to delivered by its status webhooks', async () => {
    const w = (world = await createWorld({ seed: SEED, timeoutMs: 100 }));
    const conversationId = await w.waCustomer('16505550001');
    w.wa.failNext('timeout');
    const { message } = await w.sb.send({ conversationId, text: 'Your order shipped', idempotencyKey: 'ship-1' });
    expect(message.status).toBe('unknown');
    expect((await w.sb.outbox.run()).sent).toBe(0);
    w.clock.advance(10 * 60 * SECOND);
    await w.sb.outbox.run();
    expect(w.wa.sent).toHaveLength(1);
    const [accepted] = w.wa.sent;
    if (accepted === undefined) throw new Error('nothing accepted');
    for (const payload of w.wa.statuses(accepted, ['delivered', 'sent'], { duplicates: 1 })) expect((await w.deliverWa(payload)).status).toBe(200);
    const stored = await w.store.messages.getById(message.id);
    expect(stored).toMatchObject({ status: 'delivered', providerMessageId: accepted.wamid });
    expect((await w.ledger.getHold(message.id))?.status).toBe('captured');
    expect(w.wa.sent).toHaveLength(1);
    expect(await ledgerViolations(w.ledger, ACCOUNT)).toEqual([]);
  });

  it('scenario 22: a send whose connection reset before Meta accepted it, with no status webhook within a day, ends failed or dead-lettered and its hold is released', async () => {
    const w = (world = await createWorld({ seed: SEED, timeoutMs: 100 }));
    const conversationId = await w.waCustomer('16505550002');
    w.wa.failNext('network');
    const { message } = await w.sb.send({ conversationId, text: 'Your order shipped', idempotencyKey: 'ship-2' });
    expect(message.status).toBe('unknown');
    expect(w.wa.sent).toHaveLength(0);
    for (let hour = 0; hour < 26; hour++) {
      w.clock.advance(DAY / 24);
      await w.sb.outbox.run();
    }
    const stored = await w.store.messages.getById(message.id);
    const dead = (await deadLetters(w.sb)).some((job) => job.messageId === message.id);
    expect(stored?.status === 'failed' || dead, `message still ${stored?.status ?? 'missing'} a day later`).toBe(true);
    expect(w.wa.sent).toHaveLength(0); // never resent blindly
    if (stored?.status === 'failed') expect(stored.error?.code).toBe('SEND_OUTCOME_UNKNOWN');
    expect((await w.ledger.getHold(message.id))?.status).toMatch(/^(released|held)$/);
    if (stored?.status === 'failed') expect((await w.ledger.getHold(message.id))?.status).toBe('released');
  });
});
