import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lintTemplate, lintText } from '../../../../src/templates/lint/index.js';
import { LEXICON_LANGUAGES, getLexicon } from '../../../../src/templates/lint/lexicon-registry.js';
import { normalizeForMatching } from '../../../../src/templates/lint/normalize.js';
import { scanMatches } from '../../../../src/templates/lint/lexicon-scan.js';

// Catastrophic backtracking shows up as a run that never finishes: each case below is large
// enough that an exponential (or high-polynomial) regex would blow the test timeout, while the
// linter, whose quantifiers are all bounded and separated, finishes them in milliseconds.
const HOSTILE: readonly string[] = [
  'a'.repeat(50_000),
  'скидк'.repeat(10_000),
  `${'free '.repeat(5_000)}!`,
  `${'1'.repeat(20_000)}%`,
  `${'1 '.repeat(10_000)}%`,
  `${'1.'.repeat(10_000)}x`,
  `${'a.'.repeat(10_000)}com`,
  `https://${'a-'.repeat(5_000)}.com/${'x'.repeat(5_000)}`,
  'a '.repeat(20_000),
  's-'.repeat(20_000),
  '{{'.repeat(10_000),
  '{{1}}'.repeat(5_000),
  `${'left '.repeat(5_000)}in your cart`,
  `${'ѕа'.repeat(10_000)}le`,
  'c0d3'.repeat(10_000),
  '限时'.repeat(10_000),
  `${'%'.repeat(20_000)}30`,
  `${'-'.repeat(20_000)}20%`,
  `${'\u200B'.repeat(20_000)}sale`,
  `${'CODE '.repeat(5_000)}SAVE20`,
  `${'$'.repeat(10_000)}1`,
  `${'ـ'.repeat(20_000)}خصم`,
  'SALE '.repeat(20_000),
  'code SAVE20 '.repeat(8_000),
  'Sommerrabatt '.repeat(8_000),
];
const ALL_SCRIPTS = 'sale скидка 限时 خصم छूट ';

describe('regex safety on hostile input', () => {
  it.each(HOSTILE.map((text, i) => [i, text] as const))('case %i: every lexicon of every language finishes', (_i, text) => {
    for (const language of LEXICON_LANGUAGES) {
      const lexicon = getLexicon(language);
      if (lexicon === undefined) continue;
      const normalized = normalizeForMatching(text, lexicon.lexicon.foldLocale).text;
      let found = 0;
      scanMatches(lexicon, normalized, 0, normalized.length, () => (found += 1));
      expect(found).toBeGreaterThanOrEqual(0);
    }
    expect(lintText(ALL_SCRIPTS + text, { category: 'UTILITY' }).issues.length).toBeGreaterThan(0);
  });

  it('lints arbitrary templates without throwing (property)', () => {
    const tokens = fc.constantFrom('sale', ' ', '{{1}}', '{{', '}}', '%', '-', '20', 'ѕ', 'а', '\u200B', 'c0de', 'https://', '.com', '/', '?utm_source=x', '🔥', 'İ', 'скидк', '限时', '٢٠٪', 'SAVE20', 'code ', '\n', 'ـ');
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 400 }), fc.constantFrom(...LEXICON_LANGUAGES), (parts, language) => {
        const body = parts.join('');
        const result = lintTemplate({ name: 'fuzz', language, category: 'UTILITY', body: body === '' ? 'x' : body });
        for (const issue of result.issues) {
          expect(issue.span.start).toBeLessThanOrEqual(issue.span.end);
          if (issue.span.part === 'body') expect(issue.span.end).toBeLessThanOrEqual(body.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
