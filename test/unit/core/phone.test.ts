import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePhone } from '../../../src/core/phone.js';
import { isSwitchboardError } from '../../../src/core/errors.js';

describe('normalizePhone', () => {
  it.each([
    ['0912-345-678', 'TW', '+886912345678'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['8 (912) 345-67-89', 'RU', '+79123456789'],
    ['0049 30 901820', undefined, '+4930901820'],
    ['16505551234', undefined, '+16505551234'],
    ['＋７ ９１２ ３４５ ６７ ８９', undefined, '+79123456789'],
    ['+٩٧١٥٠١٢٣٤٥٦٧', undefined, '+971501234567'],
    ['+९१ ९८७६५ ४३२१०', undefined, '+919876543210'],
    ['+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹', undefined, '+989123456789'],
  ])('%s (%s) → %s', (input, defaultCountry, expected) => {
    expect(normalizePhone(input, defaultCountry === undefined ? {} : { defaultCountry })).toBe(expected);
  });

  it.each(['', 'call me', '+1 555', '0912-345-678', '+999 1234567', 'x'.repeat(200)])('refuses %j with INVALID_PHONE naming the input', (input) => {
    let thrown: unknown;
    try { normalizePhone(input); } catch (error) { thrown = error; }
    expect(isSwitchboardError(thrown)).toBe(true);
    expect((thrown as { code: string }).code).toBe('INVALID_PHONE');
    expect((thrown as Error).message).toContain(input.slice(0, 10));
  });

  it('refuses an unknown default country as a configuration error', () => {
    expect(() => normalizePhone('0912345678', { defaultCountry: 'XX' })).toThrow(/defaultCountry/);
  });

  it('never throws anything but a typed error, whatever the input', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[+0-9 ()-]{0,24}$/), fc.anything()), (input) => {
      try {
        const out = normalizePhone(input);
        expect(out).toMatch(/^\+[1-9]\d{7,14}$/);
      } catch (error) {
        expect(isSwitchboardError(error)).toBe(true);
      }
    }), { numRuns: 500 });
  });
});
