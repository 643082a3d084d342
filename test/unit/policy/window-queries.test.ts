import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../../src/core/clock.js';
import { closedUnansweredFilter, matchesWindowFilter, windowClosingWithinFilter } from '../../../src/policy/index.js';

const NOW = Date.parse('2026-11-21T09:00:00Z');
const WHATSAPP = { kind: 'session', durationMs: DAY } as const;

describe('window queries for CRM lists', () => {
  it('"reply soon": windows closing within 2 h are those whose customer wrote between 24 h and 22 h ago', () => {
    const filter = windowClosingWithinFilter({ rule: WHATSAPP, now: NOW, within: 2 * HOUR });
    expect(filter).toEqual({ lastInboundBetween: { from: NOW - DAY + 1, to: NOW - 22 * HOUR }, now: NOW });
    expect(matchesWindowFilter({ lastInboundAt: NOW - 23 * HOUR }, filter!)).toBe(true);
    expect(matchesWindowFilter({ lastInboundAt: NOW - DAY }, filter!)).toBe(false); // closed right now
    expect(matchesWindowFilter({ lastInboundAt: NOW - HOUR }, filter!)).toBe(false); // 23 h left
    expect(matchesWindowFilter({}, filter!)).toBe(false);
  });

  it("takes the send path's safety margin into account so the list and the guard agree", () => {
    const filter = windowClosingWithinFilter({ rule: WHATSAPP, now: NOW, within: HOUR, safetyMarginMs: 10 * MINUTE });
    expect(filter!.lastInboundBetween).toEqual({ from: NOW - DAY + 10 * MINUTE + 1, to: NOW - 23 * HOUR + 10 * MINUTE });
  });

  it('"closed and waiting": closed windows whose last customer message has no later reply', () => {
    const filter = closedUnansweredFilter({ rule: WHATSAPP, now: NOW });
    expect(filter).toEqual({ lastInboundBetween: { from: 0, to: NOW - DAY }, unanswered: true, now: NOW });
    expect(matchesWindowFilter({ lastInboundAt: NOW - 2 * DAY }, filter!)).toBe(true);
    expect(matchesWindowFilter({ lastInboundAt: NOW - 2 * DAY, lastOutboundAt: NOW - 3 * DAY }, filter!)).toBe(true);
    expect(matchesWindowFilter({ lastInboundAt: NOW - 2 * DAY, lastOutboundAt: NOW - 2 * DAY + 1 }, filter!)).toBe(false);
    expect(matchesWindowFilter({ lastInboundAt: NOW - HOUR }, filter!)).toBe(false);
  });

  it('returns null for rules that never close by time (VK permission, no rule)', () => {
    expect(windowClosingWithinFilter({ rule: { kind: 'permission' }, now: NOW, within: HOUR })).toBeNull();
    expect(closedUnansweredFilter({ capabilities: { window: { kind: 'none' } }, now: NOW })).toBeNull();
  });

  it('refuses a negative duration with INVALID_INPUT', () => {
    expect(() => windowClosingWithinFilter({ rule: WHATSAPP, now: NOW, within: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'within' }));
  });
});
