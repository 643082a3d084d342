import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCorpus } from '../../../lint-corpus/evaluate.js';
import { LEXICON_LANGUAGES, getLexicon } from '../../../../src/templates/lint/lexicon-registry.js';
import { forEachCandidate } from '../../../../src/templates/lint/prefilter.js';
import { leetView, leetViewReference } from '../../../../src/templates/lint/evasion.js';
import { mayHaveSpacedLetters, normalizeForMatching } from '../../../../src/templates/lint/normalize.js';
import type { CompiledLexicon } from '../../../../src/templates/lint/compile.js';
import { lintText } from '../../../../src/templates/lint/lint-template.js';
import { innerWordStarts } from '../../../../src/templates/lint/lexicon-scan.js';
import { firstAtOrAfter, nextWord, previousWord } from '../../../../src/templates/lint/detect-wording.js';
import { codePointCount } from '../../../../src/templates/lint/structure.js';

// The linter's speed-ups must never change what it finds: each fast path is checked against the
// slow path it replaces, on random input and on the labelled corpus.

const corpusTexts = loadCorpus().map((entry) => entry.text);

/** What `runLexicon` scans: the alternation at every word start the filter admits. */
function filteredMatches(lexicon: CompiledLexicon, text: string): string[] {
  const { starts } = lexicon;
  if (starts === undefined) return [];
  const out: string[] = [];
  forEachCandidate(starts, text, 0, text.length, (i) => {
    const match = stickyMatch(lexicon.sticky, text, i);
    if (match === null) return i + 1;
    out.push(`${i}:${match[0]}`);
    return i + Math.max(1, match[0].length);
  });
  return out;
}

function stickyMatch(regex: RegExp | undefined, text: string, index: number): RegExpExecArray | null {
  if (regex === undefined) return null;
  regex.lastIndex = index;
  return regex.exec(text);
}

function globalMatches(lexicon: CompiledLexicon, text: string): string[] {
  return [...text.matchAll(lexicon.pattern)].map((m) => `${m.index}:${m[0]}`);
}

describe('start filter (trie of term beginnings)', () => {
  const words = fc.constantFrom(
    'on', 'sale', 'free', 'shipping', 'off', 'your', 'order', 'code', 'use', 'up', 'to', '20', '20%', '$5', '1 000', 'rp', 'r$', '{{1}}',
    '10 €', '50tl', '50 tl', '€', '₺', 'months', 'days', '1.000,50', '99,9', '3x2', '2x1', '2 por 1', '%', 'puan', 'ay', 'ucretsiz', 'na', 'по', 'цене', 'auf', 'de', 'descuento',
    'скидка', 'скидку', 'код', 'подтверждения', 'только', 'сегодня', 'descuento', 'envío', 'gratis', 'desconto', 'frete', 'indirim', 'kargo', 'bedava',
    'rabatt', 'gratis', 'versand', 'soldes', 'livraison', 'gratuite', 'sconto', 'spedizione', 'diskon', 'ongkir', 'خصم', 'مجاني', 'छूट', 'मुफ्त', 'знижка', 'жеңілдік',
  );
  const separators = fc.constantFrom(' ', '-', '  ', ' - ', '--', '---', '.', ', ', '\n', '');

  it('finds exactly what the global alternation finds, with any separators between words (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(words, separators), { maxLength: 40 }), fc.constantFrom(...LEXICON_LANGUAGES), (parts, language) => {
        const lexicon = getLexicon(language);
        if (lexicon?.starts === undefined) return;
        const text = parts.map(([word, separator]) => word + separator).join('');
        expect(filteredMatches(lexicon, text)).toEqual(globalMatches(lexicon, text));
      }),
      { numRuns: 600 },
    );
  });

  it('finds exactly what the global alternation finds on every corpus text, in every lexicon', () => {
    for (const language of LEXICON_LANGUAGES) {
      const lexicon = getLexicon(language);
      if (lexicon?.starts === undefined) continue;
      for (const original of corpusTexts) {
        const text = normalizeForMatching(original, lexicon.lexicon.foldLocale).text;
        expect(filteredMatches(lexicon, text)).toEqual(globalMatches(lexicon, text));
      }
    }
  });
});

describe('leetspeak view (decodes only the tokens around leet characters)', () => {
  const pieces = fc.constantFrom('fr33', 'c0de', 's4le', '$ale', '@', '$', '0', '1', '3', '4', '5', '7', 'a', 'e', 'z', 'й', 'к', 'ि', 'क', '\u0301', '𝐬', '🔥', '😀', '\uD800', '\uDC00', ' ', '-', '.', 'SAVE20', '10:00', '_');

  it('gives the same view as decoding every token of the text (property)', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(leetView(text)).toEqual(leetViewReference(text));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(leetView(text)).toEqual(leetViewReference(text));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same view on every corpus text, plain and with leetspeak injected', () => {
    for (const original of corpusTexts) {
      for (const text of [original, original.replace(/e/gu, '3').replace(/o/gu, '0'), original.replace(/a/gu, '@').replace(/s/gu, '$')]) {
        const normalized = normalizeForMatching(text, 'default').text;
        expect(leetView(normalized)).toEqual(leetViewReference(normalized));
      }
    }
  });
});

