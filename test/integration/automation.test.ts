import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/core/clock.js';
import { defineCannedResponse } from '../../src/templates/canned-responses.js';
import type { Harness } from './harness.js';
import { VK_USER, createHarness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

describe('automation through the facade', () => {
  it('answers after hours once per local day, in the configured time zone, and charges like any message', async () => {
    // The harness starts on Monday 2026-03-02 09:00 UTC = 17:00 in Taipei.
    h = await createHarness({
      config: {
        automation: {
          outOfHours: {
            timezone: 'Asia/Taipei',
            hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
            reply: { text: '我們的營業時間是 09:00-18:00，明天回覆您。' },
          },
        },
      },
    });
    await h.vkMessage(VK_USER, 'Здравствуйте');
    await h.sb.whenIdle();
    expect(h.vk.sim.sent).toEqual([]);
    h.clock.advance(2 * HOUR);
    const before = await h.balance();
    await h.vkMessage(VK_USER, 'Вы работаете?');
    h.clock.advance(MINUTE);
    await h.vkMessage(VK_USER, 'Ау');
    await h.sb.whenIdle();
    expect(h.vk.sim.sent.map((m) => m.text)).toEqual(['我們的營業時間是 09:00-18:00，明天回覆您。']);
    expect((await h.balance()).available).toBe(before.available - 1);
  });

  it('replies with a stored canned response even when operators must claim dialogs, and stays quiet once an operator holds the dialog', async () => {
    h = await createHarness({ config: { policy: { requireClaimToReply: true } } });
    const canned = await h.store.cannedResponses.create(defineCannedResponse({ name: 'Delivery', module: 'Leads', body: 'Доставка по Москве бесплатно.' }));
    const sb = h.spawn({
      policy: { requireClaimToReply: true },
      automation: { autoReplies: [{ id: 'delivery', match: { keywords: ['доставка'] }, reply: { cannedResponseId: canned.id } }] },
    });
    const event = h.vk.sim.userWrites(VK_USER, 'Сколько стоит доставка?', { id: 501, conversationMessageId: 501 });
    await h.vkDeliver(event, { target: sb });
    await sb.whenIdle();
    expect(h.vk.sim.sent.map((m) => m.text)).toEqual(['Доставка по Москве бесплатно.']);

    const conversationId = (await sb.conversations.list({ channel: 'vk' })).items[0]?.id;
    if (conversationId === undefined) throw new Error('no dialog');
    await sb.dialogs.claim(conversationId, 'alexander');
    await h.vkDeliver(h.vk.sim.userWrites(VK_USER, 'А доставка в Тверь?', { id: 502, conversationMessageId: 502 }), { target: sb });
    await sb.whenIdle();
    expect(h.vk.sim.sent).toHaveLength(1);
  });
});
