import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/core/clock.js';
import { newId } from '../../../src/core/ids.js';
import type { Conversation } from '../../../src/model/index.js';
import { closedUnansweredFilter, matchesWindowFilter, windowClosingWithinFilter } from '../../../src/policy/index.js';
import { conversationQuerySchema, matchesConversationQuery } from '../../../src/ports/index.js';

const T0 = Date.UTC(2026, 0, 2);
const rule = { kind: 'session' as const, durationMs: 24 * HOUR };
const instant = fc.integer({ min: T0 - 3 * 24 * HOUR, max: T0 });

const conversationArb = fc.record({ lastInboundAt: fc.option(instant, { nil: undefined }), lastOutboundAt: fc.option(instant, { nil: undefined }) }).map(
  (times): Conversation => ({
    id: newId('cv'), channel: 'whatsapp', accountId: 'a', contactId: newId('ct'), status: 'open', assigneeId: null,
    participants: [], links: [], createdAt: 0, updatedAt: 0, version: 1,
    ...(times.lastInboundAt === undefined ? {} : { lastInboundAt: times.lastInboundAt }),
    ...(times.lastOutboundAt === undefined ? {} : { lastOutboundAt: times.lastOutboundAt }),
  }),
);

// The policy helpers build conversation filters; the repositories must read them the same way.
describe('window filters from the policy module', () => {
  it('are valid conversation queries that select exactly what matchesWindowFilter selects', () => {
    fc.assert(
      fc.property(conversationArb, fc.integer({ min: 1, max: 48 * HOUR }), fc.integer({ min: 0, max: HOUR }), (conversation, within, safetyMarginMs) => {
        const filters = [
          windowClosingWithinFilter({ rule, now: T0, within, safetyMarginMs }),
          closedUnansweredFilter({ rule, now: T0, safetyMarginMs }),
        ];
        for (const filter of filters) {
          expect(filter).not.toBeNull();
          if (filter === null) continue;
          const query = conversationQuerySchema.parse(filter);
          expect(matchesConversationQuery(conversation, query)).toBe(matchesWindowFilter(conversation, filter));
        }
      }),
    );
  });
});
