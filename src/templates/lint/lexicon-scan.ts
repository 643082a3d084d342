import type { CompiledLexicon, TermInfo, TermMatch } from './compile.js';
import type { MergedScan } from './merged-scan.js';
import { mergedScanOf } from './merged-scan.js';
import { isLetterOrNumberUnit, isWordUnit } from './chars.js';
import { hasBit } from './unit-bits.js';
import { isWordStartAt, wordStartsOf } from './word-starts.js';
import type { LintReason, SignalStrength } from './types.js';

/** One lexicon or pattern match, in offsets of the normalized text it was found in. Every field is always present (one object shape). */
export interface Hit {
  readonly start: number;
  readonly end: number;
  readonly kind: TermInfo['kind'] | 'common';
  readonly reason: LintReason | undefined;
  readonly strength: SignalStrength | undefined;
  /** The lexicon's language, or `common`. */
  readonly source: string;
}

function toHit(lexicon: CompiledLexicon, info: TermInfo, start: number, end: number): Hit {
  return { start, end, kind: info.kind, reason: info.reason, strength: info.strength, source: lexicon.language };
}

const LETTER_BEFORE = /[\p{L}\p{M}]/u;
const WORD_START = /(?<![\p{L}\p{N}\p{M}])[\p{L}\p{N}]/gu;

/**
 * Offsets (from `start`, > 0) of the word starts inside `text[start, end)`: what
 * `WORD_START` finds in that slice. A unit loop for BMP text; the regex when a surrogate pair
 * (an astral code point) is in the way.
 */
export function innerWordStarts(text: string, start: number, end: number): number[] {
  for (let i = start; i < end; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return [...text.slice(start, end).matchAll(WORD_START)].map((m) => m.index).filter((k) => k > 0);
  }
  const offsets: number[] = [];
  for (let i = start + 1; i < end; i += 1) {
    if (isLetterOrNumberUnit(text.charCodeAt(i)) && !isWordUnit(text.charCodeAt(i - 1))) offsets.push(i - start);
  }
  return offsets;
}

/** Words a phrase may span on each side of a decoded token when re-scanning the leet view. */
const LEET_WINDOW = 48;


/**
 * Calls `onMatch` for each match of the lexicon in `text[from, to)`, left to right: at each
 * position where a term may start (a word start, or every position without word boundaries),
 * the first term in priority order that matches there; the scan goes on after the match.
 */
export function scanMatches(
  lexicon: CompiledLexicon,
  text: string,
  from: number,
  to: number,
  onMatch: (start: number, match: TermMatch) => void,
): void {
  const { first } = lexicon.index;
  const match = lexicon.matchAt;
  let next = from;
  if (lexicon.boundaries === 'none') {
    for (let i = from; i < to; i += 1) {
      if (i < next || !hasBit(first, text.charCodeAt(i))) continue;
      const found = match(text, i);
      if (found === undefined) continue;
      onMatch(i, found);
      next = Math.max(i + 1, found.end);
    }
    return;
  }
  if (from > 0 || to < text.length) {
    // A window (of the leetspeak view): its few word starts are found where they are.
    for (let i = from; i < to; i += 1) {
      if (i < next || !hasBit(first, text.charCodeAt(i)) || !isWordStartAt(text, i)) continue;
      const found = match(text, i);
      if (found === undefined) continue;
      onMatch(i, found);
      next = Math.max(i + 1, found.end);
    }
    return;
  }
  const starts = wordStartsOf(text);
  for (let k = 0; k < starts.length; k += 1) {
    const i = starts[k] ?? 0;
    if (i < next || !hasBit(first, text.charCodeAt(i))) continue;
    const found = match(text, i);
    if (found === undefined) continue;
    onMatch(i, found);
    next = Math.max(i + 1, found.end);
  }
}

/**
 * Runs one compiled lexicon over normalized text and appends its hits to `into`: the terms
 * (see {@link scanMatches}), the compound-word infix search, and a second look inside
 * promotional matches for neutral, one-time-code or state phrases they may hide. With
 * `windows`, only the text around those ranges is scanned (the leetspeak view, where only a few
 * tokens changed).
 */
export function runLexicon(lexicon: CompiledLexicon, text: string, into: Hit[], windows?: readonly { start: number; end: number }[]): void {
  const found: Hit[] = [];
  const push = (start: number, match: TermMatch): void => {
    found.push(toHit(lexicon, match.info, start, match.end));
  };
  if (windows === undefined) scanMatches(lexicon, text, 0, text.length, push);
  else for (const window of windows) scanMatches(lexicon, text, Math.max(0, window.start - LEET_WINDOW), Math.min(text.length, window.end + 1), push);
  finishLexicon(lexicon, text, found, windows === undefined, into);
}

/**
 * {@link runLexicon} for several lexicons over the whole of `text`, their hits appended lexicon
 * by lexicon in the order given. The lexicons with word boundaries are scanned together in one
 * pass (see {@link MergedScan}); the hits are the same as running each alone.
 */
