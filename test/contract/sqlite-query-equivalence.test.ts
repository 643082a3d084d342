import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../examples/sqlite/sqlite-store.js';
import { createVirtualClock } from '../../src/core/clock.js';
import { createMemoryStore } from '../../src/ports/index.js';
import { conversationArb, queryArb, seedConversations, T0, titlesOf } from './query-equivalence.js';

describe('the SQLite conversation query', () => {
  it('returns exactly what the reference semantics (the memory store) return, in the same order, page by page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(conversationArb, { minLength: 1, maxLength: 12 }), queryArb, fc.integer({ min: 1, max: 5 }), async (conversations, query, limit) => {
        const clock = createVirtualClock(T0);
        const memory = createMemoryStore({ clock });
        const sqlite = openSqliteStore({ path: ':memory:', clock });
        try {
          await seedConversations(conversations, clock, [memory, sqlite]);
          expect(await titlesOf(sqlite, query, limit)).toEqual(await titlesOf(memory, query, limit));
        } finally {
          sqlite.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});
