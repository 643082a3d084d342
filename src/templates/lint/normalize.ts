import { Buffer } from 'node:buffer';
import { isAlphabetLetterUnit, isCodeCapitalUnit, isLetterUnit, isWordUnit } from './chars.js';
import { isLeetUnit } from './evasion.js';
import type { NormalizedText } from './offset-map.js';
import { OffsetMap } from './offset-map.js';
import { SPACED_GATE, isSeparatorUnit, joinSpacedLetters, spacedLettersMayOccur } from './spaced-letters.js';
import { forgetWordStarts, rememberWordStartsWithoutSurrogates } from './word-starts.js';
import { LITTLE_ENDIAN, unitsMemo } from './text-units.js';
import { isSentenceBreakUnit, isSentencePunctuationUnit, sentenceStartsMemo } from './sentence-starts.js';
import type { FoldLocale } from './fold-code-point.js';
import { foldCodePoint } from './fold-code-point.js';

export type { FoldLocale } from './fold-code-point.js';

// Scratch buffers reused by every call (grown on demand): the normalized units, and the word
// starts among them (remembered by `word-starts.ts`, which is told to forget them before the next call rewrites them).
let units = new Uint16Array(4096);
let wordStarts = new Int32Array(4096);
// The same memory as `units`, as bytes: decoding UTF-16 from a Buffer takes a third of the time a
// TextDecoder does. The units are in the machine's byte order: little-endian almost everywhere,
// and a big-endian machine decodes them with a TextDecoder for that order.
let unitBytes = Buffer.from(units.buffer);
const BIG_ENDIAN_UTF16 = LITTLE_ENDIAN ? undefined : new TextDecoder('utf-16be');
/** The most units one code point can normalize to (NFKC expands U+FDFA to 18). */
const MAX_EXPANSION = 32;

function ensureCapacity(needed: number): void {
  if (needed <= units.length) return;
  const size = Math.max(needed, units.length * 2);
  const grownUnits = new Uint16Array(size);
  grownUnits.set(units);
  units = grownUnits;
  unitBytes = Buffer.from(units.buffer);
  const grownStarts = new Int32Array(size);
  grownStarts.set(wordStarts);
  wordStarts = grownStarts;
}

function decode(count: number): string {
  if (count === 0) return '';
  if (count <= 16) {
    let out = '';
    for (let k = 0; k < count; k += 1) out += String.fromCharCode(units[k] ?? 0);
    return out;
  }
  return BIG_ENDIAN_UTF16 === undefined ? unitBytes.toString('utf16le', 0, count * 2) : BIG_ENDIAN_UTF16.decode(units.subarray(0, count));
}

/**
 * Normalizes `input` for lexicon matching: NFKC, locale lower-casing (İ/I/ı → i), Latin and
 * Cyrillic diacritics removed (ё → е, ó → o), zero-width characters and tatweel removed, Arabic
 * tashkeel removed and alef forms folded, every script's decimal digits to ASCII, ٪ → %,
 * dashes and apostrophes unified, whitespace runs collapsed to one space (or one newline when
 * the run holds a line break, which phrases never cross), Traditional Chinese
 * folded to Simplified. Length may change; the result maps offsets back.
 */
export function normalizeForMatching(input: string, locale: FoldLocale): NormalizedText {
  const count = foldUnits(input, locale);
  const text = decode(count);
  // Astral code points are judged whole by `wordStartsOf`; the fold's unit-by-unit starts are not offered for them.
  if (!hasSurrogate) rememberWordStartsWithoutSurrogates(text, wordStarts.subarray(0, wordStartCount));
  unitsMemo.remember(text, units.subarray(0, count));
  sentenceStartsMemo.remember(text, foldedSentences);
  const map = new OffsetMap(text, foldedStarts, foldedOrigins, leetNearLetter, scriptsMeet, digitsAfterCapitals, promoEmojiUnits);
  if (!(hasSurrogate ? SPACED_GATE.test(text) : separatorsAlternate && spacedLettersMayOccur(units, count))) return map;
  // A join makes a new text, of which nothing is known.
  return joinSpacedLetters(map) ?? map;
}