export function runLexicons(lexicons: readonly CompiledLexicon[], text: string, into: Hit[]): void {
  const { merged, slots } = planFor(lexicons);
  if (merged === undefined) {
    for (const lexicon of lexicons) runLexicon(lexicon, text, into);
    return;
  }
  const found: Hit[][] = lexicons.map(() => []);
  // The quiet phrase found inside a lexicon's promotional match, at that match's place in `found`.
  const inner: (Hit | undefined)[][] = lexicons.map(() => []);
  const searched = merged.scan(
    text,
    (k, info, start, end) => {
      const lexicon = merged.lexicons[k];
      if (lexicon !== undefined) found[slots[k] ?? 0]?.push(toHit(lexicon, info, start, end));
    },
    (k, info, start, end) => {
      const lexicon = merged.lexicons[k];
      const slot = slots[k] ?? 0;
      // Reported while the lexicon's last match is the one it lies in.
      if (lexicon !== undefined) (inner[slot] ?? [])[(found[slot]?.length ?? 0) - 1] = toHit(lexicon, info, start, end);
    },
  );
  lexicons.forEach((lexicon, k) => {
    if (lexicon.boundaries !== 'word') runLexicon(lexicon, text, into);
    else if (searched) finishLexicon(lexicon, text, found[k] ?? [], true, into, inner[k]);
    else finishLexicon(lexicon, text, found[k] ?? [], true, into);
  });
}

/** How {@link runLexicons} scans a list of lexicons: the merged scan of those with word boundaries (two or more), and where each of them is in the list. */
interface ScanPlan {
  readonly merged: MergedScan | undefined;
  /** For each lexicon of the merged scan, its position in the list. */
  readonly slots: Int32Array;
}

// By list: the lists a lint passes are the registry's, kept for the life of the process.
const plans = new WeakMap<readonly CompiledLexicon[], ScanPlan>();

function planFor(lexicons: readonly CompiledLexicon[]): ScanPlan {
  let plan = plans.get(lexicons);
  if (plan === undefined) {
    const words = lexicons.filter((lexicon) => lexicon.boundaries === 'word');
    plan = { merged: words.length < 2 ? undefined : mergedScanOf(words), slots: Int32Array.from(words, (lexicon) => lexicons.indexOf(lexicon)) };
    plans.set(lexicons, plan);
  }
  return plan;
}

/**
 * Adds to a lexicon's term hits (`found`) the compound-word infix matches (when `infix`) and the
 * quiet phrases inside its promotional ones, then appends them all to `into`. With `inner`, the
 * term hits were already searched for quiet phrases: `inner[k]` is the one inside `found[k]`.
 */
function finishLexicon(lexicon: CompiledLexicon, text: string, found: Hit[], infix: boolean, into: Hit[], inner?: readonly (Hit | undefined)[]): void {
  const searched = inner === undefined ? 0 : found.length;
  if (lexicon.infix !== undefined && infix) {
    lexicon.infix.lastIndex = 0;
    for (const match of text.matchAll(lexicon.infix)) {
      let start = match.index;
      while (start > 0 && match.index - start < 24 && LETTER_BEFORE.test(text[start - 1] ?? '')) start -= 1;
      const word = text.slice(start, match.index + match[0].length);
      const info = lexicon.identify(word);
      if (info !== undefined && !found.some((h) => h.start <= start && h.end >= start + word.length)) found.push(toHit(lexicon, info, start, start + word.length));
    }
  }
  // A promotional match can hide a neutral, one-time-code or state phrase that starts inside it
  // ("usa el código 123456 para iniciar sesión"); look for one at each later word start.
  for (let k = 0, promotional = found.length; k < promotional; k += 1) {
    const hit = found[k];
    if (hit === undefined || (hit.kind !== 'strong' && hit.kind !== 'weak')) continue;
    const quiet = k < searched ? inner?.[k] : quietPhraseInside(lexicon, text, hit.start, hit.end);
    if (quiet !== undefined) found.push(quiet);
  }
  for (const hit of found) into.push(hit);
}

/**
 * The first neutral, one-time-code or state phrase of the lexicon that starts inside
 * `text[start, end)` after `start` (at a word start, unless the language has no word
 * boundaries), as a hit.
 */
export function quietPhraseInside(lexicon: CompiledLexicon, text: string, start: number, end: number): Hit | undefined {
  if (lexicon.boundaries === 'word') {
    for (let at = start + 1; at < end; at += 1) {
      const unit = text.charCodeAt(at);
      // Astral letters are judged whole by `innerWordStarts`.
      if (unit >= 0xd800 && unit <= 0xdfff) return quietPhraseAtAny(lexicon, text, start, innerWordStarts(text, start, end));
      if (!isLetterOrNumberUnit(unit) || isWordUnit(text.charCodeAt(at - 1))) continue;
      const match = lexicon.matchNonPromotionalAt(text, at);
      if (match !== undefined) return toHit(lexicon, match.info, at, match.end);
    }
    return undefined;
  }
  for (let at = start + 1; at < end; at += 1) {
    const match = lexicon.matchNonPromotionalAt(text, at);
    if (match !== undefined) return toHit(lexicon, match.info, at, match.end);
  }
  return undefined;
}

function quietPhraseAtAny(lexicon: CompiledLexicon, text: string, start: number, offsets: readonly number[]): Hit | undefined {
  for (const offset of offsets) {
    const match = lexicon.matchNonPromotionalAt(text, start + offset);
    if (match !== undefined) return toHit(lexicon, match.info, start + offset, match.end);
  }
  return undefined;
}
