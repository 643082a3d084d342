import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/core/clock.js';
import type { Harness } from './harness.js';
import { VK_USER, createHarness, refusal } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

describe('dialogs across app instances', () => {
  it('two instances claiming one dialog at once: exactly one wins, the other is told who holds it, one audit line', async () => {
    h = await createHarness();
    const other = h.spawn();
    const conversationId = await h.vkWrites(VK_USER, 'Здравствуйте');
    const results = await Promise.allSettled([h.sb.dialogs.claim(conversationId, 'alexander'), other.dialogs.claim(conversationId, 'maria')]);
    const winners = results.filter((r) => r.status === 'fulfilled');
    const losers = results.filter((r) => r.status === 'rejected');
    expect(winners).toHaveLength(1);
    const holder = (await h.sb.conversations.get(conversationId))?.assigneeId;
    expect(losers).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: 'ALREADY_CLAIMED', details: { conversationId, assigneeId: holder } }) as unknown })]);
    expect((await other.dialogs.history(conversationId)).items.map((e) => e.action)).toEqual(['claimed']);
  });

  it('a claim racing a customer message keeps both: the dialog is claimed and its window is refreshed', async () => {
    h = await createHarness();
    const conversationId = await h.vkWrites(VK_USER, 'Первое сообщение');
    const before = await h.sb.conversations.get(conversationId);
    h.clock.advance(MINUTE);
    await Promise.all([h.sb.dialogs.claim(conversationId, 'alexander'), h.vkMessage(VK_USER, 'Второе сообщение')]);
    const after = await h.sb.conversations.get(conversationId);
    expect(after?.assigneeId).toBe('alexander');
    expect(after?.lastInboundAt).toBeGreaterThan(before?.lastInboundAt ?? Number.POSITIVE_INFINITY);
    expect((await h.sb.messages.list(conversationId)).items).toHaveLength(2);
  });
});

describe('restore and new dialogs', () => {
  it('with onMessageAfterCompleted "new_conversation" a customer message opens a new dialog; restoring the old one is refused while the new one is open', async () => {
    h = await createHarness({ config: { policy: { onMessageAfterCompleted: 'new_conversation' } } });
    const first = await h.vkWrites(VK_USER, 'Спасибо!');
    await h.sb.dialogs.close(first, { as: 'completed' });
    const second = await h.vkWrites(VK_USER, 'Снова я');
    expect(second).not.toBe(first);
    expect(await refusal(h.sb.dialogs.restore(first))).toMatchObject({ code: 'OPEN_DIALOG_EXISTS', details: { openConversationId: second } });
    await h.sb.dialogs.close(second, { as: 'completed' });
    await expect(h.sb.dialogs.restore(first)).resolves.toMatchObject({ status: 'open' });
  });
});
