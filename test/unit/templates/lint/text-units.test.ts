import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unitsOf } from '../../../../src/templates/lint/text-units.js';
import { normalizeForMatching } from '../../../../src/templates/lint/normalize.js';

const charCodes = (text: string): number[] => Array.from({ length: text.length }, (_, k) => text.charCodeAt(k));

describe('text units', () => {
  it('are the units charCodeAt reads, lone surrogates included, for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        expect(Array.from(unitsOf(text))).toEqual(charCodes(text));
      }),
      { numRuns: 500 },
    );
  });

  it('are the normalized text\'s own units right after it is normalized, and are not mixed up between texts (property)', () => {
    const piece = fc.constantFrom('Sale ', 'СКИДКА ', '𝐬', '\uD800', 'ﬀ', '١٢', ' ', '\n', 'Ａ', 'İ', 'e\u0301');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), fc.string({ maxLength: 40 }), (input, other) => {
        const first = normalizeForMatching(input, 'default');
        expect(Array.from(unitsOf(first.text))).toEqual(charCodes(first.text));
        // Another text asked for in between, then the first again.
        expect(Array.from(unitsOf(other))).toEqual(charCodes(other));
        expect(Array.from(unitsOf(first.text))).toEqual(charCodes(first.text));
        const second = normalizeForMatching(`${input}x`, 'tr');
        expect(Array.from(unitsOf(second.text))).toEqual(charCodes(second.text));
      }),
      { numRuns: 500 },
    );
  });
});
