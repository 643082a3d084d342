import { AmountTerms } from './amount-terms.js';
import type { AmountFollower } from './amount-terms.js';
import type { CandidateList } from './candidate-list.js';
import type { TermPiece } from './term-pattern.js';
import { hasBit, newUnitBits, setBit } from './unit-bits.js';

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
   * Fills `out` with the numbers of the terms that may match at `index`, ascending and without
   * repeats (term numbers are priority order, so the first that matches wins).
   */
  candidatesAt(text: string, index: number, out: CandidateList): void;
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
    if (next?.type === 'space' && behind?.type === 'literal' && !isSeparator(behind.text.charCodeAt(0))) return { unit: PERCENT, then: behind.text.charCodeAt(0), separated: true };
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

/** A trie of literal beginnings while it is built: one Map of edges per node. */
interface BuildNode {
  readonly next: Map<number, BuildNode>;
  separator: BuildNode | undefined;
  terms: number[] | undefined;
}

const newBuildNode = (): BuildNode => ({ next: new Map(), separator: undefined, terms: undefined });

function addSpelling(root: BuildNode, words: readonly string[], term: number): void {
  let node = root;
  words.forEach((word, w) => {
    if (w > 0) node = node.separator ??= newBuildNode();
    for (let k = 0; k < word.length; k += 1) {
      const unit = word.charCodeAt(k);
      let child = node.next.get(unit);
      if (child === undefined) {
        child = newBuildNode();
        node.next.set(unit, child);
      }
      node = child;
    }
  });
  node.terms ??= [];
  if (!node.terms.includes(term)) node.terms.push(term);
}

/** Units below this have their root edge in a table; others (CJK) in a Map. */
const ROOT_TABLE_UNITS = 0x1000;

/** A node with more edges than this is searched by bisection rather than in order. */
const LINEAR_EDGES = 8;
/** The unit of a node's separator edge: below every UTF-16 unit, so it sorts first and no text unit finds it. */
const SEPARATOR_EDGE = -1;

/**
 * The trie flattened into typed arrays for the walk. Nodes are numbered breadth-first with each
 * node's children in the order of their units (the separator child first), and the edges are
 * listed in that same order, so edge `e` always leads to node `e + 1`: an edge is just its unit.
 * When templates in many languages take turns, a language's tables are mostly out of the
 * processor's caches when its next template comes, and each step of a walk waits for the one
 * before it; in this order the first levels of the trie, where most walks end, lie together at
 * the start of each array, and a node's edges and terms are found from two adjacent pairs of
 * numbers. The root's edges are looked up by unit.
 *
 * A run of nodes that each have one edge and no terms (the rest of a long word, "…mande" of
 * "commande") is stored as one node with a label: the units the text must go on with before the
 * node is reached. Comparing a label reads one short run of units instead of a node per unit, each
 * in another part of the arrays.
 */
interface FlatTrie {
  /**
   * Three Int32s per node, plus three at the end: where its edges begin in `units`, where its
   * terms begin in `termList` and where its label begins in `labels` (each ends where the next
   * node's begins).
   */
  readonly nodes: Int32Array;
  /** The unit of each edge, sorted per node; {@link SEPARATOR_EDGE} for a separator edge. */
  readonly units: Int32Array;
  readonly termList: Int32Array;
  /** The labels' units, node after node. */
  readonly labels: Uint16Array;
  readonly rootTable: Int32Array;
  readonly rootOther: ReadonlyMap<number, number>;
}

/** Three Int32s per node in {@link FlatTrie.nodes}. */
const NODE = 3;

/**
 * Where the edge into `node` really leads: along nodes with one unit edge, no separator edge and
 * no terms, collecting their units as the label.
 */
function labelled(node: BuildNode): { label: number[]; node: BuildNode } {
  const label: number[] = [];
  let current = node;
  while (current.separator === undefined && current.terms === undefined && current.next.size === 1) {
    for (const [unit, child] of current.next) {
      label.push(unit);
      current = child;
    }
  }
  return { label, node: current };
}

