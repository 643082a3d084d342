import type { ConversationId } from '../../core/ids.js';
import { newId } from '../../core/ids.js';
import type { AuditEntry } from '../../model/audit.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Store } from '../../ports/store.js';
import { assert, rejectsWith } from './assert.js';
import { conversationId } from './builders.js';
import type { ContractCase } from './types.js';

/** The store's audit log; a store without one fails every case with a clear message. */
function auditLogOf(store: Store): AuditLog {
  const log = (store as Partial<Record<'auditLog', AuditLog>>).auditLog;
  assert.ok(log !== undefined, 'The store has no auditLog port');
  return log;
}

function entry(conversation: ConversationId, at: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { id: newId('au'), conversationId: conversation, actor: { kind: 'operator', id: 'alexander' }, action: 'claimed', details: { operatorId: 'alexander' }, at, ...overrides };
}

async function listAll(log: AuditLog, conversation: ConversationId, limit: number): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await log.listByConversation(conversation, { limit, ...(cursor === undefined ? {} : { cursor }) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

/** The audit log contract, case by case. */
export const auditLogCases: readonly ContractCase[] = [
  {
    name: 'audit: append stores an entry with every field, and lists a conversation oldest first',
    async run({ store, clock }) {
      const log = auditLogOf(store);
      const cv = conversationId();
      const closed = entry(cv, clock.now() + 2, { actor: { kind: 'system', reason: 'host' }, action: 'closed', details: { reason: 'spam', previousReason: null, takeOver: false, count: 3, operators: ['a', 'b'] } });
      const claimed = entry(cv, clock.now());
      const reopened = entry(cv, clock.now() + 1, { actor: { kind: 'customer' }, action: 'reopened', details: {} });
      for (const e of [closed, claimed, reopened]) assert.deepEqual(await log.append(e), { entry: e, created: true });
      await log.append(entry(conversationId(), clock.now()));
      const page = await log.listByConversation(cv);
      assert.deepEqual(page, { items: [claimed, reopened, closed], nextCursor: null });
    },
  },
  {
    name: 'audit: append is idempotent by id: a repeat stores nothing and returns the first entry',
    async run({ store, clock }) {
      const log = auditLogOf(store);
      const cv = conversationId();
      const first = entry(cv, clock.now());
      await log.append(first);
      const repeat = await log.append({ ...first, details: { operatorId: 'someone-else' } });
      assert.deepEqual(repeat, { entry: first, created: false });
      assert.deepEqual((await log.listByConversation(cv)).items, [first]);
    },
  },
  {
    name: 'audit: entries of one millisecond list in id order',
    async run({ store, clock }) {
      const log = auditLogOf(store);
      const cv = conversationId();
      const entries = Array.from({ length: 5 }, () => entry(cv, clock.now()));
      for (const e of [...entries].reverse()) await log.append(e);
      assert.deepEqual((await log.listByConversation(cv)).items.map((e) => e.id), entries.map((e) => e.id).sort());
    },
  },
  {
    name: 'audit: keyset paging returns every entry once; entries appended later come on later pages',
    async run({ store, clock }) {
      const log = auditLogOf(store);
      const cv = conversationId();
      const entries = Array.from({ length: 7 }, (_, i) => entry(cv, clock.now() + i));
      for (const e of entries) await log.append(e);
      const first = await log.listByConversation(cv, { limit: 3 });
      assert.deepEqual(first.items, entries.slice(0, 3));
      assert.ok(first.nextCursor !== null);
      const late = entry(cv, clock.now() + 100);
      await log.append(late);
      const rest: AuditEntry[] = [];
      let cursor: string | null = first.nextCursor;
      while (cursor !== null) {
        const page = await log.listByConversation(cv, { limit: 3, cursor });
        rest.push(...page.items);
        cursor = page.nextCursor;
      }
      assert.deepEqual(rest, [...entries.slice(3), late]);
      assert.deepEqual(await listAll(log, cv, 500), [...entries, late]);
    },
  },
  {
    name: 'audit: refuses malformed entries, ids and cursors with typed errors',
    async run({ store, clock }) {
      const log = auditLogOf(store);
      const cv = conversationId();
      await rejectsWith(() => log.append({ ...entry(cv, clock.now()), id: 'au_nope' as AuditEntry['id'] }), 'INVALID_INPUT');
      await rejectsWith(() => log.append({ ...entry(cv, clock.now()), action: 'deleted' as AuditEntry['action'] }), 'INVALID_INPUT');
      await rejectsWith(() => log.append({ ...entry(cv, clock.now()), actor: { kind: 'operator' } as AuditEntry['actor'] }), 'INVALID_INPUT');
      await rejectsWith(() => log.listByConversation('cv_nope' as ConversationId), 'INVALID_ID', 'conversationId');
      await rejectsWith(() => log.listByConversation(cv, { cursor: 'not a cursor!' }), 'INVALID_CURSOR');
      assert.deepEqual((await log.listByConversation(cv)).items, [], 'refused appends stored nothing');
    },
  },
  {
    name: 'audit: concurrent appends of one id from two handles store one entry',
    needsSecond: true,
    async run({ store, second, clock }) {
      const cv = conversationId();
      const one = entry(cv, clock.now());
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => auditLogOf(i % 2 === 0 ? store : second).append(one)));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.deepEqual((await auditLogOf(second).listByConversation(cv)).items, [one]);
    },
  },
];
