// The PostgreSQL twin of sqlite-query-equivalence.test.ts: the SQL WHERE clause of
// examples/postgres/conversations.ts against the reference semantics, on random dialogs and filters.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../examples/postgres/postgres-store.js';
import { postgresTestDatabase, SKIP_WITHOUT_DATABASE } from '../../examples/postgres/test-database.js';
import { createVirtualClock } from '../../src/core/clock.js';
import { createMemoryStore } from '../../src/ports/index.js';
import { conversationArb, queryArb, seedConversations, T0, titlesOf } from './query-equivalence.js';

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
          await seedConversations(conversations, clock, [memory, postgres]);
          expect(await titlesOf(postgres, query, limit)).toEqual(await titlesOf(memory, query, limit));
        }),
        { numRuns: 100 },
      );
    });
  });
}
