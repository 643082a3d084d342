import { AmountTerms } from './amount-terms.js';
import type { AmountFollower } from './amount-terms.js';
import type { CandidateList } from './candidate-list.js';
import type { TermPiece } from './term-pattern.js';
import { isTermSeparatorUnit } from './term-pattern.js';
import { hasBit, newUnitBits, setBit } from './unit-bits.js';
import { addSpelling, flatten, newBuildNode, walk } from './trie.js';

/**
 * Which terms of a lexicon may match at a position, found by walking a trie of the terms' literal
 * beginnings: for every spelling of a term (its groups expanded), its normalized words up to the
 * first stem, amount, gap or `%`, with separator edges between them (a space in a term matches
 * one to three spaces or hyphens). Terms that start with an amount are proposed where an amount
 * starts and is followed by what such a term can go on with.
 *
 * The index only proposes: each proposed term's matcher (`term-matcher.ts`) decides the match.
 * It never leaves out a term that matches (a property test checks the scan against every term's
 * regex at every position), and at a typical word start it proposes nothing at all.
 */
export interface TermIndex {
  /** First UTF-16 units at which some term can start, as a bit set: elsewhere nothing is proposed. */
  readonly first: Uint32Array;
  /**
   * Fills `out` with the numbers of the terms that may match at `index` of `text`, ascending and
   * without repeats (term numbers are priority order, so the first that matches wins). `units`
   * are the text's units (see `unitsOf`), which the gate and the trie walk read.
   */
  candidatesAt(text: string, units: Uint16Array, index: number, out: CandidateList): void;
}

const MAX_EXPANSIONS = 512;

/** Every spelling of a term with its groups' options written out, or `undefined` when there are too many. */
function expandGroups(pieces: readonly TermPiece[]): TermPiece[][] | undefined {
  let variants: TermPiece[][] = [[]];
  for (const piece of pieces) {
    if (piece.type !== 'group') {
      for (const variant of variants) variant.push(piece);
      continue;
    }
    variants = variants.flatMap((variant) => piece.options.map((option) => [...variant, ...option]));
    if (variants.length > MAX_EXPANSIONS) return undefined;
  }
  return variants;
}

/** How a group-free spelling begins: its literal words, an amount, or something else (a stem). */
type Beginning = { readonly words: readonly string[] } | { readonly amount: true; readonly after: AmountFollower | undefined } | undefined;

/**
 * The literal words a spelling starts with, up to the first stem, amount, `%` or gap (a space
 * between two words is a separator edge of the trie). An amount-led spelling instead gives the
 * unit that must follow the amount (`%` of `#% off`, `o` of `# off`), when there is one such
 * unit that a number is never written with.
 */
function beginningOf(spelling: readonly TermPiece[]): Beginning {
  const words: string[] = [];
  let word = '';
  for (let k = 0; k < spelling.length; k += 1) {
    const piece = spelling[k];
    if (piece?.type === 'literal') word += piece.text;
    else if (piece?.type === 'space') {
      if (word !== '') words.push(word);
      word = '';
    } else if (piece?.type === 'amount' && words.length === 0 && word === '') return { amount: true, after: unitAfterAmount(spelling, k + 1) };
    else break;
  }
  if (word !== '') words.push(word);
  return words.length === 0 ? undefined : { words };
}

// Characters a number (or its currency) is written with: one of them after an amount proves nothing.
const NUMBER_LIKE = /[\d\s.,\-$€£¥₽₺₹₸₴{}]/u;

/**
 * The unit that must follow an amount-led spelling's amount (see {@link AmountFollower}), and the
 * one after it when the spelling tells: the literal's second unit (`o` of `# off`), or the first
 * of the literal behind the separator after a `%` (`o` of `#% off`).
 */
function unitAfterAmount(spelling: readonly TermPiece[], at: number): AmountFollower | undefined {
  let piece = spelling[at];
  if (piece?.type === 'percent') {
    const next = spelling[at + 1];
    if (next?.type === 'literal') return { unit: PERCENT, then: next.text.charCodeAt(0), separated: false };
    const behind = spelling[at + 2];
    // Behind a separator, a literal that starts with one could take some of the separators.
    if (next?.type === 'space' && behind?.type === 'literal' && !isTermSeparatorUnit(behind.text.charCodeAt(0))) return { unit: PERCENT, then: behind.text.charCodeAt(0), separated: true };
    return { unit: PERCENT, then: undefined, separated: false };
  }
  // `# off`: what follows the separator counts (the gate skips up to three spaces or hyphens).
  if (piece?.type === 'space') piece = spelling[at + 1];
  if (piece?.type !== 'literal') return undefined;
  const first = piece.text.charAt(0);
  if (first === '' || NUMBER_LIKE.test(first)) return undefined;
  return { unit: first.charCodeAt(0), then: piece.text.length > 1 ? piece.text.charCodeAt(1) : undefined, separated: false };
}

