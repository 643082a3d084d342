import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatValue, isInvalidParameterText, sanitizeParameterText, UNSUPPORTED_VALUE } from '../../../src/templates/values.js';

describe('sanitizeParameterText (WhatsApp error 132018)', () => {
  it('turns each run containing a line break or tab into one space', () => {
    expect(sanitizeParameterText('Line one\r\n\r\nLine two')).toBe('Line one Line two');
    expect(sanitizeParameterText('a\tb')).toBe('a b');
    expect(sanitizeParameterText('a \n b')).toBe('a b');
    expect(sanitizeParameterText('a\u2028b')).toBe('a b');
  });

  it('collapses more than four spaces and keeps up to four', () => {
    expect(sanitizeParameterText('a     b')).toBe('a b');
    expect(sanitizeParameterText('a    b')).toBe('a    b');
  });

  it('returns the same string when nothing needs fixing', () => {
    const text = 'Ivan Petrov — 3 items';
    expect(sanitizeParameterText(text)).toBe(text);
    expect(isInvalidParameterText(text)).toBe(false);
  });

  it('detects each forbidden form', () => {
    expect(isInvalidParameterText('a\nb')).toBe(true);
    expect(isInvalidParameterText('a\tb')).toBe(true);
    expect(isInvalidParameterText('a     b')).toBe(true);
  });

  it('agrees with the rule written as a regular expression, on any text (property)', () => {
    const rule = /[\t-\r\u0085\u2028\u2029]| {5}/u;
    const unit = fc.oneof(fc.constantFrom(' ', '     ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u2028', '\u2029', '\u00a0', 'a', 'Я', '😀', '\uD800'), fc.string({ unit: 'binary', maxLength: 1 }));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(isInvalidParameterText(text)).toBe(rule.test(text.toWellFormed()));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatValue', () => {
  it('formats scalars predictably and never HTML-escapes', () => {
    expect(formatValue('<b>Tom & Jerry</b>')).toBe('<b>Tom & Jerry</b>');
    expect(formatValue(1234.5)).toBe('1234.5');
    expect(formatValue(10n)).toBe('10');
    expect(formatValue(false)).toBe('false');
    expect(formatValue(new Date(Date.UTC(2026, 4, 1, 9, 30)))).toBe('2026-05-01T09:30:00.000Z');
    expect(formatValue(['red', '', null, 2])).toBe('red, 2');
  });

  it('treats absent and non-finite values as missing', () => {
    for (const value of [undefined, null, Number.NaN, Infinity, new Date('nope'), []]) expect(formatValue(value)).toBeUndefined();
  });

  it('refuses objects, functions and symbols', () => {
    for (const value of [{ name: 'x' }, () => 1, Symbol('s'), [{}]]) expect(formatValue(value)).toBe(UNSUPPORTED_VALUE);
  });
});
