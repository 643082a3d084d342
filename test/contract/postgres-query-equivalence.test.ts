// The PostgreSQL twin of sqlite-query-equivalence.test.ts: the SQL WHERE clause of
// examples/postgres/conversations.ts against the reference semantics, on random dialogs and filters.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../examples/postgres/postgres-store.js';
import { postgresTestDatabase, SKIP_WITHOUT_DATABASE } from '../../examples/postgres/test-database.js';
import { createVirtualClock } from '../../src/core/clock.js';
import { newId } from '../../src/core/ids.js';
import type { ConversationPatch, ConversationQuery, Store } from '../../src/ports/index.js';
import { createMemoryStore } from '../../src/ports/index.js';

const T0 = Date.UTC(2026, 0, 1);
const time = fc.option(fc.integer({ min: 0, max: 8 }).map((h) => T0 + h * 3_600_000), { nil: undefined });
const operator = fc.constantFrom('op-1', 'op-2', 'op-3');

const conversationArb = fc.record({
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

const queryArb: fc.Arbitrary<ConversationQuery> = fc
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

async function titlesOf(store: Store, query: ConversationQuery, limit: number): Promise<string[]> {
  const titles: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.conversations.list(query, { limit, ...(cursor === undefined ? {} : { cursor }) });
    titles.push(...page.items.map((c) => c.title ?? '?'));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return titles;
}

const database = postgresTestDatabase('query');

if (database === undefined) {
  describe.skip(`the PostgreSQL conversation query — ${SKIP_WITHOUT_DATABASE}`, () => {
    it('returns exactly what the reference semantics (the memory store) return, in the same order, page by page', () => undefined);
  });
} else {
  const { schema } = database;
  const pool = database.pool(2);

  beforeAll(async () => {
    await (await openPostgresStore({ pool, schema })).close();
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  describe('the PostgreSQL conversation query', () => {
    it('returns exactly what the reference semantics (the memory store) return, in the same order, page by page', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(conversationArb, { minLength: 1, maxLength: 12 }), queryArb, fc.integer({ min: 1, max: 5 }), async (conversations, query, limit) => {
          await database.truncate();
          const clock = createVirtualClock(T0);
          const memory = createMemoryStore({ clock });
          const postgres = await openPostgresStore({ pool, schema, clock, migrate: false });
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
            for (const store of [memory, postgres]) {
              const { conversation } = await store.conversations.createOpen(input);
              await store.conversations.update(conversation.id, patch, 1);
            }
          }
          expect(await titlesOf(postgres, query, limit)).toEqual(await titlesOf(memory, query, limit));
        }),
        { numRuns: 100 },
      );
    });
  });
}
