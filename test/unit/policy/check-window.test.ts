import { describe, expect, it } from 'vitest';
import type { ChannelCapabilities, WindowRule } from '../../../src/channels/adapter.js';
import { DAY, HOUR, MINUTE, SECOND } from '../../../src/core/clock.js';
import { hasErrorCode, isSwitchboardError } from '../../../src/core/errors.js';
import { assertWindow, checkWindow, pricingWindowState, windowRefusalError } from '../../../src/policy/index.js';

const WHATSAPP: WindowRule = { kind: 'session', durationMs: DAY };
const VK: WindowRule = { kind: 'permission' };
const T = Date.parse('2026-11-21T09:00:00Z');

describe('checkWindow: session rule (WhatsApp, 24 h)', () => {
  it('allows free-form inside [lastInboundAt, lastInboundAt + 24 h) and reports when it closes', () => {
    const decision = checkWindow({ rule: WHATSAPP, lastInboundAt: T, now: T + 23 * HOUR, kind: 'free_form' });
    expect(decision).toEqual({ allowed: true, kind: 'free_form', rule: 'session', windowOpen: true, closesAt: T + DAY, freeEntryPoint: false });
  });

  it('is open at the very millisecond the customer wrote', () => {
    expect(checkWindow({ rule: WHATSAPP, lastInboundAt: T, now: T, kind: 'free_form' }).allowed).toBe(true);
  });

  it('is closed exactly at lastInboundAt + 24 h (the end is exclusive) and one millisecond before it is open', () => {
    expect(checkWindow({ rule: WHATSAPP, lastInboundAt: T, now: T + DAY - 1, kind: 'free_form' }).allowed).toBe(true);
    expect(checkWindow({ rule: WHATSAPP, lastInboundAt: T, now: T + DAY, kind: 'free_form' })).toEqual({
      allowed: false, code: 'WINDOW_CLOSED', kind: 'free_form', rule: 'session', reason: 'expired', remedy: 'template', closedAt: T + DAY,
    });
  });

  it('refuses free-form when the customer never wrote (only the customer opens a conversation)', () => {
    expect(checkWindow({ rule: WHATSAPP, conversation: {}, now: T, kind: 'free_form' })).toEqual({
      allowed: false, code: 'WINDOW_CLOSED', kind: 'free_form', rule: 'session', reason: 'no_inbound', remedy: 'template',
    });
  });

  it('allows templates at any time and still says whether the window is open (for pricing)', () => {
    expect(checkWindow({ rule: WHATSAPP, conversation: {}, now: T, kind: 'template' })).toEqual({
      allowed: true, kind: 'template', rule: 'session', windowOpen: false, freeEntryPoint: false,
    });
    const inside = checkWindow({ rule: WHATSAPP, lastInboundAt: T, now: T + HOUR, kind: 'template' });
    expect(inside).toMatchObject({ allowed: true, windowOpen: true, closesAt: T + DAY });
    expect(checkWindow({ rule: WHATSAPP, lastInboundAt: T, now: T + 30 * DAY, kind: 'template' })).toMatchObject({ allowed: true, windowOpen: false });
  });

  it('refuses free-form inside the safety margin, naming the earlier close, while the provider would still accept it', () => {
    const input = { rule: WHATSAPP, lastInboundAt: T, kind: 'free_form', safetyMarginMs: 5 * MINUTE } as const;
    expect(checkWindow({ ...input, now: T + DAY - 5 * MINUTE - 1 })).toMatchObject({ allowed: true, closesAt: T + DAY - 5 * MINUTE });
    expect(checkWindow({ ...input, now: T + DAY - 5 * MINUTE })).toMatchObject({ allowed: false, reason: 'safety_margin', closedAt: T + DAY - 5 * MINUTE });
    expect(checkWindow({ ...input, now: T + DAY })).toMatchObject({ allowed: false, reason: 'expired' });
  });

  it('refuses free-form after the provider said the window was closed (131047) until a newer customer message reopens it; templates stay allowed', () => {
    const refusedAt = T + 2 * HOUR;
    expect(checkWindow({ rule: WHATSAPP, conversation: { lastInboundAt: T, windowClosedAt: refusedAt }, now: T + 3 * HOUR, kind: 'free_form' })).toEqual({
      allowed: false, code: 'WINDOW_CLOSED', kind: 'free_form', rule: 'session', reason: 'closed_by_provider', remedy: 'template', closedAt: refusedAt,
    });
    expect(checkWindow({ rule: WHATSAPP, conversation: { lastInboundAt: refusedAt, windowClosedAt: refusedAt }, now: T + 3 * HOUR, kind: 'free_form' })).toMatchObject({ allowed: false, reason: 'closed_by_provider' });
    expect(checkWindow({ rule: WHATSAPP, conversation: { lastInboundAt: T, windowClosedAt: refusedAt }, now: T + 3 * HOUR, kind: 'template' })).toMatchObject({ allowed: true, windowOpen: false });
    expect(checkWindow({ rule: WHATSAPP, conversation: { lastInboundAt: refusedAt + 1, windowClosedAt: refusedAt }, now: T + 3 * HOUR, kind: 'free_form' })).toMatchObject({ allowed: true, closesAt: refusedAt + 1 + DAY });
    expect(checkWindow({ rule: WHATSAPP, conversation: { lastInboundAt: T, windowClosedAt: refusedAt }, now: T + DAY, kind: 'free_form' })).toMatchObject({ allowed: false, reason: 'expired' });
  });

  it('counts a lastInboundAt ahead of now (another instance whose clock runs ahead) as open', () => {
    expect(checkWindow({ rule: WHATSAPP, lastInboundAt: T + 2 * SECOND, now: T, kind: 'free_form' })).toMatchObject({ allowed: true, closesAt: T + 2 * SECOND + DAY });
  });

  it('reads a timestamp below 1e11 as seconds (Meta sends seconds) and decides the same as in milliseconds', () => {
    const inSeconds = checkWindow({ rule: WHATSAPP, lastInboundAt: T / 1000, now: T + HOUR, kind: 'free_form' });
    expect(inSeconds).toEqual(checkWindow({ rule: WHATSAPP, lastInboundAt: T, now: T + HOUR, kind: 'free_form' }));
    expect(checkWindow({ rule: WHATSAPP, lastInboundAt: T, now: (T + HOUR) / 1000, kind: 'free_form' })).toMatchObject({ allowed: true });
  });

  it('never widens the free-form window for a click-to-WhatsApp free entry point; it only reports it', () => {
    const conversation = { lastInboundAt: T, entryPointExpiresAt: T + 3 * DAY };
    expect(checkWindow({ rule: WHATSAPP, conversation, now: T + 2 * DAY, kind: 'free_form' })).toMatchObject({ allowed: false, reason: 'expired' });
    expect(checkWindow({ rule: WHATSAPP, conversation, now: T + 2 * DAY, kind: 'template' })).toMatchObject({ allowed: true, windowOpen: false, freeEntryPoint: true });
    expect(checkWindow({ rule: WHATSAPP, conversation, now: T + 3 * DAY, kind: 'template' })).toMatchObject({ freeEntryPoint: false });
  });
});