// What the last `foldUnits` call found besides the units: where offsets stop following on one
// from another (see `OffsetMap`), whether a surrogate was written, whether three separators
// stand two units apart somewhere, each right after a letter (a spaced-out word needs that),
// how many word starts it noted, where a leet unit stands next to an alphabet letter, whether a
// Latin and a Cyrillic letter meet, where a digit follows a capital of the original, and whether
// a unit a promotional emoji begins with was written.
let foldedStarts: number[] = [];
let foldedOrigins: number[] = [];
let hasSurrogate = false;
let separatorsAlternate = false;
let wordStartCount = 0;
let leetNearLetter: number[] = [];
let scriptsMeet = true;
let digitsAfterCapitals: number[] = [];
let promoEmojiUnits = true;
let foldedSentences: number[] = [];

/**
 * Writes the folded units of `input` to `units` and returns how many there are: one pass, one
 * table read per unit for every character met before (ASCII is in the table from the start).
 * The table entry carries the folded unit's classes too (see {@link singleEntry}), so the loop
 * asks no other table about it.
 */
function foldUnits(input: string, locale: FoldLocale): number {
  const singles = singleUnitTable(locale);
  const length = input.length;
  // The memos may hold this module's buffers, which are about to be rewritten.
  forgetWordStarts();
  sentenceStartsMemo.forget();
  unitsMemo.forget();
  ensureCapacity(length + MAX_EXPANSION);
  // Locals, not the module's buffers: the loop reads them at every unit.
  let out = units;
  let startsOut = wordStarts;
  // Word starts as `wordStartsOf` finds them: every unit whose previous unit is no letter, digit or mark.
  let startCount = 0;
  const starts: number[] = [];
  const origins: number[] = [];
  // The original offset of the last unit written: a unit from elsewhere than the next offset starts a new run of the map.
  let last = -2;
  let count = 0;
  let lastSpace = true;
  let surrogate = false;
  let emoji = false;
  let lastSeparator = -3;
  let chain = 0;
  let alternate = false;
  // The entry of the last unit written (whether a word or a letter came last), and the entries'
  // LEET_FLAG bit where a leet unit and an alphabet letter met, and LATIN_FLAG bit where a Latin
  // and a Cyrillic letter did (see LEET_FLAG).
  let previous = 0;
  let met = 0;
  // The offsets of the leet units that `met` saw meet a letter, and the original offsets of the
  // digits it saw follow a capital, ascending.
  const leet: number[] = [];
  const codeDigits: number[] = [];
  // Sentence starts as `sentenceStartsByRegex` finds them in the text written, and PUNCTUATION_FLAG
  // while the units last written are sentence-ending punctuation.
  const sentences = [0];
  let inPunctuation = 0;
  for (let i = 0; i < length; ) {
    const unit = input.charCodeAt(i);
    let entry = singles[unit] ?? UNKNOWN;
    // Most units are plain: a one-unit fold that is no whitespace, separator or sentence
    // punctuation, right after the unit written last. Skipping the checks below for them makes
    // normalizing about a quarter faster.
    if (entry >= 0 && ((entry | inPunctuation) & PLAIN_EXCLUDES) === 0 && i === last + 1) {
      out[count] = entry;
      if ((previous & WORD_FLAG) === 0) startsOut[startCount++] = count;
      const meet = ((entry >>> 1) & previous) | ((previous >>> 1) & entry);
      if ((meet & MEETINGS_NOTED) !== 0) noteMeeting(meet, entry, count, i, leet, codeDigits);
      met |= meet;
      previous = entry;
      lastSpace = false;
      last = i;
      count += 1;
      i += 1;
      continue;
    }
    if (entry < 0) {
      if (entry === REMOVED) {
        i += 1;
        continue;
      }
      const cp = input.codePointAt(i) ?? unit;
      const width = cp > 0xffff ? 2 : 1;
      const piece = foldCodePoint(cp, locale);
      if (entry === UNKNOWN) {
        entry = piece === '' ? REMOVED : piece.length === 1 ? singleEntry(piece.charCodeAt(0)) | capitalFlag(unit) : COMPLEX;
        singles[unit] = entry;
        if (entry === REMOVED) {
          i += 1;
          continue;
        }
      }
      if (entry === COMPLEX || entry === SURROGATE) {
        // Astral code points, lone surrogates and characters that fold to several units.
        if (count + piece.length + length - i > out.length) {
          ensureCapacity(count + piece.length + length - i + MAX_EXPANSION);
          out = units;
          startsOut = wordStarts;
        }
        for (let k = 0; k < piece.length; k += 1) {
          const folded = piece.charCodeAt(k);
          if (folded >= 0xd800 && folded <= 0xdfff) surrogate = true;
          if (isSeparatorUnit(folded)) {
            chain = (previous & LETTER_FLAG) !== 0 ? (lastSeparator === count - 2 ? chain + 1 : 1) : 0;
            if (chain === 3) alternate = true;
            lastSeparator = count;
          }
          out[count] = folded;
          if ((previous & WORD_FLAG) === 0) startsOut[startCount++] = count;
          const foldedEntry = singleEntry(folded);
          if (((foldedEntry | inPunctuation) & SENTENCE_FLAGS) !== 0) inPunctuation = noteSentence(sentences, foldedEntry, inPunctuation, count);
          const meet = ((foldedEntry >>> 1) & previous) | ((previous >>> 1) & foldedEntry);
          if ((meet & MEETINGS_NOTED) !== 0) noteMeeting(meet, foldedEntry, count, i, leet, codeDigits);
          met |= meet;
          previous = foldedEntry;
          if (i !== last + 1) {
            starts.push(count);
            origins.push(i);
          }
          last = i;
          count += 1;
        }
        if (piece !== '') lastSpace = piece === ' ';
        i += width;
        continue;
      }
    }
    if ((entry & SPACE_FLAG) !== 0) {
      // Whitespace runs collapse to one unit: a newline when the run holds a line break.
      if (lastSpace) {
        if (entry === NEWLINE_ENTRY && count > 0 && out[count - 1] === 0x20) {
          // The space written last becomes the run's line break, which ends a sentence.
          out[count - 1] = 0x0a;
          sentences.push(count);
        }
        i += 1;
        continue;
      }
      lastSpace = true;
    } else lastSpace = false;
    if ((entry & EMOJI_FLAG) !== 0) emoji = true;
    if ((entry & SEPARATOR_FLAG) !== 0) {
      chain = (previous & LETTER_FLAG) !== 0 ? (lastSeparator === count - 2 ? chain + 1 : 1) : 0;
      if (chain === 3) alternate = true;
      lastSeparator = count;
    }
    out[count] = entry;
    if ((previous & WORD_FLAG) === 0) startsOut[startCount++] = count;
    if (((entry | inPunctuation) & SENTENCE_FLAGS) !== 0) inPunctuation = noteSentence(sentences, entry, inPunctuation, count);
    const meet = ((entry >>> 1) & previous) | ((previous >>> 1) & entry);
    if ((meet & MEETINGS_NOTED) !== 0) noteMeeting(meet, entry, count, i, leet, codeDigits);
    met |= meet;
    previous = entry;
    if (i !== last + 1) {
      starts.push(count);
      origins.push(i);
    }
    last = i;
    count += 1;
    i += 1;
  }
  if (length !== last + 1) {
    starts.push(count);
    origins.push(length);
  }
  if (inPunctuation !== 0) sentences.push(count);
  foldedSentences = sentences;
  foldedStarts = starts;
  foldedOrigins = origins;
  hasSurrogate = surrogate;
  separatorsAlternate = alternate;
  wordStartCount = startCount;
  leetNearLetter = leet;
  scriptsMeet = (met & LATIN_FLAG) !== 0;
  digitsAfterCapitals = codeDigits;
  promoEmojiUnits = surrogate || emoji;
  return count;
}

