import { isLetterUnit } from './chars.js';
import { foldHan } from './han-fold.js';

/**
 * Text prepared for lexicon matching, with a map back to the original string:
 * `offsets[i]` is the UTF-16 offset in the original of normalized unit `i`, and
 * `offsets[text.length]` is the original length.
 */
export interface NormalizedText {
  readonly text: string;
  readonly offsets: readonly number[];
}

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
function foldCodePoint(cp: number, locale: FoldLocale): string {
  const cache = caches[locale];
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const folded = computeFold(cp, locale);
  cache.set(cp, folded);
  return folded;
}

function computeFold(cp: number, locale: FoldLocale): string {
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

/**
 * Normalizes `input` for lexicon matching: NFKC, locale lower-casing (İ/I/ı → i), Latin and
 * Cyrillic diacritics removed (ё → е, ó → o), zero-width characters and tatweel removed, Arabic
 * tashkeel removed and alef forms folded, every script's decimal digits to ASCII, ٪ → %,
 * dashes and apostrophes unified, whitespace runs collapsed to one space (or one newline when
 * the run holds a line break, which phrases never cross), Traditional Chinese
 * folded to Simplified. Length may change; `offsets` maps back.
 */
export function normalizeForMatching(input: string, locale: FoldLocale): NormalizedText {
  const codes: number[] = [];
  const offsets: number[] = [];
  const singles = singleUnitTable(locale);
  let lastSpace = true;
  const pushSpace = (i: number, newline: boolean): void => {
    const last = codes.length - 1;
    if (!lastSpace) {
      codes.push(newline ? 0x0a : 0x20);
      offsets.push(i);
    } else if (newline && last >= 0 && codes[last] === 0x20) {
      codes[last] = 0x0a;
    }
    lastSpace = true;
  };
  for (let i = 0; i < input.length; ) {
    const unit = input.charCodeAt(i);
    if (unit < 0x80) {
      if (unit >= 0x41 && unit <= 0x5a) {
        codes.push(unit + 32);
        offsets.push(i);
        lastSpace = false;
      } else if (unit === 0x20 || unit === 0x09 || unit === 0x0b || unit === 0x0c) pushSpace(i, false);
      else if (unit === 0x0a || unit === 0x0d) pushSpace(i, true);
      else {
        codes.push(unit === 0x60 ? 0x27 : unit);
        offsets.push(i);
        lastSpace = false;
      }
      i += 1;
      continue;
    }
    const cp = input.codePointAt(i) ?? unit;
    const width = cp > 0xffff ? 2 : 1;
    const single = cp <= 0xffff ? singles[cp] ?? UNKNOWN : COMPLEX;
    let mapped = single;
    if (single === UNKNOWN) {
      const piece = foldCodePoint(cp, locale);
      mapped = piece === '' ? REMOVED : piece.length === 1 && cp <= 0xffff ? piece.charCodeAt(0) : COMPLEX;
      if (cp <= 0xffff) singles[cp] = mapped;
    }
    if (mapped === REMOVED) {
      // dropped (zero-width, tatweel, tashkeel, nukta)
    } else if (mapped === 0x20) pushSpace(i, false);
    else if (mapped === 0x0a) pushSpace(i, true);
    else if (mapped >= 0) {
      codes.push(mapped);
      offsets.push(i);
      lastSpace = false;
    } else {
      const piece = foldCodePoint(cp, locale);
      for (let k = 0; k < piece.length; k += 1) {
        codes.push(piece.charCodeAt(k));
        offsets.push(i);
      }
      if (piece !== '') lastSpace = piece === ' ';
    }
    i += width;
  }
  offsets.push(input.length);
  let text = '';
  for (let k = 0; k < codes.length; k += 8192) text += String.fromCharCode(...codes.slice(k, k + 8192));
  return joinSpacedLetters({ text, offsets });
}

const UNKNOWN = -2;
const REMOVED = -1;
const COMPLEX = -3;
const singleTables: Partial<Record<FoldLocale, Int32Array>> = {};

/** Per-locale table of BMP code point → its one-unit fold (or REMOVED / COMPLEX), filled lazily. */
function singleUnitTable(locale: FoldLocale): Int32Array {
  let table = singleTables[locale];
  if (table === undefined) {
    table = new Int32Array(0x10000).fill(UNKNOWN);
    singleTables[locale] = table;
  }
  return table;
}

// A cheap necessary condition (four single characters between separators) checked before SPACED.
const SPACED_GATE = /[ .\-_*·][^ .\-_*·][ .\-_*·][^ .\-_*·][ .\-_*·][^ .\-_*·]|^[^ .\-_*·][ .\-_*·][^ .\-_*·][ .\-_*·]/u;
const SPACED = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*·]\p{L}){3,40}(?![\p{L}\p{N}])/gu;
const SEPARATOR = /[ .\-_*·]/u;