function flatten(root: BuildNode): FlatTrie {
  const order: { node: BuildNode; label: readonly number[] }[] = [{ node: root, label: [] }];
  const edgeUnits: number[] = [];
  for (let k = 0; k < order.length; k += 1) {
    const { node } = order[k] ?? { node: root };
    if (node.separator !== undefined) {
      edgeUnits.push(SEPARATOR_EDGE);
      order.push(labelled(node.separator));
    }
    for (const [unit, child] of [...node.next].sort((x, y) => x[0] - y[0])) {
      edgeUnits.push(unit);
      order.push(labelled(child));
    }
  }
  const nodes = new Int32Array((order.length + 1) * NODE);
  const termList = new Int32Array(order.reduce((sum, { node }) => sum + (node.terms?.length ?? 0), 0));
  const labels = new Uint16Array(order.reduce((sum, { label }) => sum + label.length, 0));
  let edge = 0;
  let listed = 0;
  let labelUnits = 0;
  order.forEach(({ node, label }, n) => {
    nodes[n * NODE] = edge;
    nodes[n * NODE + 1] = listed;
    nodes[n * NODE + 2] = labelUnits;
    edge += node.next.size + (node.separator === undefined ? 0 : 1);
    for (const term of node.terms ?? []) termList[listed++] = term;
    for (const unit of label) labels[labelUnits++] = unit;
  });
  nodes[order.length * NODE] = edge;
  nodes[order.length * NODE + 1] = listed;
  nodes[order.length * NODE + 2] = labelUnits;
  const rootTable = new Int32Array(ROOT_TABLE_UNITS);
  const rootOther = new Map<number, number>();
  // The root's edges are the first ones: edge e leads to node e + 1.
  for (let e = nodes[NODE] ?? 0, k = 0; k < e; k += 1) {
    const unit = edgeUnits[k] ?? SEPARATOR_EDGE;
    if (unit === SEPARATOR_EDGE) continue;
    if (unit < ROOT_TABLE_UNITS) rootTable[unit] = k + 1;
    else rootOther.set(unit, k + 1);
  }
  return { nodes, units: Int32Array.from(edgeUnits), termList, labels, rootTable, rootOther };
}

/** The node the edge of `unit` in `units[from, to)` (sorted) leads to, or 0. */
function edgeTarget(units: Int32Array, from: number, to: number, unit: number): number {
  let lo = from;
  let hi = to;
  while (hi - lo > LINEAR_EDGES) {
    const mid = (lo + hi) >> 1;
    if ((units[mid] ?? 0) <= unit) lo = mid;
    else hi = mid;
  }
  for (let e = lo; e < hi; e += 1) {
    const found = units[e] ?? 0;
    if (found === unit) return e + 1;
    if (found > unit) return 0;
  }
  return 0;
}

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
    candidatesAt(text: string, index: number, out: CandidateList): void {
      out.count = 0;
      const unit = text.charCodeAt(index);
      const second = text.charCodeAt(index + 1);
      if (hasBit(triples, tripleSlot(unit, second, text.charCodeAt(index + 2))) || (hasBit(shortFirst, unit) && (hasBit(pairs, pairSlot(unit, second)) || hasBit(single, unit)))) walk(trie, text, 0, index, out);
      if (hasAmountTerms && amount.mayStartWith(unit)) amount.propose(text, index, out);
      for (const n of everywhere) out.add(n);
      if (out.count > 1) out.settle();
    },
  };
}

/**
 * Collects the terms of every trie node the text from `at` leads to, starting at `node` (the
 * root, or a separator node, whose label the text at `at` must go on with). A separator edge
 * takes one to three spaces or hyphens; a node can also have a literal `-` edge, so both are
 * followed.
 */
function walk(trie: FlatTrie, text: string, node: number, at: number, out: CandidateList): void {
  const { nodes, units, termList, labels } = trie;
  const length = text.length;
  let current = node;
  let position = at;
  if (current === 0) {
    if (position >= length) return;
    const unit = text.charCodeAt(position);
    current = unit < ROOT_TABLE_UNITS ? (trie.rootTable[unit] ?? 0) : (trie.rootOther.get(unit) ?? 0);
    if (current === 0) return;
    position += 1;
  }
  for (;;) {
    const base = current * NODE;
    // The label: the units between the edge taken and this node.
    for (let l = nodes[base + 2] ?? 0, end = nodes[base + 5] ?? 0; l < end; l += 1) {
      if (text.charCodeAt(position) !== labels[l]) return;
      position += 1;
    }
    for (let t = nodes[base + 1] ?? 0, end = nodes[base + 4] ?? 0; t < end; t += 1) out.add(termList[t] ?? 0);
    let from = nodes[base] ?? 0;
    const to = nodes[base + 3] ?? 0;
    if (from === to) return;
    if (units[from] === SEPARATOR_EDGE) {
      for (let k = position; k < position + MAX_SEPARATORS && k < length && isSeparator(text.charCodeAt(k)); k += 1) walk(trie, text, from + 1, k + 1, out);
      from += 1;
    }
    if (position >= length) return;
    const next = edgeTarget(units, from, to, text.charCodeAt(position));
    if (next === 0) return;
    current = next;
    position += 1;
  }
}

const SPACE = 0x20;
const HYPHEN = 0x2d;
const PERCENT = 0x25;
const isSeparator = (unit: number): boolean => unit === SPACE || unit === HYPHEN;
/** A term's space matches one to three of these (see `compileTerm`). */
const MAX_SEPARATORS = 3;