/** {@link normalizeForMatching} without its gates: the spaced-letter join always runs (for tests). */
export function normalizeUngated(input: string, locale: FoldLocale): NormalizedText {
  const count = foldUnits(input, locale);
  const map = new OffsetMap(decode(count), foldedStarts, foldedOrigins);
  return joinSpacedLetters(map) ?? map;
}

/** The folded text of `input` and the original offset of each of its units (and of its end): the fold before spaced letters are joined, for tests. */
export function foldForMatching(input: string, locale: FoldLocale): { text: string; offsets: number[] } {
  const count = foldUnits(input, locale);
  const map = new OffsetMap(decode(count), foldedStarts, foldedOrigins);
  return { text: map.text, offsets: Array.from({ length: count + 1 }, (_, k) => map.originalOffset(k)) };
}

const UNKNOWN = -2;
const REMOVED = -1;
const COMPLEX = -3;
const SURROGATE = -4;
// Classes of a one-unit fold, above its 16 bits: a word unit, a letter, a spaced-letter
// separator, whitespace (a space or a line break).
const WORD_FLAG = 0x10000;
const LETTER_FLAG = 0x20000;
const SEPARATOR_FLAG = 0x40000;
const SPACE_FLAG = 0x80000;
// A leetspeak digit or symbol, and (one bit up, so that shifting one entry right lines it up
// with the other's LEET_FLAG) a Latin, Cyrillic or Greek letter.
const LEET_FLAG = 0x100000;
const ALPHABET_FLAG = 0x200000;
// A Latin letter a-z, and (one bit up, as with LEET_FLAG) a Cyrillic one (U+0400–U+04FF): where
// they meet, a token may mix scripts (see `foldMixedScriptTokens`).
const LATIN_FLAG = 0x1000000;
const CYRILLIC_FLAG = 0x2000000;
// A digit 0-9, and (one bit up, as with LEET_FLAG) a capital A-Z, А-Я or Ё as written in the
// original (the entry's unit is its lower-case fold): where they meet, a promo code may stand.
const DIGIT_FLAG = 0x4000000;
const CAPITAL_FLAG = 0x8000000;
// Sentence-ending punctuation, and a unit that ends a sentence by itself (see `sentence-starts.ts`).
const PUNCTUATION_FLAG = 0x400000;
const BREAK_FLAG = 0x800000;
const SENTENCE_FLAGS = PUNCTUATION_FLAG | BREAK_FLAG;
// A promotional emoji's unit outside the astral planes (⌛ ⏰ ⏳ ⚡; the others are surrogate pairs).
const EMOJI_FLAG = 0x10000000;
/** Classes that keep a unit off the plain path of `foldUnits` (`inPunctuation` is one of them too). */
const PLAIN_EXCLUDES = SPACE_FLAG | SEPARATOR_FLAG | SENTENCE_FLAGS | EMOJI_FLAG;

