import { isAlphabetLetterUnit } from './chars.js';

/**
 * Views of normalized text that undo common evasions without harming ordinary text: folding
 * Latin/Cyrillic lookalikes only inside tokens that mix both scripts, and decoding leetspeak
 * only inside tokens that mix letters with digits. Both are length-preserving, so the
 * normalized offsets stay valid.
 */

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', і: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ӏ: 'l', ԛ: 'q', ԝ: 'w',
};
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у', i: 'і',
};
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

// Normalized text is lower-case with Latin and Cyrillic diacritics removed, so plain ranges do.
const HAS_LATIN = /[a-z]/u;
const HAS_CYRILLIC = /[\u0400-\u04ff]/u;
const LETTER_TOKEN = /[\p{L}\p{M}]+/gu;
const LEET_TOKEN = /[\p{L}\p{N}@$]+/gu;
const LEET_CANDIDATE = /^(?=(?:[^\p{L}]*\p{L}){2})/u;
// Leetspeak swaps digits for Latin (or Cyrillic, Greek) letters; a digit next to a Han, Arabic or Devanagari letter is a number ("满300减50").
const LEET_ADJACENT = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}][013457@$]|[013457@$][\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;
const SCRIPT_SWITCH = /[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z]/u;
const LATIN_LETTER = /\p{Script=Latin}/u;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;

export type MajorScript = 'latin' | 'cyrillic';

/**
 * Folds each token that contains both Latin and Cyrillic letters toward the script most of its
 * letters use (`preferred` on a tie). Returns the input itself when nothing was mixed.
 */
export function foldMixedScriptTokens(text: string, preferred: MajorScript): string {
  if (!HAS_LATIN.test(text) || !HAS_CYRILLIC.test(text) || !SCRIPT_SWITCH.test(text)) return text;
  const folded = text.replace(LETTER_TOKEN, (token) => {
    let latin = 0;
    let cyrillic = 0;
    for (const ch of token) {
      if (LATIN_LETTER.test(ch)) latin += 1;
      else if (CYRILLIC_LETTER.test(ch)) cyrillic += 1;
    }
    if (latin === 0 || cyrillic === 0) return token;
    const target: MajorScript = latin > cyrillic ? 'latin' : cyrillic > latin ? 'cyrillic' : preferred;
    const table = target === 'latin' ? CYRILLIC_TO_LATIN : LATIN_TO_CYRILLIC;
    let out = '';
    for (const ch of token) out += table[ch] ?? ch;
    return out;
  });
  return folded;
}

/** True for a leet digit or symbol (`0 1 3 4 5 7 @ $`). */
export function isLeetUnit(unit: number): boolean {
  return unit === 0x30 || unit === 0x31 || unit === 0x33 || unit === 0x34 || unit === 0x35 || unit === 0x37 || unit === 0x40 || unit === 0x24;
}

/** The leet units (see {@link isLeetUnit}), searched for by the regex engine: it skips the units between them faster than a loop. */
const LEET_UNIT = /[013457@$]/g;

/**
 * Offsets of leet characters with a Latin, Cyrillic or Greek letter next to them. Empty in the
 * common case; every token that {@link leetView} decodes contains one of them.
 */
function leetNextToLetter(text: string): number[] {
  const found: number[] = [];
  LEET_UNIT.lastIndex = 0;
  while (LEET_UNIT.test(text)) {
    const i = LEET_UNIT.lastIndex - 1;
    if ((i > 0 && isAlphabetLetterUnit(text.charCodeAt(i - 1))) || (i + 1 < text.length && isAlphabetLetterUnit(text.charCodeAt(i + 1)))) found.push(i);
  }
  return found;
}

const TOKEN_CHAR = /^[\p{L}\p{N}@$]$/u;

/** The code point at `index` when it belongs to a {@link LEET_TOKEN}, as its length in units (0 when it does not). */
function tokenCharLength(text: string, index: number): number {
  if (index >= text.length) return 0;
  const unit = text.charCodeAt(index);
  if (unit < 0x80) return isLeetUnit(unit) || (unit >= 0x30 && unit <= 0x39) || (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) ? 1 : 0;
  const cp = text.codePointAt(index) ?? unit;
  const width = cp > 0xffff ? 2 : 1;
  return TOKEN_CHAR.test(String.fromCodePoint(cp)) ? width : 0;
}

/** The `[start, end)` of the {@link LEET_TOKEN} match that contains the token character at `index`. */
function tokenAround(text: string, index: number): { start: number; end: number } {
  let start = index;
  while (start > 0) {
    // Step back over one code point (a surrogate pair is one).
    const low = text.charCodeAt(start - 1);
    const back = low >= 0xdc00 && low <= 0xdfff && start >= 2 && text.charCodeAt(start - 2) >= 0xd800 && text.charCodeAt(start - 2) <= 0xdbff ? 2 : 1;
    if (tokenCharLength(text, start - back) !== back) break;
    start -= back;
  }
  let end = index;
  for (let width = tokenCharLength(text, end); width > 0; width = tokenCharLength(text, end)) end += width;
  return { start, end };
}

/**
 * Whether the token `text[start, end)` (`token`) is decoded: {@link LEET_ADJACENT} and
 * {@link LEET_CANDIDATE} hold. Asked of its units where they answer alone (no surrogate; two
 * ASCII letters are two letters), of the regexes otherwise.
 */
function isLeetCandidate(text: string, start: number, end: number, token: string): boolean {
  let adjacent = false;
  let asciiLetters = 0;
  for (let k = start; k < end; k += 1) {
    const unit = text.charCodeAt(k);
    if (unit >= 0xd800 && unit <= 0xdfff) return LEET_ADJACENT.test(token) && LEET_CANDIDATE.test(token);
    if ((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a)) asciiLetters += 1;
    if (k > start && !adjacent) {
      const before = text.charCodeAt(k - 1);
      adjacent = (isLeetUnit(unit) && isAlphabetLetterUnit(before)) || (isLeetUnit(before) && isAlphabetLetterUnit(unit));
    }
  }
  return adjacent && (asciiLetters >= 2 || LEET_CANDIDATE.test(token));
}

/**
 * Whether the token `text[start, end)` of the text a leetspeak view is made of was written as a
 * promo code in the original (see `isWrittenAsCode`): its digits are a number, not letters in
 * disguise, and decoding them would only glue nonsense to a word (`LETO500` → `letosoo`).
 */
export type WrittenAsCode = (start: number, end: number) => boolean;

/** A decoded view plus the ranges (same offsets in both strings) of the tokens that changed. */
export interface LeetView {
  readonly text: string;
  readonly changed: readonly { readonly start: number; readonly end: number }[];
}

/**
 * A leetspeak-decoded view (`fr33 → free`, `c0de → code`) in which only tokens with at least two
 * letters and a leet digit or symbol next to a Latin, Cyrillic or Greek letter change (`SAVE20`,
 * `10:00` and `满300减50` stay), except those `writtenAsCode` says were written as promo codes;
 * `undefined` when no token qualifies (the common case). `positions`, when known (see
 * `NormalizedText.leetUnits`), are the offsets of those leet units: the text is then not
 * searched for them.
 */
export function leetView(text: string, positions: readonly number[] = leetNextToLetter(text), writtenAsCode?: WrittenAsCode): LeetView | undefined {
  if (positions.length === 0) return undefined;
  // Only the tokens around those positions can change; the rest of the text is copied as it is.
  const changed: { start: number; end: number }[] = [];
  let decoded = '';
  let copied = 0;
  for (const position of positions) {
    if (position < copied) continue;
    const { start, end } = tokenAround(text, position);
    const token = text.slice(start, end);
    if (!isLeetCandidate(text, start, end, token) || writtenAsCode?.(start, end) === true) {
      decoded += text.slice(copied, end);
      copied = end;
      continue;
    }
    let out = '';
    for (const ch of token) out += LEET[ch] ?? ch;
    decoded += text.slice(copied, start) + out;
    copied = end;
    changed.push({ start, end });
  }
  if (changed.length === 0) return undefined;
  return { text: decoded + text.slice(copied), changed };
}

/** The original whole-text implementation of {@link leetView}, kept as the reference its fast path is tested against. */
export function leetViewReference(text: string, writtenAsCode?: WrittenAsCode): LeetView | undefined {
  if (leetNextToLetter(text).length === 0) return undefined;
  const changed: { start: number; end: number }[] = [];
  const decoded = text.replace(LEET_TOKEN, (token: string, offset: number) => {
    if (!LEET_ADJACENT.test(token) || !LEET_CANDIDATE.test(token) || writtenAsCode?.(offset, offset + token.length) === true) return token;
    let out = '';
    for (const ch of token) out += LEET[ch] ?? ch;
    changed.push({ start: offset, end: offset + token.length });
    return out;
  });
  return changed.length === 0 ? undefined : { text: decoded, changed };
}
