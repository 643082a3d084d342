import type { CompiledLexicon, TermInfo } from './compile.js';
import { isLetterOrNumberUnit, isWordUnit } from './chars.js';
import { forEachCandidate, mayStartAt } from './prefilter.js';
import type { LintReason, SignalStrength } from './types.js';

/** One lexicon or pattern match, in offsets of the normalized text it was found in. */
export interface Hit {
  readonly start: number;
  readonly end: number;
  readonly kind: TermInfo['kind'] | 'common';
  readonly reason?: LintReason;
  readonly strength?: SignalStrength;
  /** The lexicon's language, or `common`. */
  readonly source: string;
}

function toHit(lexicon: CompiledLexicon, info: TermInfo, start: number, text: string): Hit {
  const { kind, reason, strength } = info;
  const end = start + text.length;
  const source = lexicon.language;
  // Without object spreads: this runs for every match.
  if (reason === undefined) return strength === undefined ? { start, end, kind, source } : { start, end, kind, source, strength };
  return strength === undefined ? { start, end, kind, source, reason } : { start, end, kind, source, reason, strength };
}

const LETTER_BEFORE = /[\p{L}\p{M}]/u;
const WORD_START = /(?<![\p{L}\p{N}\p{M}])[\p{L}\p{N}]/gu;

/** The alternation's match starting exactly at `index`. */
function execAt(lexicon: CompiledLexicon, text: string, index: number): RegExpExecArray | null {
  lexicon.sticky.lastIndex = index;
  return lexicon.sticky.exec(text);
}

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
 * Runs one compiled lexicon over normalized text and appends its hits to `into`: the
 * alternation (behind the word-start prefilter when the lexicon has one), the compound-word
 * infix search, and a second look inside promotional matches for neutral, one-time-code or
 * state phrases they may hide. With `windows`, only the text around those ranges is scanned
 * (the leetspeak view, where only a few tokens changed).
 */
export function runLexicon(lexicon: CompiledLexicon, text: string, into: Hit[], windows?: readonly { start: number; end: number }[]): void {
  const found: Hit[] = [];
  const { pattern, starts } = lexicon;
  for (const window of windows ?? [{ start: 0, end: text.length }]) {
    const from = windows === undefined ? 0 : Math.max(0, window.start - LEET_WINDOW);
    if (starts === undefined) {
      pattern.lastIndex = from;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        if (windows !== undefined && match.index > window.end) break;
        const info = lexicon.identify(match[0]);
        if (info !== undefined) found.push(toHit(lexicon, info, match.index, match[0]));
      }
      continue;
    }
    // Same matches as the global alternation, tried only where a term can start.
    const to = windows === undefined ? text.length : Math.min(text.length, window.end + 1);
    forEachCandidate(starts, text, from, to, (i) => {
      const match = execAt(lexicon, text, i);
      if (match === null) return i + 1;
      const info = lexicon.identify(match[0]);
      if (info !== undefined) found.push(toHit(lexicon, info, i, match[0]));
      return i + Math.max(1, match[0].length);
    });
  }
  pattern.lastIndex = 0;
  if (lexicon.infix !== undefined && windows === undefined) {
    for (const match of text.matchAll(lexicon.infix)) {
      let start = match.index;
      while (start > 0 && match.index - start < 24 && LETTER_BEFORE.test(text[start - 1] ?? '')) start -= 1;
      const word = text.slice(start, match.index + match[0].length);
      const info = lexicon.identify(word);
      if (info !== undefined && !found.some((h) => h.start <= start && h.end >= start + word.length)) found.push(toHit(lexicon, info, start, word));
    }
  }
  // A promotional match can hide a neutral, one-time-code or state phrase that starts inside it
  // ("usa el código 123456 para iniciar sesión"); look for one at each later word start.
  const promo = found.filter((h) => h.kind === 'strong' || h.kind === 'weak');
  for (const hit of promo) {
    const starts = lexicon.lexicon.boundaries === 'word' ? innerWordStarts(text, hit.start, hit.end) : Array.from({ length: hit.end - hit.start - 1 }, (_, i) => i + 1);
    for (const offset of starts) {
      // The alternation can only match where the start filter admits a term.
      if (lexicon.starts !== undefined && !mayStartAt(lexicon.starts, text, hit.start + offset)) continue;
      const match = execAt(lexicon, text, hit.start + offset);
      if (match === null) continue;
      const info = lexicon.identify(match[0]);
      if (info !== undefined && info.kind !== 'strong' && info.kind !== 'weak') {
        found.push(toHit(lexicon, info, hit.start + offset, match[0]));
        break;
      }
    }
  }
  into.push(...found);
}

