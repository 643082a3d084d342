import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../../src/core/clock.js';
import type { ConversationId } from '../../../src/core/ids.js';
import { createDialogsWith } from '../../../src/switchboard/dialogs/index.js';
import type { Dialogs } from '../../../src/switchboard/dialogs/index.js';
import type { ResolvedPolicy } from '../../../src/switchboard/context.js';
import { dialogFixture } from './fixture.js';
import type { DialogFixture } from './fixture.js';

function setup(policy: Partial<ResolvedPolicy> = {}): DialogFixture & { dialogs: Dialogs } {
  const f = dialogFixture(policy);
  return { ...f, dialogs: createDialogsWith(f) };
}

describe('claim ("pin to me")', () => {
  it('pins an unclaimed dialog to the operator, records who and when, and announces the assignment', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    f.clock.advance(MINUTE);
    const claimed = await f.dialogs.claim(dialog.id, 'alexander');
    expect(claimed).toMatchObject({ assigneeId: 'alexander', version: 2 });
    const history = await f.dialogs.history(dialog.id);
    expect(history.items).toEqual([
      expect.objectContaining({ action: 'claimed', actor: { kind: 'operator', id: 'alexander' }, at: f.clock.now(), details: { operatorId: 'alexander', previousAssigneeId: null, takeOver: false } }),
    ]);
    expect(f.emitted).toEqual([['conversation.assigned', expect.objectContaining({ assigneeId: 'alexander', previousAssigneeId: null, actor: { kind: 'operator', id: 'alexander' } })]]);
  });

  it('is idempotent for the operator who holds the dialog: no new version, no second audit line', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    const again = await f.dialogs.claim(dialog.id, 'alexander');
    expect(again.version).toBe(2);
    expect((await f.dialogs.history(dialog.id)).items).toHaveLength(1);
  });

  it('refuses a dialog claimed by another operator with ALREADY_CLAIMED, unless taken over', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    await expect(f.dialogs.claim(dialog.id, 'maria')).rejects.toMatchObject({ code: 'ALREADY_CLAIMED', remedy: 'claim', details: { assigneeId: 'alexander' } });
    const taken = await f.dialogs.claim(dialog.id, 'maria', { takeOver: true });
    expect(taken.assigneeId).toBe('maria');
    expect((await f.dialogs.history(dialog.id)).items.at(-1)?.details).toEqual({ operatorId: 'maria', previousAssigneeId: 'alexander', takeOver: true });
  });

  it('allows only the operators configured for the channel account (account key before channel key)', async () => {
    const f = setup({ operators: { 'vk:232142875': ['alexander'], vk: ['maria'] } });
    const dialog = await f.openDialog();
    await expect(f.dialogs.claim(dialog.id, 'maria')).rejects.toMatchObject({ code: 'NOT_AN_OPERATOR' });
    await expect(f.dialogs.claim(dialog.id, 'alexander')).resolves.toMatchObject({ assigneeId: 'alexander' });
    const other = await f.openDialog('555', 'vk', '999');
    await expect(f.dialogs.claim(other.id, 'maria')).resolves.toMatchObject({ assigneeId: 'maria' });
  });

  it('refuses closed dialogs, unknown ids and malformed arguments with typed errors', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.close(dialog.id, { as: 'completed' });
    await expect(f.dialogs.claim(dialog.id, 'alexander')).rejects.toMatchObject({ code: 'CONVERSATION_CLOSED' });
    await expect(f.dialogs.claim('cv_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as ConversationId, 'alexander')).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    await expect(f.dialogs.claim('nope' as ConversationId, 'alexander')).rejects.toMatchObject({ code: 'INVALID_ID', field: 'conversationId' });
    await expect(f.dialogs.claim(dialog.id, '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(f.dialogs.claim(dialog.id, 'a', { takeover: true } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lets exactly one of two concurrent claims win; the loser sees ALREADY_CLAIMED after re-reading', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    const results = await Promise.allSettled([f.dialogs.claim(dialog.id, 'alexander'), f.dialogs.claim(dialog.id, 'maria')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'ALREADY_CLAIMED' } });
    expect((await f.dialogs.history(dialog.id)).items).toHaveLength(1);
  });
});

describe('invite and leave', () => {
  it('adds an invited operator as a participant who can later leave', async () => {
    const f = setup({ operators: { vk: ['alexander', 'maria'] } });
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    const invited = await f.dialogs.invite(dialog.id, 'maria', { by: 'alexander' });
    expect(invited.participants).toEqual(['maria']);
    const left = await f.dialogs.leave(dialog.id, 'maria');
    expect(left).toMatchObject({ participants: [], assigneeId: 'alexander' });
    expect(f.emitted.map(([name, p]) => [name, (p as { change?: string }).change])).toEqual([
      ['conversation.assigned', undefined], ['conversation.participants_changed', 'invited'], ['conversation.participants_changed', 'left'],
    ]);
  });

  it('refuses to invite an operator not configured for the channel, or by someone outside a claimed dialog', async () => {
    const f = setup({ operators: { vk: ['alexander', 'maria', 'oleg'] } });
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    await expect(f.dialogs.invite(dialog.id, 'stranger', { by: 'alexander' })).rejects.toMatchObject({ code: 'NOT_AN_OPERATOR' });
    await expect(f.dialogs.invite(dialog.id, 'maria', { by: 'oleg' })).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
  });

  it('inviting someone already in the dialog changes nothing', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    await f.dialogs.invite(dialog.id, 'maria');
    const again = await f.dialogs.invite(dialog.id, 'maria');
    const self = await f.dialogs.invite(dialog.id, 'alexander');
    expect(again.version).toBe(3);
    expect(self.participants).toEqual(['maria']);
  });

  it('refuses leave from an operator who is not in the dialog; the assignee leaving unclaims it', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    await expect(f.dialogs.leave(dialog.id, 'maria')).rejects.toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    await expect(f.dialogs.leave(dialog.id, 'alexander')).resolves.toMatchObject({ assigneeId: null });
    expect(f.emitted.at(-1)).toEqual(['conversation.assigned', expect.objectContaining({ assigneeId: null, previousAssigneeId: 'alexander' })]);
  });
});