describe('checkWindow: permission rule (VK)', () => {
  it('allows every message while the user allows messages', () => {
    expect(checkWindow({ rule: VK, conversation: { messagesAllowed: true, messagesAllowedAt: T }, now: T + 365 * DAY, kind: 'free_form' })).toEqual({
      allowed: true, kind: 'free_form', rule: 'permission', windowOpen: true, freeEntryPoint: false,
    });
  });

  it('refuses after message_deny with remedy ask_permission, free-form or not (VK has no templates)', () => {
    for (const kind of ['free_form', 'template'] as const) {
      expect(checkWindow({ rule: VK, conversation: { messagesAllowed: false, messagesAllowedAt: T }, now: T + 1, kind })).toEqual({
        allowed: false, code: 'WINDOW_CLOSED', kind, rule: 'permission', reason: 'denied', remedy: 'ask_permission', closedAt: T,
      });
    }
  });

  it('refuses a user who never wrote nor allowed messages, and counts a customer message as "wrote first" when the flag was never set', () => {
    expect(checkWindow({ rule: VK, conversation: {}, now: T, kind: 'free_form' })).toMatchObject({ allowed: false, reason: 'not_permitted', remedy: 'ask_permission' });
    expect(checkWindow({ rule: VK, lastInboundAt: T - 400 * DAY, now: T, kind: 'free_form' })).toMatchObject({ allowed: true });
  });

  it('does not guess a time limit: a permission window stays open however old the last message is', () => {
    expect(checkWindow({ rule: VK, conversation: { lastInboundAt: T, messagesAllowed: true }, now: T + 30 * DAY, kind: 'free_form' }).allowed).toBe(true);
  });
});

describe('checkWindow: rules come from capabilities, so third-party channels plug in their own', () => {
  it('applies a 7-day session rule declared by a third-party adapter', () => {
    const capabilities: Pick<ChannelCapabilities, 'window' | 'templates'> = { window: { kind: 'session', durationMs: 7 * DAY }, templates: true };
    expect(checkWindow({ capabilities, lastInboundAt: T, now: T + 6 * DAY, kind: 'free_form' }).allowed).toBe(true);
    expect(checkWindow({ capabilities, lastInboundAt: T, now: T + 7 * DAY, kind: 'free_form' })).toMatchObject({ allowed: false, remedy: 'template' });
  });

  it('offers no template remedy on a session channel without templates', () => {
    const capabilities = { window: { kind: 'session', durationMs: DAY }, templates: false } as const;
    expect(checkWindow({ capabilities, lastInboundAt: T, now: T + DAY, kind: 'free_form' })).toMatchObject({ allowed: false, remedy: 'none' });
  });

  it('always allows on a channel with no rule (SMS, Telegram)', () => {
    expect(checkWindow({ capabilities: { window: { kind: 'none' } }, conversation: {}, now: T, kind: 'free_form' })).toEqual({
      allowed: true, kind: 'free_form', rule: 'none', windowOpen: true, freeEntryPoint: false,
    });
  });
});

