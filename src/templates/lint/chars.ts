/**
 * Character classes for hot loops, answered from lazily filled tables instead of a Unicode
 * property regex per character. Surrogate halves count as word letters (an astral letter is
 * rare in messages; treating it as a letter only makes the caller look closer).
 */
const WORD = /[\p{L}\p{N}\p{M}]/u;
const LETTER = /[\p{L}\p{M}]/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const ALPHABET_LETTER = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;
const UNKNOWN = 0;
const YES = 1;
const NO = 2;
const wordTable = new Uint8Array(0x10000);
const letterTable = new Uint8Array(0x10000);
const letterOrNumberTable = new Uint8Array(0x10000);
const alphabetLetterTable = new Uint8Array(0x10000);

function lookup(table: Uint8Array, pattern: RegExp, unit: number): boolean {
  let known = table[unit] ?? UNKNOWN;
  if (known === UNKNOWN) {
    known = (unit >= 0xd800 && unit <= 0xdfff) || pattern.test(String.fromCharCode(unit)) ? YES : NO;
    table[unit] = known;
  }
  return known === YES;
}

/** A letter, digit or combining mark (the linter's word characters). */
export function isWordUnit(unit: number): boolean {
  if (unit < 0x80) return (unit >= 0x30 && unit <= 0x39) || (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a);
  return lookup(wordTable, WORD, unit);
}

/** A letter or combining mark. */
export function isLetterUnit(unit: number): boolean {
  if (unit < 0x80) return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a);
  return lookup(letterTable, LETTER, unit);
}

/** A letter or digit (not a mark). */
export function isLetterOrNumberUnit(unit: number): boolean {
  if (unit < 0x80) return (unit >= 0x30 && unit <= 0x39) || (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a);
  return lookup(letterOrNumberTable, LETTER_OR_NUMBER, unit);
}

/** A Latin, Cyrillic or Greek letter: the scripts whose letters digits are made to look like in leetspeak. */
export function isAlphabetLetterUnit(unit: number): boolean {
  if (unit < 0x80) return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a);
  return unit < 0xd800 || unit > 0xdfff ? lookup(alphabetLetterTable, ALPHABET_LETTER, unit) : false;
}

/** A capital promo codes are written with: `A-Z`, `А-Я` or `Ё` (the letters of the code token in `common-patterns.ts`). */
export function isCodeCapitalUnit(unit: number): boolean {
  return (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x0410 && unit <= 0x042f) || unit === 0x0401;
}

const astralWord = new Map<number, boolean>();
const astralLetter = new Map<number, boolean>();

function astral(cache: Map<number, boolean>, pattern: RegExp, codePoint: number): boolean {
  let known = cache.get(codePoint);
  if (known === undefined) {
    known = pattern.test(String.fromCodePoint(codePoint));
    cache.set(codePoint, known);
  }
  return known;
}

/** The code point starting at `at` when it is a surrogate pair, else -1. */
function pairAt(text: string, at: number): number {
  const high = text.charCodeAt(at);
  if (high < 0xd800 || high > 0xdbff) return -1;
  const low = text.charCodeAt(at + 1);
  return low >= 0xdc00 && low <= 0xdfff ? (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000 : -1;
}

/**
 * True when the code point starting at `at` is a letter, digit or mark (`[\p{L}\p{N}\p{M}]` in
 * Unicode mode: a lone surrogate is none of them).
 */
export function isWordCodePointAt(text: string, at: number): boolean {
  const unit = text.charCodeAt(at);
  if (unit < 0xd800 || unit > 0xdfff) return isWordUnit(unit);
  const codePoint = pairAt(text, at);
  return codePoint >= 0 && astral(astralWord, WORD, codePoint);
}

/** The length in units (1 or 2) of the code point at `at` when it is a letter or mark (`[\p{L}\p{M}]`), else 0. */
export function letterCodePointLength(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  if (unit < 0xd800 || unit > 0xdfff) return isLetterUnit(unit) ? 1 : 0;
  const codePoint = pairAt(text, at);
  return codePoint >= 0 && astral(astralLetter, LETTER, codePoint) ? 2 : 0;
}

/**
 * True when the code point that ends at `at` (`at > 0`) is a letter, digit or mark: the one
 * unit before, or the surrogate pair ending there.
 */
export function isWordCodePointBefore(text: string, at: number): boolean {
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return isWordCodePointAt(text, at - 2);
  }
  return isWordCodePointAt(text, at - 1);
}
