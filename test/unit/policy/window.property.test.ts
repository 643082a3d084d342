import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InboundEvent, WindowRule } from '../../../src/channels/adapter.js';
import { DAY, HOUR, MINUTE } from '../../../src/core/clock.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import { conversationSchema } from '../../../src/model/conversation.js';
import type { ConversationWindowState, WindowFact } from '../../../src/policy/index.js';
import {
  applyInboundToWindow, applyWindowFact, checkWindow, closedUnansweredFilter, matchesWindowFilter, windowClosingWithinFilter,
} from '../../../src/policy/index.js';
import { customerMessage, permission, reaction, status } from './events.js';

const NOW = Date.parse('2026-11-21T09:00:00Z');
const SESSION: WindowRule = { kind: 'session', durationMs: DAY };
const PERMISSION: WindowRule = { kind: 'permission' };

/** Provider timestamps over the last 3 days, in milliseconds or (a third of the time) seconds. */
const timestamp = fc.integer({ min: NOW - 3 * DAY, max: NOW }).chain((ms) =>
  fc.oneof(fc.constant(ms), fc.constant(Math.floor(ms / 1000))),
);

const event: fc.Arbitrary<InboundEvent> = fc.oneof(
  timestamp.map((t) => customerMessage(t)),
  timestamp.map((t) => customerMessage(t, { referral: { sourceType: 'ad' } })),
  timestamp.map((t) => reaction(t)),
  timestamp.map((t) => status(t)),
  fc.tuple(fc.boolean(), timestamp).map(([allowed, t]) => permission(allowed, t)),
);

/** A list of events with duplicates, and the same list in another order. */
const twoOrders = fc.array(event, { maxLength: 25 }).chain((events) => {
  const withDuplicates = [...events, ...events.slice(0, Math.ceil(events.length / 3))];
  return fc.tuple(fc.constant(withDuplicates), fc.shuffledSubarray(withDuplicates, { minLength: withDuplicates.length, maxLength: withDuplicates.length }));
});

function reduce(events: readonly InboundEvent[], rule: WindowRule): ConversationWindowState {
  return events.reduce<ConversationWindowState>((state, e) => applyInboundToWindow(state, e, { rule, now: NOW }), {});
}

describe('window state: properties', () => {
  it('ends in the same state whatever order and however often events arrive', () => {
    fc.assert(
      fc.property(twoOrders, fc.constantFrom(SESSION, PERMISSION), ([a, b], rule) => {
        expect(reduce(b, rule)).toEqual(reduce(a, rule));
      }),
    );
  });

  it('never shrinks a session window: every step keeps every moment that was open, open', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), fc.array(fc.integer({ min: NOW - 3 * DAY, max: NOW + 2 * DAY }), { minLength: 1, maxLength: 8 }), (events, probes) => {
        let state: ConversationWindowState = {};
        for (const e of events) {
          const next = applyInboundToWindow(state, e, { rule: SESSION, now: NOW });
          expect(next.lastInboundAt ?? -1).toBeGreaterThanOrEqual(state.lastInboundAt ?? -1);
          for (const t of probes) {
            if (checkWindow({ rule: SESSION, conversation: state, now: t, kind: 'free_form' }).allowed) {
              expect(checkWindow({ rule: SESSION, conversation: next, now: t, kind: 'free_form' }).allowed).toBe(true);
            }
          }
          state = next;
        }
      }),
    );
  });

  it('a provider "window closed" (131047) refuses free-form exactly while no customer message is newer than the latest one, whatever the order', () => {
    const fact = fc.oneof(
      fc.integer({ min: NOW - 3 * DAY, max: NOW }).map((t): WindowFact => ({ type: 'customer_message', timestamp: t })),
      fc.integer({ min: NOW - 3 * DAY, max: NOW }).map((t): WindowFact => ({ type: 'window_closed', timestamp: t })),
    );
    const facts = fc.array(fact, { maxLength: 20 }).chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })));
    fc.assert(
      fc.property(facts, fc.integer({ min: NOW - 3 * DAY, max: NOW + DAY }), ([a, b], t) => {
        const apply = (list: readonly WindowFact[]): ConversationWindowState => list.reduce<ConversationWindowState>((state, f) => applyWindowFact(state, f, { rule: SESSION, now: NOW }), {});
        const state = apply(a);
        expect(apply(b)).toEqual(state);
        const newest = (type: WindowFact['type']): number | undefined => {
          const times = a.filter((f) => f.type === type).map((f) => f.timestamp);
          return times.length === 0 ? undefined : Math.max(...times);
        };
        const last = newest('customer_message');
        const closed = newest('window_closed');
        const expected = last !== undefined && t < last + DAY && (closed === undefined || last > closed);
        expect(checkWindow({ rule: SESSION, conversation: state, now: t, kind: 'free_form' }).allowed).toBe(expected);
      }),
    );
  });

  it('keeps lastInboundAt at the newest window-refreshing customer message, in milliseconds', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        const refreshing = events.flatMap((e) => (e.type === 'message.received' && e.refreshesWindow ? [e.timestamp < 1e11 ? e.timestamp * 1000 : e.timestamp] : []));
        const expected = refreshing.length === 0 ? undefined : Math.max(...refreshing);
        expect(reduce(events, SESSION).lastInboundAt).toBe(expected);
      }),
    );
  });

  it('decides at t exactly as it decides from the stored (serialized and re-parsed) conversation', () => {
    const ids = createIdGenerator({ clock: { now: () => NOW } });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 20 }),
        fc.constantFrom(SESSION, PERMISSION, { kind: 'session', durationMs: 7 * DAY } as WindowRule),
        fc.integer({ min: NOW - DAY, max: NOW + 3 * DAY }),
        fc.constantFrom<('free_form' | 'template')[]>('free_form', 'template'),
        fc.integer({ min: 0, max: HOUR }),
        (events, rule, t, kind, safetyMarginMs) => {
          const window = reduce(events, rule);
          const conversation = {
            id: ids.next('cv'), channel: 'whatsapp', accountId: '106540352242922', contactId: ids.next('ct'), status: 'open',
            assigneeId: null, participants: [], links: [], createdAt: NOW - 4 * DAY, updatedAt: NOW, version: 1, ...window,
          };
          const stored = conversationSchema.parse(JSON.parse(JSON.stringify(conversation)));
          const input = { rule, now: t, kind, safetyMarginMs };
          expect(checkWindow({ ...input, conversation: stored })).toEqual(checkWindow({ ...input, conversation: window }));
        },
      ),
    );
  });
});

