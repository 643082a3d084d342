import { isWordCodePointAt, isWordCodePointBefore, letterCodePointLength } from './chars.js';
import type { TermPiece } from './term-pattern.js';

/**
 * A lexicon term's matcher: the term's pieces (see `term-pattern.ts`) as a graph of nodes, each
 * pointing to the node that follows it; the options of a group end by pointing past the group.
 * `run` tries each node's choices in the regex engine's order (greedy quantifiers longest first,
 * alternatives left to right) and returns the end of the first complete match, or -1 — so it
 * ends exactly where the term's regex would, without entering the regex engine.
 */

const LITERAL = 0;
const STEM = 1;
const AMOUNT = 2;
const PERCENT = 3;
const SPACE = 4;
const GAP = 5;
const GROUP = 6;
const END = 7;
const END_OF_WORD = 8;

interface MatcherNode {
  readonly kind: number;
  readonly text: string;
  next: MatcherNode | undefined;
  readonly options: MatcherNode[];
}

const NODE_KIND: Readonly<Record<'stem' | 'amount' | 'percent' | 'space' | 'gap', number>> = { stem: STEM, amount: AMOUNT, percent: PERCENT, space: SPACE, gap: GAP };

/** A compiled term: `matchAt(text, at)` is the end of the term's match starting exactly at `at`, or -1. */
export interface TermMatcher {
  matchAt(text: string, at: number): number;
}

/**
 * Compiles pieces to a matcher. With `wordBoundaries`, a match must not begin right after, nor end
 * right before, a letter, digit or mark — what `(?<![\p{L}\p{N}\p{M}])…(?![\p{L}\p{N}\p{M}])` says.
 */
export function compileMatcher(pieces: readonly TermPiece[], wordBoundaries: boolean): TermMatcher {
  const end: MatcherNode = { kind: wordBoundaries ? END_OF_WORD : END, text: '', next: undefined, options: [] };
  const start = chain(pieces, end);
  return {
    matchAt(text: string, at: number): number {
      if (wordBoundaries && at > 0 && isWordCodePointBefore(text, at)) return -1;
      return run(start, text, at);
    },
  };
}

/** Links `pieces` into nodes ending at `tail`; returns the first node (or `tail` for no pieces). */
function chain(pieces: readonly TermPiece[], tail: MatcherNode): MatcherNode {
  let next = tail;
  for (let k = pieces.length - 1; k >= 0; k -= 1) {
    const piece = pieces[k];
    if (piece === undefined) continue;
    if (piece.type === 'literal') next = { kind: LITERAL, text: piece.text, next, options: [] };
    else if (piece.type === 'group') {
      const after = next;
      next = { kind: GROUP, text: '', next: after, options: piece.options.map((option) => chain(option, after)) };
    } else next = { kind: NODE_KIND[piece.type], text: '', next, options: [] };
  }
  return next;
}

const SPACE_UNIT = 0x20;
const HYPHEN_UNIT = 0x2d;
const NEWLINE_UNIT = 0x0a;
const PERCENT_UNIT = 0x25;

function run(start: MatcherNode, text: string, at: number): number {
  let node = start;
  let position = at;
  // Nodes with one way to match are followed in a loop; nodes with choices recurse.
  for (;;) {
    switch (node.kind) {
      case END:
        return position;
      case END_OF_WORD:
        return position < text.length && isWordCodePointAt(text, position) ? -1 : position;
      case LITERAL: {
        const literal = node.text;
        if (position + literal.length > text.length) return -1;
        for (let k = 0; k < literal.length; k += 1) if (text.charCodeAt(position + k) !== literal.charCodeAt(k)) return -1;
        position += literal.length;
        break;
      }
      case PERCENT: {
        // ` ?%`: a space is taken only when `%` follows it.
        const unit = text.charCodeAt(position);
        if (unit === PERCENT_UNIT) position += 1;
        else if (unit === SPACE_UNIT && text.charCodeAt(position + 1) === PERCENT_UNIT) position += 2;
        else return -1;
        break;
      }
      case STEM:
        return stem(node, text, position);
      case SPACE: {
        let count = 0;
        while (count < 3 && isSpaceOrHyphen(text.charCodeAt(position + count))) count += 1;
        for (let taken = count; taken >= 1; taken -= 1) {
          const found = run(next(node), text, position + taken);
          if (found >= 0) return found;
        }
        return -1;
      }
      case GAP:
        return gap(node, text, position, 0);
      case AMOUNT:
        return amount(node, text, position);
      case GROUP: {
        for (const option of node.options) {
          const found = run(option, text, position);
          if (found >= 0) return found;
        }
        return -1;
      }
      default:
        return -1;
    }
    node = next(node);
  }
}

