import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { ORDER_SHIPPED, SPRING_SALE, VK_USER, createHarness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

describe('broadcast refusals per recipient', () => {
  it('a marketing broadcast reaches only opted-in numbers; the others are skipped as CONSENT_REQUIRED and cost nothing', async () => {
    h = await createHarness();
    await h.seedTemplate(SPRING_SALE);
    await h.optIn('+16505553001', 'marketing');
    await h.optIn('+16505553002', 'transactional');
    const before = await h.balance();
    const report = await h.sb.broadcast({
      id: 'spring', template: { name: 'spring_sale', language: 'en_US' }, channel: 'whatsapp',
      recipients: [{ to: '+16505553001', data: { first_name: 'Ada' } }, { to: '+16505553002', data: { first_name: 'Bob' } }],
    });
    expect(report).toMatchObject({ sent: 1, skipped: [{ to: 'phone:+16505553002', reason: 'CONSENT_REQUIRED' }], failed: [] });
    expect(h.whatsapp.sim.sent.map((m) => m.to)).toEqual(['+16505553001']);
    expect(h.recorded('credits.reserved')).toHaveLength(1);
    expect((await h.balance()).available).toBeLessThan(before.available);
  });

  it('when credits run out the rest are skipped as INSUFFICIENT_CREDITS; after a top-up the same broadcast id finishes the job', async () => {
    h = await createHarness({ credits: 25 });
    await h.seedTemplate(ORDER_SHIPPED);
    const phones = ['+16505554001', '+16505554002', '+16505554003'];
    for (const phone of phones) await h.optIn(phone);
    const input = { id: 'orders', template: { name: 'order_shipped', language: 'en_US' }, channel: 'whatsapp', batchSize: 1, recipients: phones.map((to) => ({ to, data: { first_name: 'X', order_id: 'A-1' } })) };
    const first = await h.sb.broadcast(input);
    expect(first.sent).toBe(2);
    expect(first.skipped).toEqual([{ to: 'phone:+16505554003', reason: 'INSUFFICIENT_CREDITS' }]);
    await h.topUp(100);
    const second = await h.sb.broadcast(input);
    expect(second).toMatchObject({ sent: 3, alreadySent: 2, skipped: [] });
    expect(h.whatsapp.sim.sent).toHaveLength(3);
  });

  it('on VK a broadcast to users by id skips those who never allowed messages from the community', async () => {
    h = await createHarness({ ledger: false });
    await h.seedTemplate(ORDER_SHIPPED);
    await h.vkAllow(VK_USER);
    const report = await h.sb.broadcast({
      id: 'vk-orders', template: { name: 'order_shipped', language: 'en_US' }, channel: 'vk',
      recipients: [{ to: String(VK_USER), data: { first_name: 'Ivan', order_id: 'A-7' } }, { to: '101', data: { first_name: 'Olga', order_id: 'A-8' } }],
    });
    expect(report.sent).toBe(1);
    expect(report.skipped).toEqual([{ to: 'vk_user:101', reason: 'WINDOW_CLOSED' }]);
    expect(h.vk.sim.sent.map((m) => [m.peerId, m.text])).toEqual([[VK_USER, 'Hello Ivan, your order A-7 has shipped.']]);
  });
});
