import { isWordCodePointAt, isWordCodePointBefore, letterCodePointLength } from './chars.js';
import { amountEnds } from './amount-ends.js';
import type { TermPiece } from './term-pattern.js';
import { MAX_TERM_SEPARATORS, isTermSeparatorUnit } from './term-pattern.js';

/**
 * Lexicon terms' matchers: each term's pieces (see `term-pattern.ts`) as a graph of nodes, each
 * pointing to the node that follows it; the options of a group end by pointing past the group.
 * `run` tries each node's choices in the regex engine's order (greedy quantifiers longest first,
 * alternatives left to right) and returns the end of the first complete match, or -1 — so it
 * ends exactly where the term's regex would, without entering the regex engine.
 *
 * All the terms of a lexicon share one {@link MatcherProgram}: their nodes are records in one
 * typed array and their literals' units in another. A scan tries a few dozen terms per text, each
 * of a lexicon the processor's caches may not hold (templates in other languages come between),
 * and records next to each other cost far fewer waits than objects spread over the heap.
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

const NODE_KIND: Readonly<Record<'stem' | 'amount' | 'percent' | 'space' | 'gap', number>> = { stem: STEM, amount: AMOUNT, percent: PERCENT, space: SPACE, gap: GAP };

/**
 * A node is four Int32s: its kind, the node that follows it, and two operands — for a literal,
 * where its units start in `literals` and how many there are; for a group, where its options'
 * first nodes start in `options` and how many there are.
 */
const RECORD = 4;

/** A compiled term: `matchAt(text, at)` is the end of the term's match starting exactly at `at`, or -1. */
export interface TermMatcher {
  matchAt(text: string, at: number): number;
}

/**
 * The matchers of many terms. {@link add} compiles a term and returns its first node; after the
 * last `add`, {@link matchAt} runs any of them. With `wordBoundaries`, a match must not begin
 * right after, nor end right before, a letter, digit or mark — what
 * `(?<![\p{L}\p{N}\p{M}])…(?![\p{L}\p{N}\p{M}])` says.
 */
export class MatcherProgram {
  /** The records while terms are added; `undefined` once sealed into the typed arrays. */
  private building: { nodes: number[]; literals: number[]; options: number[] } | undefined;
  private nodes = new Int32Array(0);
  private literals = new Uint16Array(0);
  private options = new Int32Array(0);

  constructor(private readonly wordBoundaries: boolean) {
    this.building = { nodes: [], literals: [], options: [] };
  }

  /** Compiles `pieces` and returns the number of the term's first node. */
  add(pieces: readonly TermPiece[]): number {
    const building = this.building;
    if (building === undefined) throw new Error('MatcherProgram.add after matchAt');
    const end = this.record(building, this.wordBoundaries ? END_OF_WORD : END, 0, 0, 0);
    building.nodes[end * RECORD + 1] = end;
    return this.chain(building, pieces, end);
  }

  /** The end of the match of the term whose first node is `start` at `at` in `text`, or -1. */
  matchAt(start: number, text: string, at: number): number {
    if (this.building !== undefined) this.seal();
    if (this.wordBoundaries && at > 0 && isWordCodePointBefore(text, at)) return -1;
    return run(this.nodes, this.literals, this.options, start, text, at);
  }

  private seal(): void {
    const building = this.building;
    if (building === undefined) return;
    this.nodes = Int32Array.from(building.nodes);
    this.literals = Uint16Array.from(building.literals);
    this.options = Int32Array.from(building.options);
    this.building = undefined;
  }

  private record(building: { nodes: number[] }, kind: number, next: number, a: number, b: number): number {
    const node = building.nodes.length / RECORD;
    building.nodes.push(kind, next, a, b);
    return node;
  }

  /** Links `pieces` into nodes ending at `tail`; returns the first node (or `tail` for no pieces). */
  private chain(building: { nodes: number[]; literals: number[]; options: number[] }, pieces: readonly TermPiece[], tail: number): number {
    let next = tail;
    for (let k = pieces.length - 1; k >= 0; k -= 1) {
      const piece = pieces[k];
      if (piece === undefined) continue;
      if (piece.type === 'literal') {
        const from = building.literals.length;
        for (let u = 0; u < piece.text.length; u += 1) building.literals.push(piece.text.charCodeAt(u));
        next = this.record(building, LITERAL, next, from, piece.text.length);
      } else if (piece.type === 'group') {
        const after = next;
        const firsts = piece.options.map((option) => this.chain(building, option, after));
        const from = building.options.length;
        building.options.push(...firsts);
        next = this.record(building, GROUP, after, from, firsts.length);
      } else next = this.record(building, NODE_KIND[piece.type], next, 0, 0);
    }
    return next;
  }
}

