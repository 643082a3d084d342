import { foldHan } from './han-fold.js';

// How one code point reads for matching: the folds `normalizeForMatching` (normalize.ts) applies
// to every character it has not met before.

/** Which case-folding rules apply: Turkish and Azerbaijani fold `I`/`İ`/`ı` specially. */
export type FoldLocale = 'tr' | 'default';

/** Format and filler characters that render as nothing (zero-width, bidi controls, tatweel, variation selectors). */
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x0640, 0x0640], [0x115f, 0x1160], [0x17b4, 0x17b5],
  [0x180b, 0x180f], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff], [0xffa0, 0xffa0], [0xe0100, 0xe01ef],
];
const isInvisible = (cp: number): boolean => INVISIBLE_RANGES.some(([from, to]) => cp >= from && cp <= to);
const COMBINING = /\p{M}/gu;
const LATIN_OR_CYRILLIC = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u06D6-\u06ED]/gu;
const WHITESPACE = /^\s$/u;
/** Zero code points of decimal-digit blocks NFKC leaves alone (Arabic-Indic, Persian, Devanagari, Bengali, ...). */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0xff10];

const caches: Record<FoldLocale, Map<number, string>> = { tr: new Map(), default: new Map() };

/** The normalized form of one non-ASCII code point (cached: texts reuse few distinct characters). */
export function foldCodePoint(cp: number, locale: FoldLocale): string {
  const cache = caches[locale];
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const folded = computeFold(cp, locale);
  cache.set(cp, folded);
  return folded;
}

function computeFold(cp: number, locale: FoldLocale): string {
  // A lone surrogate is no character: it reads as U+FFFD, as a UTF-16 decoder gives it.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\uFFFD';
  const ch = String.fromCodePoint(cp);
  if (isInvisible(cp)) return '';
  if (WHITESPACE.test(ch)) return ' ';
  for (const zero of DIGIT_ZEROS) if (cp >= zero && cp <= zero + 9) return String(cp - zero);
  switch (cp) {
    case 0x066a: // ARABIC PERCENT SIGN
    case 0x2030:
      return '%';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      return '-';
    case 0x2018: case 0x2019: case 0x201b: case 0x02bc: case 0x02b9: case 0x00b4: case 0x0060:
      return "'";
    case 0x0130: case 0x0131: // İ and ı fold to plain i in every language (see docs: Turkish casing)
      return 'i';
    case 0x0901: // Devanagari candrabindu spelled interchangeably with anusvara
      return '\u0902';
    case 0x093c: // Devanagari nukta: मुफ़्त and मुफ्त are the same word in messages
      return '';
    case 0x0623: case 0x0625: case 0x0622: case 0x0671:
      return '\u0627';
    case 0x0649:
      return '\u064A';
    default:
      break;
  }
  if (cp >= 0x3400 && cp <= 0x9fff) return String.fromCodePoint(foldHan(cp));
  let out = ch.normalize('NFKC').toLocaleLowerCase(locale === 'tr' ? 'tr' : 'und');
  if (LATIN_OR_CYRILLIC.test(out)) {
    out = out.normalize('NFD').replace(COMBINING, '');
  } else {
    out = out.replace(ARABIC_MARKS, '');
    // NFKC decomposes nukta letters (क़ → क + ़); drop the nukta there too.
    out = out.replace(/\u093C/gu, '');
  }
  return out.replace(/[\u0131\u0130]/gu, 'i');
}