/** The meetings of two units written side by side that `foldUnits` notes where they happen. */
const MEETINGS_NOTED = LEET_FLAG | DIGIT_FLAG;

/**
 * Notes what writing a unit with `entry` at `index` (from original offset `origin`) after the
 * unit before it met (`meet`, see `foldUnits`): the leet unit that met an alphabet letter (this
 * unit or the one before; a leet unit between two letters meets both and is noted once), and a
 * digit that follows a capital (a digit before a capital meets it too, and is not noted).
 */
function noteMeeting(meet: number, entry: number, index: number, origin: number, leet: number[], codeDigits: number[]): void {
  if ((meet & LEET_FLAG) !== 0) {
    const at = (entry & LEET_FLAG) !== 0 ? index : index - 1;
    if (leet[leet.length - 1] !== at) leet.push(at);
  }
  if ((meet & DIGIT_FLAG) !== 0 && (entry & DIGIT_FLAG) !== 0) codeDigits.push(origin);
}

/**
 * Notes the sentence starts that writing a unit with `entry` at `index` makes, after units whose
 * punctuation state is `inPunctuation`; returns the new state. A run of punctuation ends a
 * sentence when whitespace follows it (or the text ends, see `foldUnits`); a line break or a
 * semicolon ends one by itself.
 */
