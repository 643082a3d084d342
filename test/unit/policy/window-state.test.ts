import { describe, expect, it } from 'vitest';
import type { WindowRule } from '../../../src/channels/adapter.js';
import { DAY, HOUR, MINUTE, SECOND } from '../../../src/core/clock.js';
import { hasErrorCode } from '../../../src/core/errors.js';
import type { ConversationWindowState } from '../../../src/policy/index.js';
import { applyInboundToWindow, applyWindowFact, checkWindow, recordEntryPoint, windowFactFromInbound } from '../../../src/policy/index.js';
import { customerMessage, echo, permission, reaction, readFixture, status } from './events.js';

const WHATSAPP: WindowRule = { kind: 'session', durationMs: DAY };
const VK: WindowRule = { kind: 'permission' };
const T = Date.parse('2026-11-21T09:00:00Z');
const wa = { rule: WHATSAPP, now: T + HOUR };

describe('applyInboundToWindow: what opens and refreshes a session window', () => {
  it('a customer message opens the window at the provider timestamp', () => {
    expect(applyInboundToWindow({}, customerMessage(T), wa)).toEqual({ lastInboundAt: T });
  });

  it('a newer customer message refreshes it; an older one (late or reordered) never moves it back', () => {
    const state = applyInboundToWindow({ lastInboundAt: T }, customerMessage(T + 10 * MINUTE), wa);
    expect(state.lastInboundAt).toBe(T + 10 * MINUTE);
    const late = applyInboundToWindow(state, customerMessage(T - HOUR), wa);
    expect(late).toBe(state);
  });

  it('a duplicate delivery changes nothing and returns the same object', () => {
    const state = { lastInboundAt: T };
    expect(applyInboundToWindow(state, customerMessage(T), wa)).toBe(state);
  });

  it('reactions, statuses of our messages, and echoes of our own messages do not refresh the window', () => {
    const state: ConversationWindowState = { lastInboundAt: T - 23 * HOUR };
    for (const event of [reaction(T), status(T), echo(T)]) {
      expect(applyInboundToWindow(state, event, wa)).toBe(state);
      expect(windowFactFromInbound(event, WHATSAPP)).toBeNull();
    }
  });

  it('keeps the rest of a conversation untouched and returns its type', () => {
    const conversation = { id: 'cv_x', version: 3, lastInboundAt: T - HOUR, title: 'Shop: Ivan' };
    const next = applyInboundToWindow(conversation, customerMessage(T), wa);
    expect(next).toEqual({ id: 'cv_x', version: 3, lastInboundAt: T, title: 'Shop: Ivan' });
    expect(conversation.lastInboundAt).toBe(T - HOUR);
  });

  it('reads the real click-to-WhatsApp fixture: its seconds timestamp opens the window and notes the ad referral', () => {
    const payload = readFixture('whatsapp/inbound-text-from-ad.json') as { entry: { changes: { value: { messages: { timestamp: string; referral: object }[] } }[] }[] };
    const message = payload.entry[0]!.changes[0]!.value.messages[0]!;
    const seconds = Number(message.timestamp);
    const event = customerMessage(seconds, { referral: { sourceType: 'ad' } });
    const state = applyInboundToWindow({}, event, { rule: WHATSAPP, now: seconds * 1000 + MINUTE });
    expect(state).toEqual({ lastInboundAt: 1_750_275_992_000, lastReferralAt: 1_750_275_992_000 });
    expect(checkWindow({ rule: WHATSAPP, conversation: state, now: seconds * 1000 + MINUTE, kind: 'free_form' })).toMatchObject({ allowed: true, closesAt: 1_750_275_992_000 + DAY });
  });
});

describe('applyInboundToWindow: timestamps that are missing, skewed or in the future', () => {
  it('clamps a provider timestamp slightly ahead of our clock to now (the customer cannot have written after we received it)', () => {
    expect(applyInboundToWindow({}, customerMessage(T + 2 * MINUTE), { rule: WHATSAPP, now: T })).toEqual({ lastInboundAt: T });
  });

  it('refuses a timestamp further ahead than maxClockSkewMs as bad input, leaving the state to the caller', () => {
    const call = () => applyInboundToWindow({}, customerMessage(T + 6 * MINUTE), { rule: WHATSAPP, now: T });
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'event.timestamp' }));
    expect(applyInboundToWindow({}, customerMessage(T + 6 * MINUTE), { rule: WHATSAPP, now: T, maxClockSkewMs: 10 * MINUTE })).toEqual({ lastInboundAt: T });
  });

  it('refuses a missing or non-numeric timestamp with INVALID_INPUT', () => {
    for (const bad of [undefined, Number.NaN, -5, '1750275992']) {
      let thrown: unknown;
      try { applyInboundToWindow({}, customerMessage(bad as number), wa); } catch (error) { thrown = error; }
      expect(hasErrorCode(thrown, 'INVALID_INPUT')).toBe(true);
    }
  });

  it('reads seconds as seconds, so a seconds and a milliseconds event for the same moment agree', () => {
    const a = applyInboundToWindow({}, customerMessage(T / 1000), wa);
    const b = applyInboundToWindow(a, customerMessage(T), wa);
    expect(b).toBe(a);
  });
});