/** A 16-bit slot for two units (`second` may be NaN past the end: it then hashes as 0). */
const pairSlot = (first: number, second: number): number => (Math.imul(first, 0x9e37) ^ (second | 0)) & 0xffff;
/**
 * The triple gate's size in bits. Each template's scan tests it at random places, once per word
 * start, and templates in other languages come in between: a small set stays in the processor's
 * caches (a lexicon has a few hundred beginnings, so this many bits still reject most words).
 */
const TRIPLE_BITS = 13;
/**
 * A slot for three units (NaN past the end hashes as 0). A hyphen third is taken for a space:
 * the third unit of a two-unit word's beginning is the separator after it, either one.
 */
const tripleSlot = (first: number, second: number, third: number): number =>
  Math.imul((first << 16) ^ ((second | 0) << 5) ^ (third === HYPHEN ? SPACE : third | 0), 0x9e3779b1) >>> (32 - TRIPLE_BITS);

/**
 * Builds the index of `terms` (in priority order; a term's number is its position). Terms that
 * start with a stem (`*rabatt`) are searched another way and must not be passed.
 */
export function buildTermIndex(terms: readonly (readonly TermPiece[])[]): TermIndex {
  const root = newBuildNode();
  const amount = new AmountTerms();
  const everywhere: number[] = [];
  const first = newUnitBits();
  // How beginnings start (hashed): the first three units of those that have three (a two-unit
  // word followed by a separator counts, the separator taken for a space), the two units of a
  // two-unit word that ends the beginning, a one-unit word with the separator after it, and a
  // lone unit. A word start that fits none is not walked at all.
  const triples = new Uint32Array((1 << TRIPLE_BITS) >>> 5);
  const pairs = newUnitBits();
  const single = newUnitBits();
  // First units of the beginnings the two-unit and one-unit gates are for: elsewhere (most
  // words) those gates are not read at all.
  const shortFirst = newUnitBits();
  // A loop, not a callback: a callback would hold `root` in the closure scope the returned index
  // keeps, and with it the whole build-time trie of Maps.
  for (let number = 0; number < terms.length; number += 1) {
    const spellings = expandGroups(terms[number] ?? []);
    if (spellings === undefined) {
      everywhere.push(number);
      continue;
    }
    for (const spelling of spellings) {
      const beginning = beginningOf(spelling);
      if (beginning === undefined) {
        if (!everywhere.includes(number)) everywhere.push(number);
      } else if ('amount' in beginning) {
        amount.add(number, beginning.after);
      } else {
        const { words } = beginning;
        addSpelling(root, words, number);
        const word = words[0] ?? '';
        const [u0, u1, u2] = [word.charCodeAt(0), word.charCodeAt(1), word.charCodeAt(2)];
        setBit(first, u0);
        if (word.length >= 3) setBit(triples, tripleSlot(u0, u1, u2));
        else if (word.length === 2 && words.length > 1) setBit(triples, tripleSlot(u0, u1, SPACE));
        else {
          setBit(shortFirst, u0);
          if (word.length === 2) setBit(pairs, pairSlot(u0, u1));
          else if (words.length > 1) for (const separator of [SPACE, HYPHEN]) setBit(pairs, pairSlot(u0, separator));
          else setBit(single, u0);
        }
      }
    }
  }
  const hasAmountTerms = !amount.isEmpty;
  if (hasAmountTerms) amount.addFirstUnits(first);
  if (everywhere.length > 0) first.fill(0xffffffff);
  const trie = flatten(root);
  return {
    first,
    candidatesAt(text: string, units: Uint16Array, index: number, out: CandidateList): void {
      out.count = 0;
      const unit = units[index] ?? Number.NaN;
      // Past the end a unit is NaN, as `charCodeAt` gives it: the slots hash it as 0.
      const second = units[index + 1] ?? Number.NaN;
      if (hasBit(triples, tripleSlot(unit, second, units[index + 2] ?? Number.NaN)) || (hasBit(shortFirst, unit) && (hasBit(pairs, pairSlot(unit, second)) || hasBit(single, unit)))) walk(trie, units, 0, index, out);
      if (hasAmountTerms && amount.mayStartWith(unit)) amount.propose(text, index, out);
      for (const n of everywhere) out.add(n);
      if (out.count > 1) out.settle();
    },
  };
}

const SPACE = 0x20;
const HYPHEN = 0x2d;
const PERCENT = 0x25;
