import { isLetterUnit } from './chars.js';
import type { NormalizedText } from './offset-map.js';
import { OffsetMap } from './offset-map.js';

/**
 * Spaced-out words ("s-a-l-e", "S A L E", "с к и д к а"), an evasion of word lists: the cheap
 * tests that rule them out while a text is normalized, and the join that undoes them.
 */

// Separators are ` * - . _ ·`: anything above `_` but `·` is none, which rejects most units in one comparison.
export const isSeparatorUnit = (unit: number): boolean => (unit <= 0x5f ? unit === 0x20 || unit === 0x2e || unit === 0x2d || unit === 0x5f || unit === 0x2a : unit === 0xb7);

// A cheap necessary condition (four single characters between separators) checked before SPACED.
export const SPACED_GATE = /[ .\-_*·][^ .\-_*·][ .\-_*·][^ .\-_*·][ .\-_*·][^ .\-_*·]|^[^ .\-_*·][ .\-_*·][^ .\-_*·][ .\-_*·]/u;
const SPACED = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*·]\p{L}){3,40}(?![\p{L}\p{N}])/gu;
const SEPARATOR = /[ .\-_*·]/u;

/**
 * A necessary condition for {@link SPACED}, checked without the regex engine: four letters
 * (or marks) alternating with three separators in `buffer[0 .. count)`, in one pass. Texts with
 * surrogates (astral letters take two units) go to the regex gate instead.
 */
export function spacedLettersMayOccur(buffer: Uint16Array, count: number): boolean {
  // Anchored on the first separator: most units are not one, and are passed over in one test.
  for (let k = 1; k + 5 < count; k += 1) {
    if (!isSeparatorUnit(buffer[k] ?? 0) || !isSeparatorUnit(buffer[k + 2] ?? 0) || !isSeparatorUnit(buffer[k + 4] ?? 0)) continue;
    if (isLetterUnit(buffer[k - 1] ?? 0) && isLetterUnit(buffer[k + 1] ?? 0) && isLetterUnit(buffer[k + 3] ?? 0) && isLetterUnit(buffer[k + 5] ?? 0)) return true;
  }
  return false;
}

/** {@link spacedLettersMayOccur} on a string (for tests). */
export function mayHaveSpacedLetters(text: string): boolean {
  const buffer = new Uint16Array(text.length);
  for (let k = 0; k < text.length; k += 1) buffer[k] = text.charCodeAt(k);
  return spacedLettersMayOccur(buffer, text.length);
}

/**
 * "s-a-l-e", "S A L E", "с к и д к а" → the word, when every letter stands alone; `undefined`
 * when nothing was joined.
 */
export function joinSpacedLetters(normalized: NormalizedText): NormalizedText | undefined {
  const { text } = normalized;
  SPACED.lastIndex = 0;
  if (!SPACED.test(text)) return undefined;
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
  if (cursor === 0) return undefined;
  for (let k = cursor; k < text.length; k += 1) keep.push(k);
  parts += text.slice(cursor);
  const mapped = keep.map((k) => normalized.originalOffset(k));
  mapped.push(normalized.originalOffset(text.length));
  return OffsetMap.fromOffsets(parts, mapped);
}