const next = (node: MatcherNode): MatcherNode => node.next ?? node;
const isSpaceOrHyphen = (unit: number): boolean => unit === SPACE_UNIT || unit === HYPHEN_UNIT;
const isDigit = (unit: number): boolean => unit >= 0x30 && unit <= 0x39;

/** `[\p{L}\p{M}]{0,24}`, longest first. */
function stem(node: MatcherNode, text: string, at: number): number {
  let end = at;
  let count = 0;
  let astral = false;
  while (count < 24 && end < text.length) {
    const width = letterCodePointLength(text, end);
    if (width === 0) break;
    if (width === 2) astral = true;
    end += width;
    count += 1;
  }
  if (!astral) {
    for (let stop = end; stop >= at; stop -= 1) {
      const found = run(next(node), text, stop);
      if (found >= 0) return found;
    }
    return -1;
  }
  // An astral letter takes two units: step back one code point at a time.
  const stops = [at];
  for (let p = at; p < end; ) {
    p += letterCodePointLength(text, p);
    stops.push(p);
  }
  for (let k = stops.length - 1; k >= 0; k -= 1) {
    const found = run(next(node), text, stops[k] ?? at);
    if (found >= 0) return found;
  }
  return -1;
}

/**
 * `(?: [^ \n]{1,24}){0,4} `: up to four more words, then a space. Each word is taken whole (up
 * to 24 code points): a shorter take leaves a non-space next, where both a further word and the
 * closing space would fail, so the engine's other choices are only fewer words.
 */
