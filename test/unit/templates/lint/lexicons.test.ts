import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrorCode } from '../../../../src/core/errors.js';
import { compileLexicon, compileTerm } from '../../../../src/templates/lint/compile.js';
import { lexiconSchema } from '../../../../src/templates/lint/lexicon-schema.js';
import { LEXICON_LANGUAGES, getLexicon, lexiconsFor } from '../../../../src/templates/lint/lexicon-registry.js';
import { LINT_REASONS } from '../../../../src/templates/lint/index.js';
import { isWordUnit } from '../../../../src/templates/lint/chars.js';
import { mayStartAt } from '../../../../src/templates/lint/prefilter.js';

const LEXICON_DIR = join(import.meta.dirname, '../../../../src/templates/lint/lexicons');
const REQUIRED = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'id', 'it', 'kk', 'pt', 'ru', 'tr', 'uk', 'zh'];

const minimal = (terms: Record<string, string[]>) => lexiconSchema.parse({ language: 'xx', name: 'Test', boundaries: 'word', strong: terms });

describe('lexicon data files', () => {
  it('exist for every required language, one file per language, registered', () => {
    const files = readdirSync(LEXICON_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace('.json', '')).sort();
    expect(files).toEqual(REQUIRED);
    expect([...LEXICON_LANGUAGES]).toEqual(REQUIRED);
  });

  it.each(REQUIRED)('%s validates against the schema, names its own language and compiles', (language) => {
    const raw: unknown = JSON.parse(readFileSync(join(LEXICON_DIR, `${language}.json`), 'utf8'));
    const parsed = lexiconSchema.parse(raw);
    expect(parsed.language).toBe(language);
    for (const reason of Object.keys(parsed.strong)) expect(LINT_REASONS).toContain(reason);
    expect(getLexicon(language)?.pattern.flags).toBe('gu');
  });

  it('compiles each lexicon once and reuses it', () => {
    expect(getLexicon('ru')).toBe(getLexicon('ru'));
    expect(lexiconsFor('pt_BR', 'x')).toBe(lexiconsFor('pt_PT', 'y'));
  });

  it('runs the declared language, the languages it asks for, and English', () => {
    expect(lexiconsFor('kk', 'x').map((l) => l.language)).toEqual(['kk', 'ru', 'en']);
    expect(lexiconsFor('zh_TW', 'x').map((l) => l.language)).toEqual(['zh', 'en']);
  });

  it('picks lexicons by script when the language is unknown', () => {
    const picked = lexiconsFor(undefined, 'Скидка 20%').map((l) => l.language);
    expect(picked).toEqual(['ru', 'uk', 'kk']);
    expect(lexiconsFor('xx', '限时优惠').map((l) => l.language)).toEqual(['zh']);
  });
});

describe('lexicon term syntax', () => {
  it('refuses raw regex so no contributor can add a backtracking pattern', () => {
    for (const bad of ['sale.*', 'a+b', '[abc]', 'x{2,}', '(a(b))', 'back\\slash']) {
      expect(lexiconSchema.safeParse({ language: 'xx', name: 'T', boundaries: 'word', strong: { DISCOUNT: [bad] } }).success).toBe(false);
    }
  });

  it('refuses unknown reason codes and unknown fields', () => {
    expect(lexiconSchema.safeParse({ language: 'xx', name: 'T', boundaries: 'word', strong: { CHEAP: ['x'] } }).success).toBe(false);
    expect(lexiconSchema.safeParse({ language: 'xx', name: 'T', boundaries: 'word', strong: {}, extra: 1 }).success).toBe(false);
  });

  it('throws INVALID_LEXICON for a term that matches nothing specific', () => {
    expect(() => compileTerm('*', 'default', 'xx')).toThrow();
    try {
      compileTerm('()', 'default', 'xx');
    } catch (error) {
      expect(hasErrorCode(error, 'INVALID_LEXICON')).toBe(true);
    }
  });

  it('matches stems as whole-word prefixes, with Unicode word boundaries (no \\b)', () => {
    const { pattern } = compileLexicon(minimal({ DISCOUNT: ['скидк*'] }));
    expect('ваша скидка и скидкой'.match(pattern)).toEqual(['скидка', 'скидкой']);
    expect('наскидку'.match(pattern)).toBeNull();
  });

  it('expands groups, amounts, percent signs, hyphen-or-space and bounded gaps', () => {
    const { pattern } = compileLexicon(minimal({ PERCENT_OFF: ['#% off'], ABANDONED_CART: ['left ~ in your cart'], CALL_TO_BUY: ['(buy|shop) now'], BONUS: ['cash back'] }));
    expect('get 20 % off and $5 off'.match(pattern)).toEqual(['20 % off']);
    expect('you left two blue shirts in your cart'.match(pattern)).toEqual(['left two blue shirts in your cart']);
    expect('shop now, cash-back'.match(pattern)).toEqual(['shop now', 'cash-back']);
  });

  it('identifies the term and its reason behind a match, preferring neutral phrases', () => {
    const lexicon = compileLexicon(
      lexiconSchema.parse({ language: 'xx', name: 'T', boundaries: 'word', strong: { FREE_GIFT: ['free (gift|shipping)'] }, weak: { FREE_GIFT: ['gift*'] }, neutral: ['gift card*'] }),
    );
    expect('a gift card and free shipping and gifts'.match(lexicon.pattern)).toEqual(['gift card', 'free shipping', 'gifts']);
    expect(lexicon.identify('gift card')?.kind).toBe('neutral');
    expect(lexicon.identify('free shipping')).toMatchObject({ kind: 'strong', reason: 'FREE_GIFT' });
    expect(lexicon.identify('gifts')).toMatchObject({ kind: 'weak', reason: 'FREE_GIFT' });
  });

  it('matches Chinese by substring, without word boundaries', () => {
    const { pattern } = compileLexicon(lexiconSchema.parse({ language: 'zh', name: 'T', boundaries: 'none', strong: { DISCOUNT: ['#折', '满#减#'] } }));
    expect('全场8折满100减20'.match(pattern)).toEqual(['8折', '满100减20']);
  });
});

describe('word-start prefilter', () => {
  it('finds exactly what the global alternation finds, in every lexicon (property)', () => {
    const words = fc.constantFrom('sale', 'free shipping', 'скидка', 'descuento', 'desconto', 'indirim', '%30', '-20%', 'diskon', 'خصم', 'छूट', 'rabatt', 'soldes', 'sconto', 'знижка', 'жеңілдік', '20', '$5', 'rp', 'order', 'the', 'код подтверждения', 'gift card', '{{1}}', 'ü', 'é', 'ё', '-', '%', ' ', ', ', '. ');
    fc.assert(
      fc.property(fc.array(words, { maxLength: 60 }), fc.constantFrom(...LEXICON_LANGUAGES), (parts, language) => {
        const lexicon = getLexicon(language);
        if (lexicon?.starts === undefined) return;
        const text = parts.join(' ');
        const global = [...text.matchAll(lexicon.pattern)].map((m) => `${m.index}:${m[0]}`);
        const filtered: string[] = [];
        for (let i = 0; i < text.length; i += 1) {
          if (i > 0 && isWordUnit(text.charCodeAt(i - 1))) continue;
          if (!mayStartAt(lexicon.starts, text, i)) continue;
          lexicon.sticky.lastIndex = i;
          const match = lexicon.sticky.exec(text);
          if (match === null) continue;
          filtered.push(`${i}:${match[0]}`);
          i += Math.max(0, match[0].length - 1);
        }
        expect(filtered).toEqual(global);
      }),
      { numRuns: 300 },
    );
  });
});
