/**
 * Character classes for hot loops, answered from lazily filled tables instead of a Unicode
 * property regex per character. Surrogate halves count as word letters (an astral letter is
 * rare in messages; treating it as a letter only makes the caller look closer).
 */
const WORD = /[\p{L}\p{N}\p{M}]/u;
const LETTER = /[\p{L}\p{M}]/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const UNKNOWN = 0;
const YES = 1;
const NO = 2;
const wordTable = new Uint8Array(0x10000);
const letterTable = new Uint8Array(0x10000);
const letterOrNumberTable = new Uint8Array(0x10000);

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