describe('applyInboundToWindow: VK permission (message_allow / message_deny / wrote first)', () => {
  const vk = { rule: VK, now: T + HOUR };

  it('a customer message counts as permission ("wrote first")', () => {
    expect(applyInboundToWindow({}, customerMessage(T, { channel: 'vk' }), vk)).toEqual({ lastInboundAt: T, messagesAllowed: true, messagesAllowedAt: T });
  });

  it('message_deny refuses, a later message_allow allows again', () => {
    const denied = applyInboundToWindow({ messagesAllowed: true, messagesAllowedAt: T }, permission(false, T + SECOND), vk);
    expect(denied).toMatchObject({ messagesAllowed: false, messagesAllowedAt: T + SECOND });
    expect(applyInboundToWindow(denied, permission(true, T + 2 * SECOND), vk)).toMatchObject({ messagesAllowed: true });
  });

  it('a late allow never overrides a newer deny', () => {
    const denied = { messagesAllowed: false, messagesAllowedAt: T + MINUTE };
    expect(applyInboundToWindow(denied, permission(true, T), vk)).toBe(denied);
    expect(applyInboundToWindow(denied, customerMessage(T, { channel: 'vk' }), vk)).toEqual({ ...denied, lastInboundAt: T });
  });

  it('a deny wins a tie with an allow at the same millisecond, in either order', () => {
    const allowThenDeny = applyInboundToWindow(applyInboundToWindow({}, permission(true, T), vk), permission(false, T), vk);
    const denyThenAllow = applyInboundToWindow(applyInboundToWindow({}, permission(false, T), vk), permission(true, T), vk);
    expect(allowThenDeny).toEqual({ messagesAllowed: false, messagesAllowedAt: T });
    expect(denyThenAllow).toEqual(allowThenDeny);
  });

  it('consent changes move only permission windows; on WhatsApp they are consent, not window, facts', () => {
    const state = {};
    expect(applyInboundToWindow(state, permission(false, T), wa)).toBe(state);
  });

  it('applyWindowFact takes a fact from a provider refusal the same way', () => {
    expect(applyWindowFact({ messagesAllowed: true, messagesAllowedAt: T }, { type: 'permission', allowed: false, timestamp: T + 1 }, vk)).toEqual({ messagesAllowed: false, messagesAllowedAt: T + 1 });
  });

  it('a provider "window closed" (WhatsApp 131047) keeps the newest refusal time and closes free-form until a newer customer message', () => {
    const open = { lastInboundAt: T };
    const closed = applyWindowFact(open, { type: 'window_closed', timestamp: T + 30 * MINUTE }, wa);
    expect(closed).toEqual({ lastInboundAt: T, windowClosedAt: T + 30 * MINUTE });
    expect(applyWindowFact(closed, { type: 'window_closed', timestamp: T + 10 * MINUTE }, wa)).toBe(closed);
    expect(checkWindow({ rule: WHATSAPP, conversation: closed, now: T + HOUR, kind: 'free_form' })).toMatchObject({ allowed: false, reason: 'closed_by_provider' });
    const reopened = applyInboundToWindow(closed, customerMessage(T + 40 * MINUTE), wa);
    expect(checkWindow({ rule: WHATSAPP, conversation: reopened, now: T + HOUR, kind: 'free_form' })).toMatchObject({ allowed: true, closesAt: T + 40 * MINUTE + DAY });
  });
});

describe('recordEntryPoint: the 72-hour free entry point (pricing only)', () => {
  it('opens for 72 h from a reply sent within 24 h of an ad-referred customer message', () => {
    const state = { lastInboundAt: T, lastReferralAt: T };
    expect(recordEntryPoint(state, { repliedAt: T + HOUR })).toEqual({ ...state, entryPointExpiresAt: T + HOUR + 3 * DAY });
  });

  it('does not open without a referral, for a reply 24 h or more after it, or again while one is open', () => {
    expect(recordEntryPoint({ lastInboundAt: T }, { repliedAt: T + HOUR })).toEqual({ lastInboundAt: T });
    const referred = { lastReferralAt: T };
    expect(recordEntryPoint(referred, { repliedAt: T + DAY })).toBe(referred);
    const open = { lastReferralAt: T, entryPointExpiresAt: T + 3 * DAY };
    expect(recordEntryPoint(open, { repliedAt: T + 2 * HOUR })).toBe(open);
  });
});
