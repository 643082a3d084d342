import { describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../../src/channels/adapter.js';
import { DAY, HOUR } from '../../../src/core/clock.js';
import type { ConversationId } from '../../../src/core/ids.js';
import type { ChannelRegistry } from '../../../src/switchboard/context.js';
import { createQueries } from '../../../src/switchboard/queries/index.js';
import { dialogFixture } from './fixture.js';

/** Only what the queries read from adapters: channel, account and the window rule. */
function registry(adapters: { channel: string; accountId: string; window: ChannelAdapter['capabilities']['window'] }[]): ChannelRegistry {
  const list = adapters.map((a) => ({ channel: a.channel, accountId: a.accountId, capabilities: { window: a.window } }) as unknown as ChannelAdapter);
  return {
    get: (channel, accountId) => {
      const found = list.find((a) => a.channel === channel && (accountId === undefined || a.accountId === accountId));
      if (found === undefined) throw new Error(`no ${channel}`);
      return found;
    },
    all: () => list,
  };
}

const whatsappAndVk = registry([
  { channel: 'whatsapp', accountId: '106540352242922', window: { kind: 'session', durationMs: DAY } },
  { channel: 'vk', accountId: '232142875', window: { kind: 'permission' } },
]);

describe('conversations.list filters', () => {
  it('reads durations in words (days, weeks, months of 30 days) and measures them from the clock', async () => {
    const f = dialogFixture();
    const queries = createQueries({ ...f, channels: whatsappAndVk });
    const old = await f.openDialog('1', 'whatsapp', '106540352242922');
    f.clock.advance(3 * DAY);
    const fresh = await f.openDialog('2', 'whatsapp', '106540352242922');
    const unreplied2d = await queries.conversations.list({ unrepliedFor: { days: 2 } });
    expect(unreplied2d.items.map((c) => c.id)).toEqual([old.id]);
    const recent = await queries.conversations.list({ lastMessageWithin: { hours: 1 } });
    expect(recent.items.map((c) => c.id)).toEqual([fresh.id]);
    expect((await queries.conversations.list({ lastMessageWithin: { weeks: 1 } })).items.map((c) => c.id)).toEqual([fresh.id, old.id]);
  });

  it('refuses unknown filters and zero durations with INVALID_INPUT naming the field', async () => {
    const f = dialogFixture();
    const queries = createQueries({ ...f, channels: whatsappAndVk });
    await expect(queries.conversations.list({ unrepliedFor: { days: 0 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(queries.conversations.list({ assigneeId: 'x' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('windowClosingWithin finds WhatsApp dialogs whose 24 h window closes soon and never VK ones', async () => {
    const f = dialogFixture();
    const queries = createQueries({ ...f, channels: whatsappAndVk });
    const closingSoon = await f.openDialog('1', 'whatsapp', '106540352242922');
    f.clock.advance(20 * HOUR);
    const later = await f.openDialog('2', 'whatsapp', '106540352242922');
    await f.openDialog('3', 'vk', '232142875');
    f.clock.advance(HOUR);
    const soon = await queries.conversations.list({ windowClosingWithin: { hours: 4 } });
    expect(soon.items.map((c) => c.id)).toEqual([closingSoon.id]);
    expect((await queries.conversations.list({ windowClosingWithin: { hours: 4 }, channel: 'vk' })).items).toEqual([]);
    f.clock.advance(20 * HOUR);
    expect((await queries.conversations.list({ windowClosingWithin: { hours: 4 } })).items.map((c) => c.id)).toEqual([later.id]);
  });

  it('asks for a channel when several configured channels have time windows', async () => {
    const f = dialogFixture();
    const two = registry([
      { channel: 'whatsapp', accountId: '1', window: { kind: 'session', durationMs: DAY } },
      { channel: 'sms', accountId: '2', window: { kind: 'session', durationMs: 2 * DAY } },
    ]);
    const queries = createQueries({ ...f, channels: two });
    await expect(queries.conversations.list({ windowClosingWithin: HOUR })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'filters.channel' });
    await expect(queries.conversations.list({ windowClosingWithin: HOUR, channel: 'sms' })).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('messages.list refuses an unknown conversation with CONVERSATION_NOT_FOUND', async () => {
    const f = dialogFixture();
    const queries = createQueries({ ...f, channels: whatsappAndVk });
    await expect(queries.messages.list('cv_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as ConversationId)).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
  });
});
