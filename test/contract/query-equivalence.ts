// Shared by the SQLite and PostgreSQL query-equivalence tests: random dialogs and filters, and
// the same dialogs written to a reference store (the memory store) and to the store under test.
import fc from 'fast-check';
import type { VirtualClock } from '../../src/core/clock.js';
import { newId } from '../../src/core/ids.js';
import type { ConversationPatch, ConversationQuery, Store } from '../../src/ports/index.js';

export const T0 = Date.UTC(2026, 0, 1);
const time = fc.option(fc.integer({ min: 0, max: 8 }).map((h) => T0 + h * 3_600_000), { nil: undefined });
const operator = fc.constantFrom('op-1', 'op-2', 'op-3');

export const conversationArb = fc.record({
  channel: fc.constantFrom('whatsapp', 'vk'),
  accountId: fc.constantFrom('acc-1', 'acc-2'),
  status: fc.constantFrom('open' as const, 'closed' as const),
  assigneeId: fc.option(operator, { nil: null }),
  ownerId: fc.option(operator, { nil: undefined }),
  lastInboundAt: time,
  lastOutboundAt: time,
  repliedBy: fc.uniqueArray(operator, { maxLength: 3 }),
  links: fc.uniqueArray(fc.constantFrom('L-1', 'L-2'), { maxLength: 2 }).map((ids) => ids.map((id) => ({ type: 'lead', id }))),
  advanceMs: fc.constantFrom(0, 0, 1, 60_000),
});

export const queryArb: fc.Arbitrary<ConversationQuery> = fc
  .record(
    {
      status: fc.constantFrom('open' as const, 'closed' as const),
      assigneeId: fc.option(operator, { nil: null }),
      channel: fc.constantFrom('whatsapp', 'vk'),
      accountId: fc.constantFrom('acc-1', 'acc-2'),
      ownerId: operator,
      link: fc.constantFrom('L-1', 'L-2').map((id) => ({ type: 'lead', id })),
      unrepliedFor: fc.integer({ min: 1, max: 12 }).map((h) => h * 3_600_000),
      repliedWithin: fc.integer({ min: 1, max: 12 }).map((h) => h * 3_600_000),
      lastMessageWithin: fc.integer({ min: 1, max: 12 }).map((h) => h * 3_600_000),
      repliedBy: operator,
      lastInboundBetween: fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 })).map(([a, b]) => ({
        from: T0 + Math.min(a, b) * 3_600_000,
        to: T0 + Math.max(a, b) * 3_600_000,
      })),
      unanswered: fc.boolean(),
    },
  )
  .chain((all) =>
    // One or two filters at a time: more would leave almost every result empty on both sides.
    fc.subarray(Object.keys(all) as (keyof typeof all)[], { minLength: 0, maxLength: 2 }).map((keys) => ({
      ...Object.fromEntries(keys.map((key) => [key, all[key]])),
      now: T0 + 10 * 3_600_000,
    })),
  );

export async function titlesOf(store: Store, query: ConversationQuery, limit: number): Promise<string[]> {
  const titles: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.conversations.list(query, { limit, ...(cursor === undefined ? {} : { cursor }) });
    titles.push(...page.items.map((c) => c.title ?? '?'));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return titles;
}

/** One generated dialog. */
export type ConversationSpec = typeof conversationArb extends fc.Arbitrary<infer T> ? T : never;

/** Writes `conversations` to every store in `stores` alike, advancing `clock` between them. */
export async function seedConversations(conversations: readonly ConversationSpec[], clock: VirtualClock, stores: readonly Pick<Store, 'conversations'>[]): Promise<void> {
  for (const [i, spec] of conversations.entries()) {
    clock.advance(spec.advanceMs);
    const patch: ConversationPatch = {
      status: spec.status, repliedBy: spec.repliedBy,
      ...(spec.lastInboundAt === undefined ? {} : { lastInboundAt: spec.lastInboundAt }),
      ...(spec.lastOutboundAt === undefined ? {} : { lastOutboundAt: spec.lastOutboundAt }),
    };
    const input = {
      channel: spec.channel, accountId: spec.accountId, contactId: newId('ct'), title: `c${i}`, assigneeId: spec.assigneeId, links: spec.links,
      ...(spec.ownerId === undefined ? {} : { ownerId: spec.ownerId }),
    };
    for (const store of stores) {
      const { conversation } = await store.conversations.createOpen(input);
      await store.conversations.update(conversation.id, patch, 1);
    }
  }
}