/**
 * Compiles one term on its own (see {@link MatcherProgram}, which a lexicon uses for all of its
 * terms at once).
 */
export function compileMatcher(pieces: readonly TermPiece[], wordBoundaries: boolean): TermMatcher {
  const program = new MatcherProgram(wordBoundaries);
  const start = program.add(pieces);
  return { matchAt: (text, at) => program.matchAt(start, text, at) };
}

const SPACE_UNIT = 0x20;
const NEWLINE_UNIT = 0x0a;
const PERCENT_UNIT = 0x25;

function run(nodes: Int32Array, literals: Uint16Array, options: Int32Array, start: number, text: string, at: number): number {
  let node = start;
  let position = at;
  // Nodes with one way to match are followed in a loop; nodes with choices recurse.
  for (;;) {
    const base = node * RECORD;
    switch (nodes[base]) {
      case END:
        return position;
      case END_OF_WORD:
        return position < text.length && isWordCodePointAt(text, position) ? -1 : position;
      case LITERAL: {
        const from = nodes[base + 2] ?? 0;
        const length = nodes[base + 3] ?? 0;
        if (position + length > text.length) return -1;
        for (let k = 0; k < length; k += 1) if (text.charCodeAt(position + k) !== literals[from + k]) return -1;
        position += length;
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
        return stem(nodes, literals, options, nodes[base + 1] ?? 0, text, position);
      case SPACE: {
        let count = 0;
        while (count < MAX_TERM_SEPARATORS && isTermSeparatorUnit(text.charCodeAt(position + count))) count += 1;
        const after = nodes[base + 1] ?? 0;
        for (let taken = count; taken >= 1; taken -= 1) {
          const found = run(nodes, literals, options, after, text, position + taken);
          if (found >= 0) return found;
        }
        return -1;
      }
      case GAP:
        return gap(nodes, literals, options, nodes[base + 1] ?? 0, text, position, 0);
      case AMOUNT:
        return amount(nodes, literals, options, nodes[base + 1] ?? 0, text, position);
      case GROUP: {
        for (let k = nodes[base + 2] ?? 0, end = k + (nodes[base + 3] ?? 0); k < end; k += 1) {
          const found = run(nodes, literals, options, options[k] ?? 0, text, position);
          if (found >= 0) return found;
        }
        return -1;
      }
      default:
        return -1;
    }
    node = nodes[base + 1] ?? 0;
  }
}


/** `[\p{L}\p{M}]{0,24}`, longest first, then the term from node `after`. */
function stem(nodes: Int32Array, literals: Uint16Array, options: Int32Array, after: number, text: string, at: number): number {
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
      const found = run(nodes, literals, options, after, text, stop);
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
    const found = run(nodes, literals, options, after, text, stops[k] ?? at);
    if (found >= 0) return found;
  }
  return -1;
}

/**
 * `(?: [^ \n]{1,24}){0,4} `: up to four more words, then a space. Each word is taken whole (up
 * to 24 code points): a shorter take leaves a non-space next, where both a further word and the
 * closing space would fail, so the engine's other choices are only fewer words.
 */
function gap(nodes: Int32Array, literals: Uint16Array, options: Int32Array, after: number, text: string, at: number, words: number): number {
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
      const found = gap(nodes, literals, options, after, text, end, words + 1);
      if (found >= 0) return found;
    }
  }
  return run(nodes, literals, options, after, text, at + 1);
}

/**
 * `NUMBER | \{\{[a-z0-9_]{1,64}\}\}`, in the engine's order (see `REGEX_OF.amount`): the term
 * goes on from each place an amount at `at` can end, in the order the engine would try them.
 * Those places depend on the text alone (see `amountEnds`).
 */
function amount(nodes: Int32Array, literals: Uint16Array, options: Int32Array, after: number, text: string, at: number): number {
  const ends = amountEnds(text, at);
  for (let k = 0; k < ends.length; k += 1) {
    const found = run(nodes, literals, options, after, text, ends[k] ?? at);
    if (found >= 0) return found;
  }
  return -1;
}