describe('window queries: the repository filters agree with checkWindow', () => {
  /** A query moment, a margin, a "within", and a conversation whose last message often sits right at a boundary. */
  const scenario = fc
    .record({
      now: fc.integer({ min: NOW - DAY, max: NOW + DAY }),
      safetyMarginMs: fc.integer({ min: 0, max: HOUR }),
      within: fc.integer({ min: 0, max: 2 * DAY }),
      delta: fc.integer({ min: -2, max: 2 }),
      lastOutboundAt: fc.option(fc.integer({ min: NOW - 3 * DAY, max: NOW + DAY }), { nil: undefined }),
    })
    .chain((s) => {
      const closesNow = s.now - DAY + s.safetyMarginMs;
      return fc
        .oneof(
          fc.constant(undefined),
          fc.integer({ min: NOW - 3 * DAY, max: NOW + MINUTE }),
          fc.constant(closesNow + s.delta),
          fc.constant(closesNow + s.within + s.delta),
        )
        .map((lastInboundAt) => ({ ...s, conversation: { ...(lastInboundAt === undefined ? {} : { lastInboundAt }), ...(s.lastOutboundAt === undefined ? {} : { lastOutboundAt: s.lastOutboundAt }) } }));
    });

  it('"closes within D" matches exactly the open windows whose closesAt is at most now + D', () => {
    fc.assert(
      fc.property(scenario, ({ now, safetyMarginMs, within, conversation }) => {
        const filter = windowClosingWithinFilter({ rule: SESSION, now, within, safetyMarginMs })!;
        const decision = checkWindow({ rule: SESSION, conversation, now, kind: 'free_form', safetyMarginMs });
        const expected = decision.allowed && decision.closesAt !== undefined && decision.closesAt <= now + within;
        expect(matchesWindowFilter(conversation, filter)).toBe(expected);
      }),
    );
  });

  it('"closed and unanswered" matches exactly the refused windows whose customer message has no later reply', () => {
    fc.assert(
      fc.property(scenario, ({ now, safetyMarginMs, conversation }) => {
        const filter = closedUnansweredFilter({ rule: SESSION, now, safetyMarginMs })!;
        const decision = checkWindow({ rule: SESSION, conversation, now, kind: 'free_form', safetyMarginMs });
        const last = conversation.lastInboundAt;
        const unanswered = last !== undefined && (conversation.lastOutboundAt === undefined || conversation.lastOutboundAt < last);
        expect(matchesWindowFilter(conversation, filter)).toBe(!decision.allowed && unanswered);
      }),
    );
  });
});
