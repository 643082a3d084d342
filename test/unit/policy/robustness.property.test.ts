import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WindowRule } from '../../../src/channels/adapter.js';
import { isSwitchboardError } from '../../../src/core/errors.js';
import {
  applyInboundToWindow, assertWindow, checkConsent, checkWindow, detectConsentKeyword, windowClosingWithinFilter,
} from '../../../src/policy/index.js';
import { customerMessage } from './events.js';

/** Calls `fn`; passes when it returns, or throws a SwitchboardError (never a bare Error). */
function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(isSwitchboardError(error), String(error)).toBe(true);
  }
}

/** Mostly plausible epochs and durations, with the edges (seconds threshold, end of `Date`'s range) over-weighted. */
const epochLike = fc.oneof(
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(0, 1e11 - 1, 1e11, 8.64e15, 8.64e15 + 1, Number.MAX_SAFE_INTEGER),
);
const anyNumber = fc.oneof(
  { arbitrary: epochLike, weight: 4 },
  { arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-1, Number.MAX_VALUE, Number.NaN)), weight: 1 },
);
const anyValue = fc.oneof(
  { arbitrary: anyNumber, weight: 6 },
  { arbitrary: fc.oneof(fc.string(), fc.constant(undefined), fc.constant(null), fc.boolean()), weight: 1 },
);
const rule: fc.Arbitrary<WindowRule> = fc.oneof(
  anyNumber.map((durationMs): WindowRule => ({ kind: 'session', durationMs })),
  fc.constant<WindowRule>({ kind: 'permission' }),
  fc.constant<WindowRule>({ kind: 'none' }),
);

describe('bad input of any shape: decisions or typed errors, never a bare Error', () => {
  it('checkWindow / assertWindow / the list filters', () => {
    fc.assert(
      fc.property(rule, anyValue, anyValue, anyValue, fc.constantFrom('free_form', 'template', 'other'), anyValue, (r, last, now, margin, kind, allowedAt) => {
        const input = { rule: r, conversation: { lastInboundAt: last, messagesAllowed: false, messagesAllowedAt: allowedAt }, now, kind, safetyMarginMs: margin } as never;
        onlyTypedErrors(() => checkWindow(input));
        onlyTypedErrors(() => assertWindow(input));
        onlyTypedErrors(() => windowClosingWithinFilter({ rule: r, now: now as number, within: margin as number }));
      }),
    );
  });

  it('applyInboundToWindow', () => {
    fc.assert(
      fc.property(rule, anyValue, anyValue, anyValue, (r, timestamp, now, skew) => {
        onlyTypedErrors(() => applyInboundToWindow({}, customerMessage(timestamp as number), { rule: r, now: now as number, maxClockSkewMs: skew as number }));
      }),
    );
  });

  it('checkConsent', () => {
    fc.assert(
      fc.property(fc.array(fc.object(), { maxLength: 3 }), anyValue, anyValue, anyValue, (records, purpose, now, last) => {
        onlyTypedErrors(() => checkConsent({ records, purpose, now, lastInboundAt: last } as never));
      }),
    );
  });

  it('detectConsentKeyword never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.option(fc.string(), { nil: undefined }), (text, language) => {
        const match = detectConsentKeyword(text, language === undefined ? {} : { language });
        expect(match === null || typeof match.keyword === 'string').toBe(true);
      }),
    );
  });

  it('messages stay printable at the very end of the epoch range', () => {
    const end = Number.MAX_SAFE_INTEGER;
    onlyTypedErrors(() => assertWindow({ rule: { kind: 'session', durationMs: 1000 }, lastInboundAt: end - 10, now: end, kind: 'free_form' }));
    onlyTypedErrors(() => applyInboundToWindow({}, customerMessage(end), { rule: { kind: 'none' }, now: 1e12 }));
  });
});
