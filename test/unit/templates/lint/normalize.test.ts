import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldCodePoint } from '../../../../src/templates/lint/fold-code-point.js';
import { foldForMatching, normalizeForMatching } from '../../../../src/templates/lint/normalize.js';
import { toOriginalSpan } from '../../../../src/templates/lint/offset-map.js';
import { foldMixedScriptTokens, leetView } from '../../../../src/templates/lint/evasion.js';
import { HAN_FOLD_PAIRS, foldHan } from '../../../../src/templates/lint/han-fold.js';

const norm = (text: string, locale: 'tr' | 'default' = 'default'): string => normalizeForMatching(text, locale).text;

describe('normalizeForMatching', () => {
  it('applies NFKC: full-width letters, digits and percent become ASCII', () => {
    expect(norm('ＳＡＬＥ ５０％ＯＦＦ')).toBe('sale 50%off');
  });

  it('folds Turkish dotted and dotless i so İNDİRİM, INDIRIM and ındırım all read indirim', () => {
    expect(norm('İNDİRİM', 'tr')).toBe('indirim');
    expect(norm('INDIRIM', 'tr')).toBe('indirim');
    expect(norm('ındırım', 'tr')).toBe('indirim');
    expect(norm('İNDİRİM')).toBe('indirim');
  });

  it('removes Latin and Cyrillic diacritics (ё → е, ó → o) but keeps Devanagari vowel signs', () => {
    expect(norm('Cupón Descuéntos ЁЛКА')).toBe('cupon descuentos елка');
    expect(norm('छूट')).toBe('छूट');
  });

  it('removes zero-width characters, soft hyphens and Arabic tatweel', () => {
    expect(norm('Ски\u200Bдка')).toBe('скидка');
    expect(norm('dis\u00ADcount')).toBe('discount');
    expect(norm('خـــصم')).toBe('خصم');
  });

  it('maps Arabic-Indic, Persian and Devanagari digits and the Arabic percent sign', () => {
    expect(norm('٢٠٪')).toBe('20%');
    expect(norm('۵۰')).toBe('50');
    expect(norm('५०%')).toBe('50%');
  });

  it('folds alef variants and removes tashkeel in Arabic', () => {
    expect(norm('أفضل إصدار')).toBe('افضل اصدار');
    expect(norm('خَصْم')).toBe('خصم');
  });

  it('drops the Devanagari nukta so मुफ़्त and मुफ्त match', () => {
    expect(norm('मुफ़्त')).toBe(norm('मुफ्त'));
  });

  it('folds Traditional Chinese to Simplified', () => {
    expect(norm('優惠券 購物車 限時')).toBe('优惠券 购物车 限时');
  });

  it('joins spaced-out letters: s-a-l-e, S A L E, с к и д к а', () => {
    expect(norm('big s-a-l-e now')).toBe('big sale now');
    expect(norm('F R E E delivery')).toBe('free delivery');
    expect(norm('с к и д к а')).toBe('скидка');
  });

  it('collapses whitespace but keeps one newline where a line breaks', () => {
    expect(norm('a  \t b\n\n  c')).toBe('a b\nc');
  });

  it('maps every normalized span back to the original text', () => {
    const original = 'Big  Ски\u200Bдка ５０％!';
    const normalized = normalizeForMatching(original, 'default');
    const at = normalized.text.indexOf('скидка');
    const span = toOriginalSpan(normalized, at, at + 'скидка'.length);
    expect(original.slice(span.start, span.end)).toBe('Ски\u200Bдка');
  });

  it('keeps offsets monotone and within the original for any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        const normalized = normalizeForMatching(input, 'default');
        const { text } = normalized;
        const offsets = Array.from({ length: text.length + 1 }, (_, i) => normalized.originalOffset(i));
        for (let i = 1; i < offsets.length; i += 1) expect(offsets[i]!).toBeGreaterThanOrEqual(offsets[i - 1]!);
        expect(offsets[offsets.length - 1]).toBe(input.length);
      }),
    );
  });
});

/**
 * The fold written plainly, one code point at a time, as the reference the one-pass table-driven
 * `foldForMatching` must agree with: ASCII lower-cased (tab, VT, FF → space; CR → line break;
 * backtick → apostrophe), every other code point through `foldCodePoint`, and a single-unit
 * space or line break collapsing into the run before it.
 */
