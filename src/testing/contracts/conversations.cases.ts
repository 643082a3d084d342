import { DAY, HOUR, MINUTE } from '../../core/clock.js';
import type { ConversationId } from '../../core/ids.js';
import type { Conversation } from '../../model/conversation.js';
import type { CreateOpenConversationInput } from '../../ports/conversations.js';
import type { Store } from '../../ports/store.js';
import { assert, present, rejectsWith } from './assert.js';
import { collectPages, contactId, conversationId } from './builders.js';
import type { ContractCase } from './types.js';

const ACCOUNT = '106540352242922';

function openInput(overrides: Partial<CreateOpenConversationInput> = {}): CreateOpenConversationInput {
  return { channel: 'whatsapp', accountId: ACCOUNT, contactId: contactId(), ...overrides };
}

async function open(store: Store, overrides: Partial<CreateOpenConversationInput> = {}): Promise<Conversation> {
  return (await store.conversations.createOpen(openInput(overrides))).conversation;
}

const ids = (list: readonly Conversation[]): ConversationId[] => list.map((c) => c.id);

/** The conversation repository contract, case by case. */
export const conversationCases: readonly ContractCase[] = [
  {
    name: 'conversations: createOpen creates an open, unassigned conversation at version 1',
    async run({ store, clock, inspect }) {
      const input = openInput({ title: 'Shop group: Ivan Petrov', links: [{ type: 'lead', id: 'L-1' }] });
      const { conversation, created } = await store.conversations.createOpen(input);
      assert.equal(created, true);
      assert.equal(conversation.status, 'open');
      assert.equal(conversation.assigneeId, null);
      assert.deepEqual(conversation.participants, []);
      assert.deepEqual(conversation.links, [{ type: 'lead', id: 'L-1' }]);
      assert.equal(conversation.title, 'Shop group: Ivan Petrov');
      assert.equal(conversation.version, 1);
      assert.equal(conversation.createdAt, clock.now());
      assert.deepEqual(await store.conversations.get(conversation.id), conversation);
      if (inspect) assert.notEqual(await inspect('conversation', conversation.id), null, 'inspect finds the conversation');
    },
  },
  {
    name: 'conversations: createOpen returns the existing open conversation for the same key',
    async run({ store }) {
      const input = openInput();
      const first = await store.conversations.createOpen(input);
      const again = await store.conversations.createOpen({ ...input, title: 'ignored' });
      assert.equal(again.created, false);
      assert.deepEqual(again.conversation, first.conversation);
      const otherAccount = await store.conversations.createOpen({ ...input, accountId: 'another-number' });
      assert.equal(otherAccount.created, true, 'another account of the channel is another dialog');
      const otherChannel = await store.conversations.createOpen({ ...input, channel: 'vk' });
      assert.equal(otherChannel.created, true, 'another channel is another dialog');
    },
  },
  {
    name: 'conversations: findOpen finds the open conversation and ignores closed ones',
    async run({ store }) {
      const input = openInput();
      const key = { channel: input.channel, accountId: input.accountId, contactId: input.contactId };
      assert.equal(await store.conversations.findOpen(key), null);
      const conversation = await open(store, input);
      assert.equal((await store.conversations.findOpen(key))?.id, conversation.id);
      await store.conversations.update(conversation.id, { status: 'closed', closeReason: 'completed' }, 1);
      assert.equal(await store.conversations.findOpen(key), null);
      assert.equal(await store.conversations.get(conversationId()), null);
    },
  },
  {
    name: 'conversations: update applies the patch, bumps the version and sets updatedAt',
    async run({ store, clock }) {
      const conversation = await open(store);
      clock.advance(MINUTE);
      const updated = await store.conversations.update(conversation.id, { assigneeId: 'op-1', participants: ['op-2'], ownerId: 'owner-1' }, 1);
      assert.equal(updated.version, 2);
      assert.equal(updated.assigneeId, 'op-1');
      assert.deepEqual(updated.participants, ['op-2']);
      assert.equal(updated.ownerId, 'owner-1');
      assert.equal(updated.updatedAt, clock.now());
      assert.equal(updated.createdAt, conversation.createdAt);
      assert.deepEqual(await store.conversations.get(conversation.id), updated);
    },
  },
  {
    name: 'conversations: update with a stale expected version fails with VERSION_CONFLICT and changes nothing',
    async run({ store }) {
      const conversation = await open(store);
      await store.conversations.update(conversation.id, { assigneeId: 'op-1' }, 1);
      await rejectsWith(() => store.conversations.update(conversation.id, { assigneeId: 'op-2' }, 1), 'VERSION_CONFLICT');
      const stored = present(await store.conversations.get(conversation.id), 'conversation');
      assert.equal(stored.assigneeId, 'op-1');
      assert.equal(stored.version, 2);
    },
  },
  {
    name: 'conversations: update of an unknown conversation fails with NOT_FOUND',
    async run({ store }) {
      await rejectsWith(() => store.conversations.update(conversationId(), { assigneeId: 'op-1' }, 1), 'NOT_FOUND');
    },
  },
  {
    name: 'conversations: null in a patch clears an optional field and unassigns',
    async run({ store }) {
      const conversation = await open(store, { assigneeId: 'op-1' });
      const closed = await store.conversations.update(conversation.id, { status: 'closed', closeReason: 'spam', closedAt: 5, title: 'x' }, 1);
      const restored = await store.conversations.update(conversation.id, { status: 'open', closeReason: null, closedAt: null, title: null, assigneeId: null }, closed.version);
      assert.equal(restored.status, 'open');
      assert.equal(restored.assigneeId, null);
      assert.equal('closeReason' in restored, false, 'closeReason was removed');
      assert.equal('closedAt' in restored, false, 'closedAt was removed');
      assert.equal('title' in restored, false, 'title was removed');
    },
  },
  {
    name: 'conversations: after closing, createOpen starts a new conversation, and reopening the old one is a DUPLICATE',
    async run({ store }) {
      const input = openInput();
      const first = await open(store, input);
      await store.conversations.update(first.id, { status: 'closed', closeReason: 'completed' }, 1);
      const next = await store.conversations.createOpen(input);
      assert.equal(next.created, true);
      assert.notEqual(next.conversation.id, first.id);
      await rejectsWith(() => store.conversations.update(first.id, { status: 'open' }, 2), 'DUPLICATE');
      assert.equal(present(await store.conversations.get(first.id), 'first').status, 'closed');
    },
  },
  {
    name: 'conversations: createOpen refuses a malformed contact id, naming the field',
    async run({ store }) {
      await rejectsWith(() => store.conversations.createOpen(openInput({ contactId: 'ct_nope' as never })), 'INVALID_INPUT', 'contactId');
      await rejectsWith(() => store.conversations.update(conversationId(), { status: 'archived' as never }, 1), 'INVALID_INPUT', 'status');
      await rejectsWith(() => store.conversations.update(conversationId(), {}, 0), 'INVALID_INPUT', 'expectedVersion');
    },
  },
  {
    name: 'conversations: concurrent createOpen calls from two handles yield one conversation',
    needsSecond: true,
    async run({ store, second }) {
      const input = openInput();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : second).conversations.createOpen(input)));
      assert.equal(new Set(results.map((r) => r.conversation.id)).size, 1, 'one conversation');
      assert.equal(results.filter((r) => r.created).length, 1, 'exactly one caller created it');
    },
  },
  {
    name: 'conversations: concurrent updates with one expected version from two handles: exactly one wins',
    needsSecond: true,
    async run({ store, second }) {
      const conversation = await open(store);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : second).conversations.update(conversation.id, { assigneeId: `op-${i}` }, 1)),
      );
      const winners = outcomes.filter((o) => o.status === 'fulfilled');
      assert.equal(winners.length, 1, 'exactly one update succeeded');
      for (const o of outcomes) if (o.status === 'rejected') assert.equal((o.reason as { code?: unknown }).code, 'VERSION_CONFLICT');
      assert.equal(present(await store.conversations.get(conversation.id), 'conversation').version, 2);
    },
  },
  {
    name: 'conversations: list orders by newest activity first across channels',
    async run({ store, clock }) {
      const a = await open(store, { channel: 'whatsapp' });
      clock.advance(MINUTE);
      const b = await open(store, { channel: 'vk', accountId: '229875643' });
      clock.advance(MINUTE);
      const c = await open(store, { channel: 'whatsapp' });
      await store.conversations.update(a.id, { lastInboundAt: clock.now() + 1 }, 1);
      const page = await store.conversations.list({});
      assert.deepEqual(ids(page.items), [a.id, c.id, b.id]);
      assert.equal(page.nextCursor, null);
    },
  },
  {
    name: 'conversations: list filters by status, assignee (null is unassigned), channel, account, owner, contact and link',
    async run({ store }) {
      const contact = contactId();
      const mine = await open(store, { assigneeId: 'op-1', ownerId: 'owner-1', contactId: contact, links: [{ type: 'lead', id: 'L-7' }] });
      const free = await open(store, { channel: 'vk', accountId: '229875643' });
      const closed = await open(store, { accountId: 'second-number' });
      await store.conversations.update(closed.id, { status: 'closed', closeReason: 'completed' }, 1);
      const list = async (query: Parameters<Store['conversations']['list']>[0]): Promise<ConversationId[]> => ids((await store.conversations.list(query)).items).sort();
      assert.deepEqual(await list({ status: 'open' }), [mine.id, free.id].sort());
      assert.deepEqual(await list({ status: 'closed' }), [closed.id]);
      assert.deepEqual(await list({ assigneeId: 'op-1' }), [mine.id]);
      assert.deepEqual(await list({ assigneeId: null, status: 'open' }), [free.id]);
      assert.deepEqual(await list({ channel: 'vk' }), [free.id]);
      assert.deepEqual(await list({ accountId: 'second-number' }), [closed.id]);
      assert.deepEqual(await list({ ownerId: 'owner-1' }), [mine.id]);
      assert.deepEqual(await list({ contactId: contact }), [mine.id]);
      assert.deepEqual(await list({ link: { type: 'lead', id: 'L-7' } }), [mine.id]);
      assert.deepEqual(await list({ link: { type: 'deal', id: 'L-7' } }), []);
    },
  },
  {
    name: 'conversations: list filters unrepliedFor, repliedWithin and lastMessageWithin relative to now',
    async run({ store, clock }) {
      const t0 = clock.now();
      const waiting = await open(store, { lastInboundAt: t0 });
      const answered = await open(store, { lastInboundAt: t0 });
      await store.conversations.update(answered.id, { lastOutboundAt: t0 + HOUR, lastRepliedBy: 'op-1' }, 1);
      const fresh = await open(store, { lastInboundAt: t0 + 2 * DAY });
      const silent = await open(store);
      const now = t0 + 3 * DAY;
      const list = async (query: Parameters<Store['conversations']['list']>[0]): Promise<ConversationId[]> => ids((await store.conversations.list(query)).items).sort();
      assert.deepEqual(await list({ unrepliedFor: 2 * DAY, now }), [waiting.id]);
      assert.deepEqual(await list({ unrepliedFor: DAY, now }), [waiting.id, fresh.id].sort());
      assert.deepEqual(await list({ repliedWithin: 3 * DAY, now }), [answered.id]);
      assert.deepEqual(await list({ repliedWithin: 2 * DAY, now }), []);
      assert.deepEqual(await list({ lastMessageWithin: DAY + 1, now }), [fresh.id]);
      assert.deepEqual(await list({ lastMessageWithin: 3 * DAY, now }), [waiting.id, answered.id, fresh.id].sort());
      assert.equal((await list({ lastMessageWithin: 100 * DAY, now })).includes(silent.id), false, 'no messages, no match');
    },
  },
  {
    name: 'conversations: list filters repliedBy',
    async run({ store }) {
      const a = await open(store);
      const b = await open(store);
      await store.conversations.update(a.id, { repliedBy: ['op-1', 'op-2'], lastRepliedBy: 'op-2' }, 1);
      await store.conversations.update(b.id, { repliedBy: ['op-2'], lastRepliedBy: 'op-2' }, 1);
      assert.deepEqual(ids((await store.conversations.list({ repliedBy: 'op-1' })).items), [a.id]);
      assert.equal((await store.conversations.list({ repliedBy: 'op-2' })).items.length, 2);
      assert.equal((await store.conversations.list({ repliedBy: 'op-3' })).items.length, 0);
    },
  },
  {
    name: 'conversations: list filters lastInboundBetween (both bounds inclusive) and unanswered',
    async run({ store, clock }) {
      const t0 = clock.now();
      const early = await open(store, { lastInboundAt: t0 });
      const late = await open(store, { lastInboundAt: t0 + HOUR });
      await store.conversations.update(late.id, { lastOutboundAt: t0 + 2 * HOUR }, 1);
      const none = await open(store);
      const list = async (query: Parameters<Store['conversations']['list']>[0]): Promise<ConversationId[]> => ids((await store.conversations.list(query)).items).sort();
      assert.deepEqual(await list({ lastInboundBetween: { from: t0, to: t0 + HOUR - 1 } }), [early.id]);
      assert.deepEqual(await list({ lastInboundBetween: { from: t0, to: t0 + HOUR } }), [early.id, late.id].sort());
      assert.deepEqual(await list({ lastInboundBetween: { from: t0 + 1, to: t0 + HOUR } }), [late.id]);
      assert.deepEqual(await list({ lastInboundBetween: { from: -HOUR, to: t0 - 1 } }), [], 'bounds before the epoch are allowed');
      assert.deepEqual(await list({ unanswered: true }), [early.id]);
      assert.deepEqual(await list({ unanswered: false }), [late.id, none.id].sort());
      assert.deepEqual(await list({ unanswered: true, lastInboundBetween: { from: t0 + 1, to: t0 + DAY } }), []);
    },
  },
  {
    name: 'conversations: list pages with a cursor without gaps or repeats, stable under inserts',
    async run({ store, clock }) {
      const created: ConversationId[] = [];
      for (let i = 0; i < 7; i++) {
        created.push((await open(store)).id);
        if (i % 3 === 0) clock.advance(1_000);
      }
      const first = await store.conversations.list({}, { limit: 3 });
      assert.equal(first.items.length, 3);
      clock.advance(1_000);
      await open(store); // newer than everything: belongs before page one, never on later pages
      const rest = await collectPages((cursor) => store.conversations.list({}, { limit: 3, ...(cursor === undefined ? {} : { cursor }) }), 10);
      const restartedAt = first.nextCursor;
      assert.ok(restartedAt !== null, 'a first page of 3 out of 7 has a next cursor');
      const after = await collectPages((cursor) => store.conversations.list({}, { limit: 3, cursor: cursor ?? restartedAt }));
      const seen = [...ids(first.items), ...after.flat().map((c) => c.id)];
      assert.deepEqual([...seen].sort(), [...created].sort(), 'every conversation exactly once');
      assert.equal(rest.flat().length, 8);
    },
  },
  {
    name: 'conversations: list refuses a malformed cursor with INVALID_CURSOR and a duration filter without now',
    async run({ store }) {
      await rejectsWith(() => store.conversations.list({}, { cursor: '%%%' }), 'INVALID_CURSOR', 'page.cursor');
      await rejectsWith(() => store.conversations.list({}, { cursor: Buffer.from('not a cursor').toString('base64url') }), 'INVALID_CURSOR');
      await rejectsWith(() => store.conversations.list({ unrepliedFor: DAY }), 'INVALID_INPUT', 'now');
      await rejectsWith(() => store.conversations.list({}, { limit: 0 }), 'INVALID_INPUT', 'limit');
    },
  },
];