describe('checkWindow: bad input is a typed INVALID_INPUT naming the field', () => {
  const cases: [string, () => unknown, string][] = [
    ['a negative now', () => checkWindow({ rule: WHATSAPP, now: -1, kind: 'free_form' }), 'now'],
    ['a NaN now', () => checkWindow({ rule: WHATSAPP, now: Number.NaN, kind: 'free_form' }), 'now'],
    ['a string lastInboundAt', () => checkWindow({ rule: WHATSAPP, lastInboundAt: '1750275992' as never, now: T, kind: 'free_form' }), 'lastInboundAt'],
    ['an unknown kind', () => checkWindow({ rule: WHATSAPP, now: T, kind: 'marketing' as never }), 'kind'],
    ['a margin as long as the window', () => checkWindow({ rule: WHATSAPP, now: T, kind: 'free_form', safetyMarginMs: DAY }), 'safetyMarginMs'],
    ['a malformed rule', () => checkWindow({ rule: { kind: 'session', durationMs: 0 }, now: T, kind: 'free_form' }), 'durationMs'],
    ['no rule at all', () => checkWindow({ now: T, kind: 'free_form' } as never), 'rule'],
    ['both conversation and lastInboundAt', () => checkWindow({ rule: WHATSAPP, conversation: {}, lastInboundAt: T, now: T, kind: 'free_form' }), 'lastInboundAt'],
  ];
  for (const [name, call, field] of cases) {
    it(`refuses ${name}`, () => {
      let thrown: unknown;
      try { call(); } catch (error) { thrown = error; }
      expect(hasErrorCode(thrown, 'INVALID_INPUT')).toBe(true);
      expect((thrown as { field?: string }).field).toBe(field);
    });
  }
});

describe('assertWindow and windowRefusalError', () => {
  it('throws WINDOW_CLOSED with remedy template and the decision in details', () => {
    let thrown: unknown;
    try { assertWindow({ rule: WHATSAPP, lastInboundAt: T, now: T + 2 * DAY, kind: 'free_form' }); } catch (error) { thrown = error; }
    expect(isSwitchboardError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'WINDOW_CLOSED', remedy: 'template', retryable: false, details: { reason: 'expired', closedAt: T + DAY } });
    expect((thrown as Error).message).toMatch(/closed at 2026-11-22T09:00:00.000Z.*template/);
  });

  it('throws WINDOW_CLOSED with remedy ask_permission on VK after a deny, saying since when', () => {
    expect(() => assertWindow({ rule: VK, conversation: { messagesAllowed: false, messagesAllowedAt: T }, now: T, kind: 'free_form' })).toThrow(
      expect.objectContaining({ code: 'WINDOW_CLOSED', remedy: 'ask_permission', message: expect.stringContaining('since 2026-11-21T09:00:00.000Z (they denied') as unknown }),
    );
  });

  it('returns the allowed decision unchanged', () => {
    expect(assertWindow({ rule: WHATSAPP, lastInboundAt: T, now: T, kind: 'free_form' })).toMatchObject({ allowed: true, closesAt: T + DAY });
  });

  it('explains every refusal reason in words', () => {
    const reasons = ['no_inbound', 'expired', 'safety_margin', 'closed_by_provider', 'denied', 'not_permitted'] as const;
    const messages = reasons.map((reason) => windowRefusalError({ allowed: false, code: 'WINDOW_CLOSED', kind: 'free_form', rule: 'session', reason, remedy: 'template' }).message);
    expect(new Set(messages).size).toBe(reasons.length);
  });
});

describe('pricingWindowState', () => {
  it('maps an allowed decision to the price book window state, the free entry point first', () => {
    const at = (now: number, conversation: object) => {
      const decision = checkWindow({ rule: WHATSAPP, conversation, now, kind: 'template' });
      return decision.allowed ? pricingWindowState(decision) : 'refused';
    };
    expect(at(T + HOUR, { lastInboundAt: T })).toBe('open');
    expect(at(T + 2 * DAY, { lastInboundAt: T })).toBe('closed');
    expect(at(T + 2 * DAY, { lastInboundAt: T, entryPointExpiresAt: T + 3 * DAY })).toBe('free_entry_point');
  });
});