function gap(node: MatcherNode, text: string, at: number, words: number): number {
  if (text.charCodeAt(at) !== SPACE_UNIT) return -1;
  if (words < 4) {
    let end = at + 1;
    let count = 0;
    while (count < 24 && end < text.length) {
      const unit = text.charCodeAt(end);
      if (unit === SPACE_UNIT || unit === NEWLINE_UNIT) break;
      end += unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(end + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      count += 1;
    }
    if (count > 0) {
      const found = gap(node, text, end, words + 1);
      if (found >= 0) return found;
    }
  }
  return run(next(node), text, at + 1);
}

const CURRENCY_UNITS = new Set(Array.from('$€£¥₽₺₹₸₴', (ch) => ch.charCodeAt(0)));
const R = 0x72;

/**
 * `NUMBER | \{\{[a-z0-9_]{1,64}\}\}`, in the engine's order (see `REGEX_OF.amount`): the term
 * goes on from each place an amount at `at` can end, in the order the engine would try them.
 * Those places depend on the text alone, and every amount-led term proposed at a position asks
 * for them, so they are computed once per position (the last one is remembered).
 */
function amount(node: MatcherNode, text: string, at: number): number {
  const after = next(node);
  const ends = amountEnds(text, at);
  for (let k = 0; k < ends.length; k += 1) {
    const found = run(after, text, ends[k] ?? at);
    if (found >= 0) return found;
  }
  return -1;
}

let endsText: string | undefined;
let endsAt = -1;
let endsFound: number[] = [];

/**
 * The places an amount starting at `at` can end, each once, in the order the engine tries them
 * (a place met again later adds nothing: what follows it fails or matches the same way).
 */
function amountEnds(text: string, at: number): readonly number[] {
  if (at === endsAt && text === endsText) return endsFound;
  const ends: number[] = [];
  const unit = text.charCodeAt(at);
  // (?:[$€…] ?|r\$ ?|rp ?|rs ?)? — the prefix first (with its space, then without), then none.
  let prefix = 0;
  if (CURRENCY_UNITS.has(unit)) prefix = 1;
  else if (unit === R) {
    const second = text.charCodeAt(at + 1);
    if (second === 0x24 || second === 0x70 || second === 0x73) prefix = 2;
  }
  if (prefix > 0) {
    if (text.charCodeAt(at + prefix) === SPACE_UNIT) digits(text, at + prefix + 1, ends);
    digits(text, at + prefix, ends);
  }
  digits(text, at, ends);
  variable(text, at, ends);
  endsText = text;
  endsAt = at;
  endsFound = ends;
  return ends;
}

function addEnd(ends: number[], end: number): void {
  if (!ends.includes(end)) ends.push(end);
}

/** `\d{1,3}` (longest first), then the thousands groups. */
function digits(text: string, at: number, ends: number[]): void {
  let count = 0;
  while (count < 3 && isDigit(text.charCodeAt(at + count))) count += 1;
  for (let taken = count; taken >= 1; taken -= 1) thousands(text, at + taken, 0, ends);
}

const threeDigits = (text: string, at: number): boolean => isDigit(text.charCodeAt(at)) && isDigit(text.charCodeAt(at + 1)) && isDigit(text.charCodeAt(at + 2));
const isGroupSeparator = (unit: number): boolean => unit === SPACE_UNIT || unit === 0x2e || unit === 0x2c;

/** `(?:[ .,]?\d{3}){0,3}`: another group (with a separator, then without) before stopping. */
function thousands(text: string, at: number, groups: number, ends: number[]): void {
  if (groups < 3) {
    if (isGroupSeparator(text.charCodeAt(at)) && threeDigits(text, at + 1)) thousands(text, at + 4, groups + 1, ends);
    if (threeDigits(text, at)) thousands(text, at + 3, groups + 1, ends);
  }
  decimals(text, at, ends);
}

/** `(?:[.,]\d{1,2})?`: two decimals, one, then none. */
function decimals(text: string, at: number, ends: number[]): void {
  const unit = text.charCodeAt(at);
  if ((unit === 0x2e || unit === 0x2c) && isDigit(text.charCodeAt(at + 1))) {
    if (isDigit(text.charCodeAt(at + 2))) currencySuffix(text, at + 3, ends);
    currencySuffix(text, at + 2, ends);
  }
  currencySuffix(text, at, ends);
}

/** The length of `[$€…]|tl|rp` at `at`, or 0. */
function currencyAt(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  if (CURRENCY_UNITS.has(unit)) return 1;
  const second = text.charCodeAt(at + 1);
  return (unit === 0x74 && second === 0x6c) || (unit === R && second === 0x70) ? 2 : 0;
}

/** `(?: ?(?:[$€…]|tl|rp))?`: with a space, without, then none. */
function currencySuffix(text: string, at: number, ends: number[]): void {
  if (text.charCodeAt(at) === SPACE_UNIT) {
    const width = currencyAt(text, at + 1);
    if (width > 0) addEnd(ends, at + 1 + width);
  }
  const width = currencyAt(text, at);
  if (width > 0) addEnd(ends, at + width);
  addEnd(ends, at);
}

const isNameUnit = (unit: number): boolean => isDigit(unit) || (unit >= 0x61 && unit <= 0x7a) || unit === 0x5f;

/** `\{\{[a-z0-9_]{1,64}\}\}`: the name is taken whole (`}` cannot be part of it). */
function variable(text: string, at: number, ends: number[]): void {
  if (text.charCodeAt(at) !== 0x7b || text.charCodeAt(at + 1) !== 0x7b) return;
  let end = at + 2;
  while (end - at - 2 < 64 && isNameUnit(text.charCodeAt(end))) end += 1;
  if (end === at + 2 || text.charCodeAt(end) !== 0x7d || text.charCodeAt(end + 1) !== 0x7d) return;
  addEnd(ends, end + 2);
}
