import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SwitchboardError } from '../../../src/core/errors.js';
import { createAutomation } from '../../../src/switchboard/automation/index.js';
import type { BroadcastRecipient } from '../../../src/switchboard/automation/index.js';
import { channelsOf, contextWith, fakeSend } from './fake-send.js';
import { dialogFixture, policyWith } from './fixture.js';

function setup(batchSize?: number) {
  const f = dialogFixture();
  const send = fakeSend(f.store, f.clock);
  const ctx = contextWith(f, send, channelsOf(['whatsapp', '106540352242922']));
  const automation = createAutomation(ctx, batchSize === undefined ? {} : { broadcast: { batchSize } });
  return { ...f, send, automation };
}

const phones = (n: number, from = 0): BroadcastRecipient[] =>
  Array.from({ length: n }, (_, i) => ({ to: `+1415555${String(1000 + from + i).padStart(4, '0')}`, data: { first_name: `P${String(i)}` } }));

describe('broadcast', () => {
  it('sends in batches of 100 by default, with a progress event per batch and a final report', async () => {
    const f = setup();
    const report = await f.automation.broadcast({ id: 'black-friday', template: 'order_update', recipients: phones(250) });
    expect(report).toEqual({ broadcastId: 'black-friday', total: 250, sent: 250, queued: 0, alreadySent: 0, skipped: [], failed: [], aborted: false });
    const progress = f.emitted.filter(([name]) => name === 'broadcast.progress').map(([, p]) => p);
    expect(progress).toEqual([
      { broadcastId: 'black-friday', total: 250, done: 100, sent: 100, skipped: 0, failed: 0 },
      { broadcastId: 'black-friday', total: 250, done: 200, sent: 200, skipped: 0, failed: 0 },
      { broadcastId: 'black-friday', total: 250, done: 250, sent: 250, skipped: 0, failed: 0 },
    ]);
    expect(f.emitted.at(-1)).toEqual(['broadcast.completed', { broadcastId: 'black-friday', sent: 250, skipped: 0, failed: 0 }]);
    expect(f.send.calls[0]).toEqual({ to: '+14155551000', channel: 'whatsapp', template: 'order_update', data: { first_name: 'P0' }, idempotencyKey: 'broadcast:black-friday:phone:+14155551000' });
  });

  it('skips refusals with their reason, counts provider failures as failed, and skips invalid and repeated recipients', async () => {
    const f = setup(2);
    f.send.refuse = (input) => {
      if (!('to' in input)) return undefined;
      if (input.to === '+14155551001') return new SwitchboardError('CONSENT_REQUIRED', 'no opt-in');
      if (input.to === '+14155551002') return new SwitchboardError('INSUFFICIENT_CREDITS', 'top up');
      if (input.to === '+14155551003') return new SwitchboardError('RECIPIENT_NOT_ON_WHATSAPP', 'provider refused', { provider: 'whatsapp', providerCode: 131026 });
      return undefined;
    };
    const report = await f.automation.broadcast({
      id: 'b1', template: 'order_update',
      recipients: [...phones(4), { to: 'not a phone' }, { to: '+1 (415) 555-1000' }],
    });
    expect(report.sent).toBe(1);
    expect(report.skipped).toEqual([
      { to: 'phone:+14155551001', reason: 'CONSENT_REQUIRED' },
      { to: 'phone:+14155551002', reason: 'INSUFFICIENT_CREDITS' },
      { to: 'not a phone', reason: 'INVALID_PHONE' },
      { to: 'phone:+14155551000', reason: 'DUPLICATE_RECIPIENT' },
    ]);
    expect(report.failed).toEqual([{ to: 'phone:+14155551003', reason: 'RECIPIENT_NOT_ON_WHATSAPP' }]);
  });

  it('is resumable by id: a re-run sends only to recipients not done before and never twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 7 }), async (total, stopAfter, batchSize) => {
        const f = setup(batchSize);
        const recipients = phones(total);
        const controller = new AbortController();
        f.events.on('broadcast.progress', ({ done }) => { if (done >= stopAfter) controller.abort(); });
        const first = await f.automation.broadcast({ id: 'resume', template: 't', recipients, signal: controller.signal });
        const firstCalls = f.send.calls.length;
        const second = await f.automation.broadcast({ id: 'resume', template: 't', recipients });
        expect(first.sent).toBe(firstCalls);
        expect(second).toMatchObject({ sent: total, alreadySent: firstCalls, aborted: false });
        expect(f.send.calls).toHaveLength(total);
        expect(new Set(f.send.calls.map((c) => c.idempotencyKey)).size).toBe(total);
      }),
      { numRuns: 30 },
    );
  });

  it('needs a channel when several are configured, and refuses malformed input before sending anything', async () => {
    const f = dialogFixture({ ...policyWith() });
    const send = fakeSend(f.store, f.clock);
    const automation = createAutomation(contextWith(f, send, channelsOf(['whatsapp', '1'], ['vk', '2'])));
    await expect(automation.broadcast({ id: 'x', template: 't', recipients: phones(1) })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'channel' });
    await expect(automation.broadcast({ id: 'has space', template: 't', channel: 'whatsapp', recipients: phones(1) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(automation.broadcast({ id: 'x', template: 't', channel: 'whatsapp', recipients: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(send.calls).toEqual([]);
  });
});
