import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrorCode } from '../../../../src/core/errors.js';
import { compileLexicon, compileTerm } from '../../../../src/templates/lint/compile.js';
import { lexiconSchema } from '../../../../src/templates/lint/lexicon-schema.js';
import { LEXICON_LANGUAGES, getLexicon, lexiconsFor } from '../../../../src/templates/lint/lexicon-registry.js';
import { LINT_REASONS } from '../../../../src/templates/lint/index.js';
import type { CompiledLexicon } from '../../../../src/templates/lint/compile.js';
import { scanMatches } from '../../../../src/templates/lint/lexicon-scan.js';

const LEXICON_DIR = join(import.meta.dirname, '../../../../src/templates/lint/lexicons');
const REQUIRED = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'id', 'it', 'kk', 'pt', 'ru', 'tr', 'uk', 'zh'];

/** The matched texts of a scan, in order (what a global regex's `match` used to give). */
function matches(lexicon: CompiledLexicon, text: string): string[] | null {
  const out: string[] = [];
  scanMatches(lexicon, text, 0, text.length, (start, found) => out.push(text.slice(start, found.end)));
  return out.length === 0 ? null : out;
}

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
    expect(getLexicon(language)?.terms.length).toBeGreaterThan(50);
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
    const lexicon = compileLexicon(minimal({ DISCOUNT: ['скидк*'] }));
    expect(matches(lexicon, 'ваша скидка и скидкой')).toEqual(['скидка', 'скидкой']);
    expect(matches(lexicon, 'наскидку')).toBeNull();
  });

  it('expands groups, amounts, percent signs, hyphen-or-space and bounded gaps', () => {
    const lexicon = compileLexicon(minimal({ PERCENT_OFF: ['#% off'], ABANDONED_CART: ['left ~ in your cart'], CALL_TO_BUY: ['(buy|shop) now'], BONUS: ['cash back'] }));
    expect(matches(lexicon, 'get 20 % off and $5 off')).toEqual(['20 % off']);
    expect(matches(lexicon, 'you left two blue shirts in your cart')).toEqual(['left two blue shirts in your cart']);
    expect(matches(lexicon, 'shop now, cash-back')).toEqual(['shop now', 'cash-back']);
  });

  it('identifies the term and its reason behind a match, preferring neutral phrases', () => {
    const lexicon = compileLexicon(
      lexiconSchema.parse({ language: 'xx', name: 'T', boundaries: 'word', strong: { FREE_GIFT: ['free (gift|shipping)'] }, weak: { FREE_GIFT: ['gift*'] }, neutral: ['gift card*'] }),
    );
    expect(matches(lexicon, 'a gift card and free shipping and gifts')).toEqual(['gift card', 'free shipping', 'gifts']);
    expect(lexicon.matchAt('a gift card', 2)?.info.kind).toBe('neutral');
    expect(lexicon.identify('gift card')?.kind).toBe('neutral');
    expect(lexicon.identify('free shipping')).toMatchObject({ kind: 'strong', reason: 'FREE_GIFT' });
    expect(lexicon.identify('gifts')).toMatchObject({ kind: 'weak', reason: 'FREE_GIFT' });
  });

  it('matches Chinese by substring, without word boundaries', () => {
    const lexicon = compileLexicon(lexiconSchema.parse({ language: 'zh', name: 'T', boundaries: 'none', strong: { DISCOUNT: ['#折', '满#减#'] } }));
    expect(matches(lexicon, '全场8折满100减20')).toEqual(['8折', '满100减20']);
  });
});