describe('delegate', () => {
  it('hands the dialog over; the delegator stays as a participant and may then leave', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    const delegated = await f.dialogs.delegate(dialog.id, 'delivery-expert', { by: 'alexander' });
    expect(delegated).toMatchObject({ assigneeId: 'delivery-expert', participants: ['alexander'] });
    await expect(f.dialogs.leave(dialog.id, 'alexander')).resolves.toMatchObject({ assigneeId: 'delivery-expert', participants: [] });
  });

  it('with leave: true the delegator leaves at once; only the holder may delegate a claimed dialog', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    await expect(f.dialogs.delegate(dialog.id, 'maria', { by: 'oleg' })).rejects.toMatchObject({ code: 'NOT_ASSIGNEE' });
    await expect(f.dialogs.delegate(dialog.id, 'maria', { by: 'alexander', leave: true })).resolves.toMatchObject({ assigneeId: 'maria', participants: [] });
    const last = (await f.dialogs.history(dialog.id)).items.at(-1);
    expect(last).toMatchObject({ action: 'delegated', details: { operatorId: 'maria', previousAssigneeId: 'alexander', previousLeft: true } });
  });

  it('delegating to a participant promotes them (not listed twice)', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    await f.dialogs.invite(dialog.id, 'maria');
    await expect(f.dialogs.delegate(dialog.id, 'maria')).resolves.toMatchObject({ assigneeId: 'maria', participants: ['alexander'] });
  });
});

describe('close and restore', () => {
  it('closes as spam or completed, re-classifies, restores, and records every step', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    const spam = await f.dialogs.close(dialog.id, { as: 'spam', by: 'alexander' });
    expect(spam).toMatchObject({ status: 'closed', closeReason: 'spam', closedAt: f.clock.now() });
    expect((await f.dialogs.close(dialog.id, { as: 'spam' })).version).toBe(spam.version);
    await f.dialogs.close(dialog.id, { as: 'completed' });
    const restored = await f.dialogs.restore(dialog.id, { by: 'alexander' });
    expect(restored.status).toBe('open');
    expect(restored).not.toHaveProperty('closeReason');
    expect(restored).not.toHaveProperty('closedAt');
    expect((await f.dialogs.history(dialog.id)).items.map((e) => [e.action, e.details])).toEqual([
      ['closed', { reason: 'spam', previousReason: null }],
      ['closed', { reason: 'completed', previousReason: 'spam' }],
      ['restored', { previousReason: 'completed' }],
    ]);
    await expect(f.dialogs.restore(dialog.id)).rejects.toMatchObject({ code: 'ALREADY_OPEN' });
  });

  it('refuses to restore while the contact has another open dialog on the account, naming it', async () => {
    const f = setup();
    const first = await f.openDialog('100');
    await f.dialogs.close(first.id, { as: 'completed' });
    const second = await f.store.conversations.createOpen({ channel: first.channel, accountId: first.accountId, contactId: first.contactId });
    await expect(f.dialogs.restore(first.id)).rejects.toMatchObject({ code: 'OPEN_DIALOG_EXISTS', details: { openConversationId: second.conversation.id } });
  });
});

describe('CRM links', () => {
  it('keeps the dialog reachable from the lead, the contact and the order after conversion', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.link(dialog.id, { type: 'lead', id: 'L-1' });
    await f.dialogs.link(dialog.id, { type: 'contact', id: 'C-7' });
    await f.dialogs.link(dialog.id, { type: 'order', id: 'O-9' });
    await f.dialogs.link(dialog.id, { type: 'order', id: 'O-9' });
    for (const link of [{ type: 'lead', id: 'L-1' }, { type: 'contact', id: 'C-7' }, { type: 'order', id: 'O-9' }]) {
      expect((await f.dialogs.findByLink(link)).items.map((c) => c.id)).toEqual([dialog.id]);
    }
    const unlinked = await f.dialogs.unlink(dialog.id, { type: 'lead', id: 'L-1' });
    expect(unlinked.links).toEqual([{ type: 'contact', id: 'C-7' }, { type: 'order', id: 'O-9' }]);
    expect((await f.dialogs.findByLink({ type: 'lead', id: 'L-1' })).items).toEqual([]);
    expect((await f.dialogs.history(dialog.id)).items.map((e) => e.action)).toEqual(['linked', 'linked', 'linked', 'unlinked']);
  });
});

describe('operators who worked on a dialog', () => {
  it('lists everyone from the audit trail, repliers, and the current holder and participants, in order of appearance', async () => {
    const f = setup();
    const dialog = await f.openDialog();
    await f.dialogs.claim(dialog.id, 'alexander');
    await f.dialogs.invite(dialog.id, 'maria', { by: 'alexander' });
    await f.dialogs.delegate(dialog.id, 'oleg', { by: 'alexander', leave: true });
    await f.dialogs.leave(dialog.id, 'maria');
    const current = await f.store.conversations.get(dialog.id);
    if (current === null) throw new Error('dialog vanished');
    await f.store.conversations.update(dialog.id, { repliedBy: ['alexander', 'sveta'] }, current.version);
    expect(await f.dialogs.operators(dialog.id)).toEqual({ assigneeId: 'oleg', participants: [], all: ['alexander', 'maria', 'oleg', 'sveta'] });
  });
});
