import type { MessageId } from '../../core/ids.js';
import type { StatusUpdate } from '../../model/message-status.js';
import { assert, present, rejectsWith } from './assert.js';
import { collectPages, conversationId, outboundMessage } from './builders.js';
import type { ContractCase } from './types.js';

const WAMID = 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA';

/** The message repository contract, case by case. */
export const messageCases: readonly ContractCase[] = [
  {
    name: 'messages: append stores a message that getById, getByIdempotencyKey and getByProviderId find',
    async run({ store, clock, inspect }) {
      const message = outboundMessage(clock, { providerMessageId: WAMID });
      const result = await store.messages.append(message);
      assert.equal(result.created, true);
      assert.deepEqual(result.message, message);
      assert.deepEqual(await store.messages.getById(message.id), message);
      assert.deepEqual(await store.messages.getByIdempotencyKey(message.idempotencyKey), message);
      assert.deepEqual(await store.messages.getByProviderId({ channel: 'whatsapp', accountId: message.accountId, providerMessageId: WAMID }), message);
      assert.equal(await store.messages.getByIdempotencyKey('unknown-key'), null);
      if (inspect) assert.notEqual(await inspect('message', message.id), null, 'inspect finds the message');
    },
  },
  {
    name: 'messages: append with a taken idempotency key returns the stored message and stores nothing',
    async run({ store, clock }) {
      const message = outboundMessage(clock, { idempotencyKey: 'order-1024-shipped' });
      await store.messages.append(message);
      const repeat = outboundMessage(clock, { idempotencyKey: 'order-1024-shipped', conversationId: message.conversationId });
      const result = await store.messages.append(repeat);
      assert.equal(result.created, false);
      assert.equal(result.message.id, message.id);
      assert.equal(await store.messages.getById(repeat.id), null);
      assert.equal((await store.messages.listByConversation(message.conversationId)).items.length, 1);
    },
  },
  {
    name: 'messages: append with a taken provider id on the same account returns the stored message',
    async run({ store, clock }) {
      const inbound = outboundMessage(clock, { direction: 'inbound', status: 'received', timestamps: { received: clock.now() }, providerMessageId: WAMID, idempotencyKey: 'in-1' });
      await store.messages.append(inbound);
      const retried = await store.messages.append({ ...inbound, id: outboundMessage(clock).id, idempotencyKey: 'in-1-retry' });
      assert.equal(retried.created, false);
      assert.equal(retried.message.id, inbound.id);
      const elsewhere = await store.messages.append({ ...inbound, id: outboundMessage(clock).id, idempotencyKey: 'in-2', accountId: 'another-number' });
      assert.equal(elsewhere.created, true, 'the same provider id on another account is another message');
    },
  },
  {
    name: 'messages: append refuses a malformed message, naming the field, and a taken id as DUPLICATE',
    async run({ store, clock }) {
      await rejectsWith(() => store.messages.append({ ...outboundMessage(clock), conversationId: 'cv_1' as never }), 'INVALID_INPUT', 'conversationId');
      await rejectsWith(() => store.messages.append({ ...outboundMessage(clock), content: { type: 'text', text: '' } }), 'INVALID_INPUT', 'content.text');
      const message = outboundMessage(clock);
      await store.messages.append(message);
      await rejectsWith(() => store.messages.append({ ...outboundMessage(clock), id: message.id }), 'DUPLICATE');
    },
  },
  {
    name: 'messages: concurrent appends of one message from two handles store one row',
    needsSecond: true,
    async run({ store, second, clock }) {
      const message = outboundMessage(clock, { providerMessageId: WAMID });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : second).messages.append(i < 2 ? message : { ...outboundMessage(clock), providerMessageId: WAMID, conversationId: message.conversationId })),
      );
      assert.equal(results.filter((r) => r.created).length, 1, 'exactly one append created a row');
      assert.equal(new Set(results.map((r) => r.message.id)).size, 1, 'all callers got the same message');
      assert.equal((await second.messages.listByConversation(message.conversationId)).items.length, 1);
    },
  },
  {
    name: 'messages: applyStatus moves the status forward only, each timestamp set by its first report',
    async run({ store, clock }) {
      const message = outboundMessage(clock);
      await store.messages.append(message);
      const t = clock.now();
      const sent = await store.messages.applyStatus(message.id, { status: 'sent', at: t + 1 });
      assert.equal(sent.advanced, true);
      await store.messages.applyStatus(message.id, { status: 'read', at: t + 3 });
      const late = await store.messages.applyStatus(message.id, { status: 'delivered', at: t + 2 });
      assert.equal(late.advanced, false, 'delivered after read does not regress');
      const failed = await store.messages.applyStatus(message.id, { status: 'failed', at: t + 4, error: { code: 'X', message: 'late failure' } });
      assert.equal(failed.advanced, false, 'a failure never overrides read');
      const again = await store.messages.applyStatus(message.id, { status: 'sent', at: t + 9 });
      assert.equal(again.changed, false);
      const stored = present(await store.messages.getById(message.id), 'message');
      assert.equal(stored.status, 'read');
      assert.deepEqual(stored.timestamps, { queued: t, sent: t + 1, read: t + 3, delivered: t + 2, failed: t + 4 });
      assert.equal(stored.error, undefined);
    },
  },
  {
    name: 'messages: applyStatus sets the provider id once and makes the message findable by it',
    async run({ store, clock }) {
      const message = outboundMessage(clock);
      await store.messages.append(message);
      await store.messages.applyStatus(message.id, { status: 'sent', at: clock.now(), providerMessageId: WAMID });
      await store.messages.applyStatus(message.id, { status: 'delivered', at: clock.now(), providerMessageId: 'wamid.other' });
      const found = present(await store.messages.getByProviderId({ channel: 'whatsapp', accountId: message.accountId, providerMessageId: WAMID }), 'by provider id');
      assert.equal(found.id, message.id);
      assert.equal(found.providerMessageId, WAMID);
      assert.equal(found.status, 'delivered');
      assert.equal(await store.messages.getByProviderId({ channel: 'whatsapp', accountId: message.accountId, providerMessageId: 'wamid.other' }), null);
    },
  },
  {
    name: 'messages: applyStatus refuses a provider id that belongs to another message (DUPLICATE)',
    async run({ store, clock }) {
      const owner = outboundMessage(clock, { providerMessageId: WAMID });
      await store.messages.append(owner);
      const other = outboundMessage(clock);
      await store.messages.append(other);
      await rejectsWith(() => store.messages.applyStatus(other.id, { status: 'sent', at: clock.now(), providerMessageId: WAMID }), 'DUPLICATE');
      const stored = present(await store.messages.getById(other.id), 'other');
      assert.equal(stored.status, 'queued', 'the refused report changed nothing');
      assert.equal(stored.providerMessageId, undefined);
      assert.equal((await store.messages.getByProviderId({ channel: 'whatsapp', accountId: owner.accountId, providerMessageId: WAMID }))?.id, owner.id);
    },
  },
  {
    name: 'messages: applyStatus on an unknown message fails with NOT_FOUND and refuses a bad report',
    async run({ store, clock }) {
      await rejectsWith(() => store.messages.applyStatus(outboundMessage(clock).id, { status: 'sent', at: clock.now() }), 'NOT_FOUND');
      const message = outboundMessage(clock);
      await store.messages.append(message);
      await rejectsWith(() => store.messages.applyStatus(message.id, { status: 'received', at: 1 } as unknown as StatusUpdate), 'INVALID_INPUT', 'status');
      await rejectsWith(() => store.messages.applyStatus(message.id, { status: 'sent', at: -1 }), 'INVALID_INPUT', 'at');
    },
  },
  {
    name: 'messages: concurrent status reports from two handles end in the highest status, whatever the order',
    needsSecond: true,
    async run({ store, second, clock }) {
      const message = outboundMessage(clock);
      await store.messages.append(message);
      const t = clock.now();
      const reports: StatusUpdate[] = [
        { status: 'read', at: t + 3 }, { status: 'sent', at: t + 1 }, { status: 'delivered', at: t + 2 },
        { status: 'sent', at: t + 1 }, { status: 'failed', at: t + 5, error: { code: 'E', message: 'late' } }, { status: 'delivered', at: t + 2 },
      ];
      await Promise.all(reports.map((r, i) => (i % 2 === 0 ? store : second).messages.applyStatus(message.id, r)));
      const stored = present(await store.messages.getById(message.id), 'message');
      assert.equal(stored.status, 'read');
      assert.equal(stored.timestamps.sent, t + 1);
      assert.equal(stored.timestamps.delivered, t + 2);
      assert.equal(stored.timestamps.read, t + 3);
      assert.equal(stored.timestamps.failed, t + 5);
      assert.equal(stored.timestamps.queued, t, 'no report was lost or overwritten');
    },
  },
  {
    name: 'messages: listByConversation returns messages oldest first and pages with a cursor',
    async run({ store, clock }) {
      const conversation = conversationId();
      const appended: MessageId[] = [];
      for (let i = 0; i < 5; i++) {
        const message = outboundMessage(clock, { conversationId: conversation });
        await store.messages.append(message);
        appended.push(message.id);
        if (i % 2 === 1) clock.advance(10);
      }
      await store.messages.append(outboundMessage(clock));
      const pages = await collectPages((cursor) => store.messages.listByConversation(conversation, { limit: 2, ...(cursor === undefined ? {} : { cursor }) }));
      assert.deepEqual(pages.map((p) => p.length), [2, 2, 1]);
      assert.deepEqual(pages.flat().map((m) => m.id), appended);
      await rejectsWith(() => store.messages.listByConversation(conversation, { cursor: 'Zm9v' }), 'INVALID_CURSOR');
      await rejectsWith(() => store.messages.listByConversation('conversation-1' as never), 'INVALID_ID', 'conversationId');
    },
  },
];