const isSeparatorUnit = (unit: number): boolean => unit === 0x20 || unit === 0x2e || unit === 0x2d || unit === 0x5f || unit === 0x2a || unit === 0xb7;

/**
 * A necessary condition for {@link SPACED}, checked without the regex engine: four letters
 * (or marks) alternating with three separators somewhere. Texts with surrogates (astral letters
 * take two units) go to the regex gate.
 */
export function mayHaveSpacedLetters(text: string): boolean {
  for (let i = 0; i + 6 < text.length; i += 1) {
    if (!isSeparatorUnit(text.charCodeAt(i + 1)) || !isSeparatorUnit(text.charCodeAt(i + 3)) || !isSeparatorUnit(text.charCodeAt(i + 5))) continue;
    if (isLetterUnit(text.charCodeAt(i)) && isLetterUnit(text.charCodeAt(i + 2)) && isLetterUnit(text.charCodeAt(i + 4)) && isLetterUnit(text.charCodeAt(i + 6))) return true;
  }
  return false;
}

// Without the u flag the class sees UTF-16 units, so it catches every surrogate.
const HAS_SURROGATE = /[\uD800-\uDFFF]/;

/** "s-a-l-e", "S A L E", "с к и д к а" → the word, when every letter stands alone. */
function joinSpacedLetters(normalized: NormalizedText): NormalizedText {
  const { text, offsets } = normalized;
  if (HAS_SURROGATE.test(text) ? !SPACED_GATE.test(text) : !mayHaveSpacedLetters(text)) return normalized;
  SPACED.lastIndex = 0;
  if (!SPACED.test(text)) return normalized;
  SPACED.lastIndex = 0;
  const keep: number[] = [];
  let cursor = 0;
  let parts = '';
  for (const match of text.matchAll(SPACED)) {
    const start = match.index;
    const run = match[0];
    // One separator kind per run ("a. b" is prose, "s-a-l-e" is evasion).
    const sep = run[1] ?? ' ';
    let uniform = true;
    for (let k = 1; k < run.length; k += 2) if (run[k] !== sep) uniform = false;
    if (!uniform || !SEPARATOR.test(sep)) continue;
    for (let k = cursor; k < start; k += 1) keep.push(k);
    parts += text.slice(cursor, start);
    for (let k = 0; k < run.length; k += 2) {
      keep.push(start + k);
      parts += run[k] ?? '';
    }
    cursor = start + run.length;
  }
  if (keep.length === 0 && cursor === 0) return normalized;
  for (let k = cursor; k < text.length; k += 1) keep.push(k);
  parts += text.slice(cursor);
  const mapped = keep.map((k) => offsets[k] ?? 0);
  mapped.push(offsets[text.length] ?? 0);
  return { text: parts, offsets: mapped };
}

/** Maps a normalized `[start, end)` back to original UTF-16 offsets. */
export function toOriginalSpan(normalized: NormalizedText, start: number, end: number): { start: number; end: number } {
  const from = normalized.offsets[start] ?? 0;
  const last = normalized.offsets[Math.max(start, end - 1)] ?? from;
  const next = normalized.offsets[end] ?? last + 1;
  return { start: from, end: Math.max(next, last + 1) };
}