function noteSentence(sentences: number[], entry: number, inPunctuation: number, index: number): number {
  if ((entry & PUNCTUATION_FLAG) !== 0) return PUNCTUATION_FLAG;
  if (inPunctuation !== 0 && (entry & SPACE_FLAG) !== 0) sentences.push(index);
  if ((entry & BREAK_FLAG) !== 0) sentences.push(index + 1);
  return 0;
}

/** The table entry of a character that folds to `unit` alone: the unit with its classes (the typed array store keeps the low 16 bits). */
function singleEntry(unit: number): number {
  let entry = unit;
  if (isWordUnit(unit)) entry |= WORD_FLAG;
  if (isLetterUnit(unit)) entry |= LETTER_FLAG;
  if (isSeparatorUnit(unit)) entry |= SEPARATOR_FLAG;
  if (unit === 0x20 || unit === 0x0a) entry |= SPACE_FLAG;
  if (isLeetUnit(unit)) entry |= LEET_FLAG;
  if (unit >= 0x61 && unit <= 0x7a) entry |= LATIN_FLAG;
  if (unit >= 0x0400 && unit <= 0x04ff) entry |= CYRILLIC_FLAG;
  if (unit >= 0x30 && unit <= 0x39) entry |= DIGIT_FLAG;
  if (unit === 0x231b || unit === 0x23f0 || unit === 0x23f3 || unit === 0x26a1) entry |= EMOJI_FLAG;
  if (isAlphabetLetterUnit(unit)) entry |= ALPHABET_FLAG;
  if (isSentencePunctuationUnit(unit)) entry |= PUNCTUATION_FLAG;
  if (isSentenceBreakUnit(unit)) entry |= BREAK_FLAG;
  return entry;
}
const NEWLINE_ENTRY = singleEntry(0x0a);

/** {@link CAPITAL_FLAG} for an original unit that a promo code's capitals are written with, else 0. */
function capitalFlag(unit: number): number {
  return isCodeCapitalUnit(unit) ? CAPITAL_FLAG : 0;
}
const singleTables: Partial<Record<FoldLocale, Int32Array>> = {};

/** ASCII folds: upper case to lower, backtick to apostrophe, tab / VT / FF to space, CR to a line break. */
function asciiFold(unit: number): number {
  if (unit >= 0x41 && unit <= 0x5a) return unit + 32;
  if (unit === 0x60) return 0x27;
  if (unit === 0x09 || unit === 0x0b || unit === 0x0c) return 0x20;
  return unit === 0x0d ? 0x0a : unit;
}

/**
 * Per-locale table of UTF-16 unit → its one-unit fold with that unit's classes (see
 * {@link singleEntry}), `REMOVED`, `COMPLEX` (several units) or `SURROGATE`; ASCII filled up
 * front, the rest on first sight.
 */
function singleUnitTable(locale: FoldLocale): Int32Array {
  let table = singleTables[locale];
  if (table === undefined) {
    table = new Int32Array(0x10000).fill(UNKNOWN);
    for (let unit = 0; unit < 0x80; unit += 1) table[unit] = singleEntry(asciiFold(unit)) | capitalFlag(unit);
    table.fill(SURROGATE, 0xd800, 0xe000);
    singleTables[locale] = table;
  }
  return table;
}
