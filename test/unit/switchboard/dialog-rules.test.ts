import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newId } from '../../../src/core/ids.js';
import type { Conversation } from '../../../src/model/conversation.js';
import { assertMayReply, conversationForInbound, createDialogsWith, reopenForInbound } from '../../../src/switchboard/dialogs/index.js';
import { isOpenAt } from '../../../src/switchboard/automation/index.js';
import { dialogFixture, policyWith } from './fixture.js';

const dialog = (overrides: Partial<Conversation> = {}): Conversation => ({
  id: newId('cv'), channel: 'vk', accountId: '232142875', contactId: newId('ct'), status: 'open', assigneeId: null, participants: [], links: [],
  createdAt: 0, updatedAt: 0, version: 1, ...overrides,
});

describe('assertMayReply', () => {
  it('without requireClaimToReply lets any configured operator reply, and sends without an operator always pass', () => {
    const policy = policyWith({ operators: { vk: ['alexander'] } });
    expect(() => { assertMayReply(dialog(), 'alexander', policy); }).not.toThrow();
    expect(() => { assertMayReply(dialog(), undefined, policy); }).not.toThrow();
    expect(() => { assertMayReply(dialog(), 'intern', policy); }).toThrow(expect.objectContaining({ code: 'NOT_AN_OPERATOR' }) as Error);
  });

  it('with requireClaimToReply only the assignee and participants may reply; unclaimed dialogs must be claimed', () => {
    const policy = policyWith({ requireClaimToReply: true });
    const claimed = dialog({ assigneeId: 'alexander', participants: ['maria'] });
    expect(() => { assertMayReply(claimed, 'alexander', policy); }).not.toThrow();
    expect(() => { assertMayReply(claimed, 'maria', policy); }).not.toThrow();
    expect(() => { assertMayReply(claimed, undefined, policy); }).not.toThrow();
    expect(() => { assertMayReply(claimed, 'oleg', policy); }).toThrow(expect.objectContaining({ code: 'NOT_ASSIGNEE', remedy: 'claim' }) as Error);
    expect(() => { assertMayReply(dialog(), 'oleg', policy); }).toThrow(/unclaimed: claim it before replying/);
  });
});

describe('conversationForInbound', () => {
  it('appends to open dialogs, keeps spam closed, reopens or replaces completed ones by policy', () => {
    fc.assert(
      fc.property(fc.constantFrom('open', 'completed', 'spam', 'none'), fc.constantFrom('reopen' as const, 'new_conversation' as const), (state, onMessageAfterCompleted) => {
        const latest = state === 'none' ? null : state === 'open' ? dialog() : dialog({ status: 'closed', closeReason: state });
        const decision = conversationForInbound(latest, { onMessageAfterCompleted });
        const expected = state === 'none' ? 'open_new'
          : state === 'open' ? 'append'
            : state === 'spam' ? 'append_closed'
              : onMessageAfterCompleted === 'reopen' ? 'reopen' : 'open_new';
        expect(decision.action).toBe(expected);
      }),
    );
  });

  it('reopenForInbound reopens a completed dialog once, as the customer, and leaves spam alone', async () => {
    const f = dialogFixture();
    const dialogs = createDialogsWith(f);
    const completed = await dialogs.close((await f.openDialog()).id, { as: 'completed' });
    const spam = await dialogs.close((await f.openDialog()).id, { as: 'spam' });
    const reopened = await reopenForInbound(f, completed);
    expect(reopened.status).toBe('open');
    expect((await reopenForInbound(f, completed)).version).toBe(reopened.version);
    expect((await reopenForInbound(f, spam)).status).toBe('closed');
    expect((await dialogs.history(completed.id)).items.map((e) => [e.action, e.actor])).toEqual([['closed', { kind: 'system', reason: 'host' }], ['reopened', { kind: 'customer' }]]);
    expect(f.emitted.at(-1)).toEqual(['conversation.restored', expect.objectContaining({ actor: { kind: 'customer' } })]);
  });
});

describe('opening hours', () => {
  it('follow the local clock across a daylight-saving change', () => {
    const hours = { mon: [['09:00', '17:00']] as const };
    // 2026-03-09 is the Monday after the US switch to daylight time: 09:00 in New York is 13:00 UTC (14:00 UTC the week before).
    expect(isOpenAt(hours, 'America/New_York', Date.UTC(2026, 2, 9, 13, 0))).toBe(true);
    expect(isOpenAt(hours, 'America/New_York', Date.UTC(2026, 2, 9, 12, 59))).toBe(false);
    expect(isOpenAt(hours, 'America/New_York', Date.UTC(2026, 2, 2, 13, 30))).toBe(false);
    expect(isOpenAt(hours, 'America/New_York', Date.UTC(2026, 2, 2, 14, 0))).toBe(true);
    expect(isOpenAt(hours, 'America/New_York', Date.UTC(2026, 2, 9, 21, 0))).toBe(false);
  });
});