describe('spaced-letter gate', () => {
  const SPACED = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*·]\p{L}){3,40}(?![\p{L}\p{N}])/u;
  const pieces = fc.constantFrom('s', 'a', 'l', 'e', 'с', 'к', 'ü', 'क', '\u0301', ' ', '.', '-', '_', '*', '·', 'sale', '1', '', '\n');

  it('never rules out a text in which a spaced-out word occurs (property)', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        if (SPACED.test(text)) expect(mayHaveSpacedLetters(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const text of ['s a l e', 'S-A-L-E now', 'с к и д к а', 'f.r.e.e', 'x s·a·l·e']) expect(mayHaveSpacedLetters(normalizeForMatching(text, 'default').text.replace(/sale|скидка|free/u, 's a l e'))).toBe(true);
  });
});

describe('word starts inside a match', () => {
  const WORD_START = /(?<![\p{L}\p{N}\p{M}])[\p{L}\p{N}]/gu;
  const pieces = fc.constantFrom('a', 'Я', '5', ' ', '-', '%', '$', '\u0301', 'ि', 'क', '𝐬', '😀', '\uD800', '\uDC00', '٣', '{{1}}');

  it('are the offsets the word-start regex finds in the matched slice (property)', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), fc.nat(40), fc.nat(40), (parts, a, b) => {
        const text = parts.join('');
        const start = Math.min(a, b, text.length);
        const end = Math.min(Math.max(a, b), text.length);
        const expected = [...text.slice(start, end).matchAll(WORD_START)].map((m) => m.index).filter((k) => k > 0);
        expect(innerWordStarts(text, start, end)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('words around a match (product-name check)', () => {
  const PREVIOUS_WORD = /([\p{L}\p{N}]+)[^\p{L}\p{N}.!?\n]{1,3}$/u;
  const NEXT_WORD = /^[^\p{L}\p{N}.!?\n]{1,3}([\p{L}\p{N}]+)/u;
  const pieces = fc.constantFrom('the', 'Summer', 'я', '7', ' ', '  ', ', ', '-', '.', '!', '?', '\n', '\u0301', '\u00a0', '😀', '𝐬', '\uD800', '"');

  it('are what the anchored word regexes capture (property)', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        expect(previousWord(text)).toBe(PREVIOUS_WORD.exec(text)?.[1]);
        expect(nextWord(text)).toBe(NEXT_WORD.exec(text)?.[1]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('boundary checks moved behind the first character', () => {
  // Patterns as written before and after the rewrite (common-patterns.ts, structure.ts): a leading
  // lookaround is checked after the first character instead, so the engine can skip by that character.
  const rewritten: [RegExp, RegExp][] = [
    [/(?<![\p{L}\p{N}])[A-ZА-ЯЁ][A-ZА-ЯЁ0-9]{3,15}(?![\p{L}\p{N}])/gu, /[A-ZА-ЯЁ](?<![\p{L}\p{N}][A-ZА-ЯЁ])[A-ZА-ЯЁ0-9]{3,15}(?![\p{L}\p{N}])/gu],
    [/(?<![\p{L}\p{N}-])-\s?\d{1,2}(?:[.,]\d{1,2})?\s?%/gu, /-(?<![\p{L}\p{N}-]-)\s?\d{1,2}(?:[.,]\d{1,2})?\s?%/gu],
    [/(?![©®™])\p{Extended_Pictographic}/gu, /\p{Extended_Pictographic}(?<![©®™])/gu],
  ];
  const pieces = fc.constantFrom('A', 'Z', 'Ё', 'Я', 'a', 'я', '1', '2', '-', ' ', '%', '.', ',', '𝐀', '😀', '🔥', '©', '®', '™', '\uD835', '\u0301', 'SAVE20', '\uFE0F');

  it('find the same matches as the original patterns (property)', () => {
    for (const [before, after] of rewritten) {
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
          const text = parts.join('');
          expect([...text.matchAll(after)].map((m) => [m.index, m[0]])).toEqual([...text.matchAll(before)].map((m) => [m.index, m[0]]));
        }),
        { numRuns: 2000 },
      );
    }
  });
});

describe('offset lookup', () => {
  it('finds the first normalized offset at or after an original offset, like a linear search (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(70), (input, offset) => {
        const { offsets } = normalizeForMatching(input, 'default');
        expect(firstAtOrAfter(offsets, offset)).toBe(offsets.findIndex((o) => o >= offset));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('length limits', () => {
  it('count code points as Array.from does, lone surrogates included (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(codePointCount(text)).toBe(Array.from(text).length);
      }),
      { numRuns: 3000 },
    );
    expect(codePointCount('😀\uD800a\uDC00')).toBe(4);
  });
});

describe('amount gate on hostile input', () => {
  // Every digit below is a word start; the gate looks at most one amount's length ahead from each
  // (a quadratic scan took seconds here), so these finish well inside the test timeout.
  it.each(['1 '.repeat(50_000), '1.'.repeat(50_000), '12, '.repeat(25_000), `${'9 '.repeat(40_000)}% off`])('lints 100 KB of digits and separators', (text) => {
    for (const language of ['en', 'ru', 'tr']) expect(lintText(text, { category: 'UTILITY', language }).ok).toBeTypeOf('boolean');
  });
});
