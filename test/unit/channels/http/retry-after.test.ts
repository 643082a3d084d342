import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, transportOutcome } from '../../../../src/channels/http/index.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => { expect(parseRetryAfter('7', now)).toBe(7000); });
  it('reads an HTTP date relative to now', () => { expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000); });
  it('gives 0 for a date in the past', () => { expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0); });
  it('clamps absurd values to the maximum', () => { expect(parseRetryAfter(String(10 * 86_400), now)).toBe(86_400_000); });
  it('ignores missing and garbage values', () => {
    for (const value of [null, undefined, '', '-1', '1.5', 'soon', '1e3']) expect(parseRetryAfter(value, now)).toBeUndefined();
  });
  it('never throws and never returns a negative or non-finite delay', () => {
    fc.assert(fc.property(fc.string(), (value) => {
      const parsed = parseRetryAfter(value, now);
      return parsed === undefined || (Number.isFinite(parsed) && parsed >= 0 && parsed <= 86_400_000);
    }));
  });
});

describe('backoffDelay', () => {
  it('stays within [½, 1) of the capped exponential delay', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (retry, r) => {
      const nominal = Math.min(8_000, 500 * 2 ** (retry - 1));
      const delay = backoffDelay(retry, { minDelayMs: 500, maxDelayMs: 8_000 }, () => r);
      return delay >= Math.floor(nominal / 2) && delay <= nominal;
    }));
  });
});

describe('transportOutcome', () => {
  it('knows pre-connection failures are not sent', () => {
    expect(transportOutcome(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }))).toBe('not_sent');
    expect(transportOutcome({ code: 'ECONNREFUSED' })).toBe('not_sent');
  });
  it('treats resets and unknown failures as maybe sent', () => {
    expect(transportOutcome(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }))).toBe('maybe_sent');
    expect(transportOutcome(new TypeError('Failed to fetch'))).toBe('maybe_sent');
    expect(transportOutcome('weird')).toBe('maybe_sent');
  });
});