function referenceFold(input: string, locale: 'tr' | 'default'): { text: string; offsets: number[] } {
  const units: number[] = [];
  const offsets: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    let piece: string;
    if (cp < 0x80) {
      const lower = cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp === 0x60 ? 0x27 : cp === 0x09 || cp === 0x0b || cp === 0x0c ? 0x20 : cp === 0x0d ? 0x0a : cp;
      piece = String.fromCharCode(lower);
    } else piece = foldCodePoint(cp, locale);
    if (width === 1 && (piece === ' ' || piece === '\n')) {
      if (!lastSpace) {
        units.push(piece.charCodeAt(0));
        offsets.push(i);
      } else if (piece === '\n' && units.at(-1) === 0x20) units[units.length - 1] = 0x0a;
      lastSpace = true;
    } else {
      for (let k = 0; k < piece.length; k += 1) {
        units.push(piece.charCodeAt(k));
        offsets.push(i);
      }
      if (piece !== '') lastSpace = width === 2 && piece === ' ';
    }
    i += width;
  }
  offsets.push(input.length);
  return { text: String.fromCharCode(...units), offsets };
}

describe('the one-pass fold', () => {
  const pieces = fc.constantFrom('a', 'Z', 'İ', 'ı', 'Ё', 'ó', '\u0301', ' ', '  ', '\t', '\r\n', '\n', '\u200B', 'ـ', '٢', '५', '％', 'ﷺ', '𝐒', '😀', '\uD800', '\uDC00', '門', 'क़', '·', '-', '`');

  it('gives the text and offsets of the plain code-point-by-code-point fold (property)', () => {
    for (const locale of ['default', 'tr'] as const) {
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
          const input = parts.join('');
          expect(foldForMatching(input, locale)).toEqual(referenceFold(input, locale));
        }),
        { numRuns: 1000 },
      );
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (input) => {
          expect(foldForMatching(input, locale)).toEqual(referenceFold(input, locale));
        }),
        { numRuns: 1000 },
      );
    }
  });
});

describe('evasion views', () => {
  it('folds Latin/Cyrillic lookalikes only inside mixed-script tokens', () => {
    expect(foldMixedScriptTokens('big ѕаle today', 'latin')).toBe('big sale today');
    expect(foldMixedScriptTokens('cкидка и sale', 'cyrillic')).toBe('скидка и sale');
    expect(foldMixedScriptTokens('скидка and sale', 'latin')).toBe('скидка and sale');
  });

  it('decodes leetspeak only in tokens that mix letters with leet digits', () => {
    expect(leetView('use c0de for fr33 shipping')?.text).toBe('use code for free shipping');
    expect(leetView('order a1042 at 10:00')?.text).toBeUndefined();
    expect(leetView('code save20 applied')).toBeUndefined();
    // Digits stand for Latin, Cyrillic or Greek letters only: next to Han or Arabic letters they are numbers.
    expect(leetView('满300减50 5分钟内有效')).toBeUndefined();
    expect(leetView('خصم50 اليوم')).toBeUndefined();
    expect(leetView('ск1дка')?.text).toBe('скiдка');
    expect(leetView('fre3 fr33 sale5 save20x')?.text).toBe('free free sales save2ox');
    // Tokens the caller knows were written as promo codes (LETO500 in the original) keep their digits.
    const text = 'code leto500, envio grat15';
    const writtenAsCode = (start: number, end: number): boolean => text.slice(start, end) === 'leto500';
    expect(leetView(text, undefined, writtenAsCode)?.text).toBe('code leto500, envio gratis');
    expect(leetView('code leto500', undefined, () => true)).toBeUndefined();
  });
});

describe('Traditional → Simplified table', () => {
  it('pairs characters one to one', () => {
    expect(Array.from(HAN_FOLD_PAIRS.traditional)).toHaveLength(Array.from(HAN_FOLD_PAIRS.simplified).length);
    expect(String.fromCodePoint(foldHan('購'.codePointAt(0)!))).toBe('购');
    expect(String.fromCodePoint(foldHan('我'.codePointAt(0)!))).toBe('我');
  });
});
