import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyStatus, STATUS_RANK } from '../../../src/model/message-status.js';
import type { StatusUpdate } from '../../../src/model/message-status.js';
import type { Message } from '../../../src/model/message.js';

const base: Message = {
  id: 'msg_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as Message['id'],
  conversationId: 'cv_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as Message['conversationId'],
  contactId: 'ct_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as Message['contactId'],
  channel: 'whatsapp',
  accountId: '106540352242922',
  direction: 'outbound',
  content: { type: 'text', text: 'Hi' },
  idempotencyKey: 'k1',
  status: 'queued',
  timestamps: { queued: 1 },
  createdAt: 1,
};

const updateArb: fc.Arbitrary<StatusUpdate> = fc.record({
  status: fc.constantFrom('sent', 'delivered', 'read', 'failed', 'unknown'),
  at: fc.integer({ min: 2, max: 1000 }),
});

describe('applyStatus', () => {
  it('ends in the same status whatever order (and how often) reports arrive', () => {
    fc.assert(fc.property(fc.array(updateArb, { minLength: 1, maxLength: 12 }), fc.integer(), (updates, seed) => {
      const shuffled = fc.sample(fc.shuffledSubarray(updates, { minLength: updates.length }), { seed, numRuns: 1 })[0] ?? updates;
      const final = (list: StatusUpdate[]) => list.reduce((m, u) => applyStatus(m, u).message, base).status;
      const highest = updates.reduce((s, u) => (STATUS_RANK[u.status] > STATUS_RANK[s] ? u.status : s), base.status);
      expect(final(updates)).toBe(highest);
      expect(final(shuffled)).toBe(highest);
    }));
  });

  it('never regresses: read stays read, failed never overrides delivered', () => {
    let m = applyStatus(base, { status: 'read', at: 10 }).message;
    m = applyStatus(m, { status: 'delivered', at: 9 }).message;
    m = applyStatus(m, { status: 'failed', at: 11, error: { code: 'X', message: 'late failure' } }).message;
    expect(m.status).toBe('read');
    expect(m.error).toBeUndefined();
    expect(m.timestamps).toMatchObject({ read: 10, delivered: 9, failed: 11 });
  });

  it('keeps the first timestamp of each status and reports no change for duplicates', () => {
    const first = applyStatus(base, { status: 'sent', at: 5 });
    const again = applyStatus(first.message, { status: 'sent', at: 7 });
    expect(first.changed && first.advanced).toBe(true);
    expect(again.changed).toBe(false);
    expect(again.message).toBe(first.message);
    expect(again.message.timestamps.sent).toBe(5);
  });

  it('records the error when failed becomes the status, and billable pricing sticks', () => {
    let m = applyStatus(base, { status: 'failed', at: 3, error: { code: 'WINDOW_CLOSED', message: 'Re-engagement message', providerCode: 131047 } }).message;
    expect(m.error?.providerCode).toBe(131047);
    m = applyStatus(m, { status: 'sent', at: 2, pricing: { billable: true, category: 'utility' } }).message;
    m = applyStatus(m, { status: 'sent', at: 2, pricing: { billable: false } }).message;
    expect(m.status).toBe('failed');
    expect(m.pricing).toEqual({ billable: true, category: 'utility' });
  });
});
