/**
 * Follow-ups of the fixed bugs B1, B2 and B4: what happens around the new rules — a status that
 * arrives after an ambiguous send was given up, an attempt that died mid-flight without a
 * process crash, the reconciliation delay option, and a 131047 reported by a status webhook.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../../src/core/clock.js';
import { ledgerViolations, messagesOf } from './support/audit.js';
import { seeds } from './support/env.js';
import type { World } from './support/world.js';
import { ACCOUNT, createWorld } from './support/world.js';

let world: World | undefined;
afterEach(async () => { await world?.close(); world = undefined; });

const [SEED = 1] = seeds(1);

describe('ambiguous WhatsApp sends after the reconciliation delay', () => {
  it('waits outbox.reconcileAfterMs for a status, then fails the message with SEND_OUTCOME_UNKNOWN and releases its hold, never resending', async () => {
    const w = (world = await createWorld({ seed: SEED, timeoutMs: 100, config: { outbox: { reconcileAfterMs: HOUR } } }));
    const conversationId = await w.waCustomer('16505552001');
    w.wa.failNext('network');
    const { message } = await w.sb.send({ conversationId, text: 'Reset before Meta', idempotencyKey: 'reset-1' });
    expect(message.status).toBe('unknown');
    w.clock.advance(2 * MINUTE);
    expect(await w.sb.outbox.run()).toMatchObject({ awaitingStatus: 1, failed: 0, sent: 0 });
    w.clock.advance(HOUR - 3 * MINUTE);
    expect(await w.sb.outbox.run()).toMatchObject({ processed: 0 });
    expect((await w.store.messages.getById(message.id))?.status).toBe('unknown');
    w.clock.advance(MINUTE);
    expect(await w.sb.outbox.run()).toMatchObject({ failed: 1 });
    const failed = await w.store.messages.getById(message.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'SEND_OUTCOME_UNKNOWN' } });
    expect(failed?.error?.message).toMatch(/No status came/);
    expect((await w.ledger.getHold(message.id))?.status).toBe('released');
    expect(w.wa.sent).toHaveLength(0);
    w.clock.advance(HOUR);
    expect(await w.sb.outbox.run()).toMatchObject({ processed: 0 });
  });

  it('a delivered status arriving after the message was given up overrides failed, captures nothing and logs the late settlement', async () => {
    const w = (world = await createWorld({ seed: SEED, timeoutMs: 100, config: { outbox: { reconcileAfterMs: HOUR } } }));
    const conversationId = await w.waCustomer('16505552002');
    const before = await w.ledger.balance(ACCOUNT);
    w.wa.failNext('timeout');
    const { message } = await w.sb.send({ conversationId, text: 'Accepted, answer lost', idempotencyKey: 'late-1' });
    expect(message.status).toBe('unknown');
    for (let i = 0; i < 3; i++) { w.clock.advance(HOUR / 2); await w.sb.outbox.run(); }
    expect((await w.store.messages.getById(message.id))?.status).toBe('failed');
    expect(await w.ledger.balance(ACCOUNT)).toEqual(before);
    const [accepted] = w.wa.sent;
    if (accepted === undefined) throw new Error('Meta accepted nothing');
    for (const payload of w.wa.statuses(accepted, ['sent', 'delivered'])) expect((await w.deliverWa(payload)).status).toBe(200);
    expect(await w.store.messages.getById(message.id)).toMatchObject({ status: 'delivered', providerMessageId: accepted.wamid });
    expect((await w.ledger.getHold(message.id))?.status).toBe('released');
    expect(await w.ledger.balance(ACCOUNT)).toEqual(before);
    expect(w.capture.lines.some((line) => line.includes('settled after its credits hold was resolved'))).toBe(true);
    expect(await ledgerViolations(w.ledger, ACCOUNT)).toEqual([]);
    expect(w.wa.sent).toHaveLength(1);
  });
});

describe('attempts that died mid-flight (B2, without a process crash)', () => {
  it('a WhatsApp job whose in-flight mark survived its lease is not sent again: the message becomes unknown and waits for its status', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const conversationId = await w.waCustomer('16505552003');
    w.wa.failNext('server_error', { times: 2 });
    const { message } = await w.sb.send({ conversationId, text: 'left to the outbox' });
    expect(message.status).toBe('queued');
    w.clock.advance(61 * SECOND);
    // Another worker leases the job, marks its attempt in flight, and dies before any answer.
    const [job] = await w.store.outbox.lease({ owner: 'worker-that-died', limit: 1, leaseMs: MINUTE });
    if (job === undefined) throw new Error('no job due');
    await w.store.outbox.markInFlight(job.id, 'worker-that-died', w.clock.now());
    w.clock.advance(MINUTE);
    expect(await w.sb.outbox.run()).toMatchObject({ awaitingStatus: 1, sent: 0 });
    expect((await w.store.messages.getById(message.id))?.status).toBe('unknown');
    expect(w.wa.sent).toHaveLength(0);
    expect((await w.ledger.getHold(message.id))?.status).toBe('held');
  });

  it('an inline attempt that failed before reaching Meta leaves no in-flight mark: the outbox sends the message once', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const conversationId = await w.waCustomer('16505552004');
    w.wa.failNext('server_error', { times: 2 });
    const { message } = await w.sb.send({ conversationId, text: 'retried by the outbox' });
    w.clock.advance(61 * SECOND);
    expect(await w.sb.outbox.run()).toMatchObject({ sent: 1, awaitingStatus: 0 });
    expect((await w.store.messages.getById(message.id))?.status).toBe('sent');
    expect(w.wa.sent).toHaveLength(1);
  });
});

describe('131047 in a failed-status webhook (B4)', () => {
  it('closes the local window at the status time: the next free-form send is refused locally until the customer writes again', async () => {
    const w = (world = await createWorld({ seed: SEED }));
    const conversationId = await w.waCustomer('16505552005');
    const { message } = await w.sb.send({ conversationId, text: 'accepted, then refused' });
    expect(message.status).toBe('sent');
    const [accepted] = w.wa.sent;
    if (accepted === undefined) throw new Error('Meta accepted nothing');
    w.clock.advance(MINUTE);
    for (const payload of w.wa.statuses(accepted, ['failed'], { error: { code: 131047, title: 'Re-engagement message' } })) expect((await w.deliverWa(payload)).status).toBe(200);
    expect((await messagesOf(w.store, [conversationId])).find((m) => m.id === message.id)?.status).toBe('failed');
    const requests = w.wa.requests.length;
    const before = await w.ledger.balance(ACCOUNT);
    await expect(w.sb.send({ conversationId, text: 'again' })).rejects.toMatchObject({ code: 'WINDOW_CLOSED', remedy: 'template', details: { reason: 'closed_by_provider' } });
    expect(w.wa.requests.length).toBe(requests);
    expect(await w.ledger.balance(ACCOUNT)).toEqual(before);
    w.clock.advance(MINUTE);
    await w.waCustomer('16505552005', 'I am back');
    expect((await w.sb.send({ conversationId, text: 'welcome back' })).message.status).toBe('sent');
  });
});
