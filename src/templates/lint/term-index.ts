import type { TermPiece } from './term-pattern.js';

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

/** Term numbers proposed at one position: `items[0 .. count)`. Reused from call to call, so it never allocates once grown. */
export class CandidateList {
  readonly items: number[] = [];
  count = 0;

  add(term: number): void {
    this.items[this.count] = term;
    this.count += 1;
  }

  /** Sorts `items[0 .. count)` ascending and drops repeats (an insertion sort: the list is short). */
  settle(): void {
    const { items } = this;
    let kept = 0;
    for (let k = 0; k < this.count; k += 1) {
      const value = items[k] ?? 0;
      let at = kept;
      while (at > 0 && (items[at - 1] ?? 0) > value) at -= 1;
      if (at > 0 && items[at - 1] === value) continue;
      for (let move = kept; move > at; move -= 1) items[move] = items[move - 1] ?? 0;
      items[at] = value;
      kept += 1;
    }
    this.count = kept;
  }
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
type Beginning = { readonly words: readonly string[] } | { readonly amount: true; readonly after: number | undefined } | undefined;

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

function unitAfterAmount(spelling: readonly TermPiece[], at: number): number | undefined {
  let piece = spelling[at];
  if (piece?.type === 'percent') return PERCENT;
  // `# off`: what follows the separator counts (the gate skips up to three spaces or hyphens).
  if (piece?.type === 'space') piece = spelling[at + 1];
  if (piece?.type !== 'literal') return undefined;
  const first = piece.text.charAt(0);
  return first === '' || NUMBER_LIKE.test(first) ? undefined : first.charCodeAt(0);
}

const FIRST_BITS = 16;
const newBits = (): Uint32Array => new Uint32Array(1 << (FIRST_BITS - 5));
const setBit = (bits: Uint32Array, index: number): void => {
  bits[index >>> 5] = (bits[index >>> 5] ?? 0) | (1 << (index & 31));
};
const hasBit = (bits: Uint32Array, index: number): boolean => ((bits[index >>> 5] ?? 0) & (1 << (index & 31))) !== 0;
/** A 16-bit slot for two units (`second` may be NaN past the end: it then hashes as 0). */
const pairSlot = (first: number, second: number): number => (Math.imul(first, 0x9e37) ^ (second | 0)) & 0xffff;

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

/** Int32s per node in `FlatTrie.nodes`: first edge, end of edges, separator target, first term, end of terms. */
const NODE = 5;
/** A node with more edges than this is searched by bisection rather than in order. */
const LINEAR_EDGES = 8;

/**
 * The trie flattened into typed arrays for the walk: nodes numbered breadth-first, each node's
 * edges stored together and sorted by unit (searched in order, or by bisection when there are
 * many). When templates in many languages take turns, a language's tables are mostly out of the
 * processor's caches when its next template comes, and each step of a walk waits for the one
 * before it. A hash table of edges spread those reads over the whole lexicon; in this order the
 * first levels of the trie, where most walks end, lie together at the start of each array. The
 * root's edges are looked up by unit.
 */
interface FlatTrie {
  /** `NODE` Int32s per node (see {@link NODE}); the separator target is 0 when there is none (no edge leads back to the root). */
  readonly nodes: Int32Array;
  /** Two Int32s per edge: its unit and the node it leads to. */
  readonly edges: Int32Array;
  readonly termList: Int32Array;
  readonly rootTable: Int32Array;
  readonly rootOther: ReadonlyMap<number, number>;
}

function flatten(root: BuildNode): FlatTrie {
  const order: BuildNode[] = [root];
  const numbers = new Map<BuildNode, number>([[root, 0]]);
  for (let k = 0; k < order.length; k += 1) {
    const node = order[k] ?? root;
    const children = [...node.next.values()];
    if (node.separator !== undefined) children.push(node.separator);
    for (const child of children) {
      numbers.set(child, order.length);
      order.push(child);
    }
  }
  const numberOf = (node: BuildNode): number => numbers.get(node) ?? -1;
  const edgeCount = order.reduce((sum, node, n) => sum + (n === 0 ? 0 : node.next.size), 0);
  const trie = {
    nodes: new Int32Array(order.length * NODE),
    edges: new Int32Array(edgeCount * 2),
    termList: new Int32Array(order.reduce((sum, node) => sum + (node.terms?.length ?? 0), 0)),
    rootTable: new Int32Array(ROOT_TABLE_UNITS),
    rootOther: new Map<number, number>(),
  };
  let edge = 0;
  let listed = 0;
  order.forEach((node, n) => {
    const at = n * NODE;
    trie.nodes[at] = edge;
    if (n > 0) {
      for (const [unit, child] of [...node.next].sort((x, y) => x[0] - y[0])) {
        trie.edges[edge * 2] = unit;
        trie.edges[edge * 2 + 1] = numberOf(child);
        edge += 1;
      }
    }
    trie.nodes[at + 1] = edge;
    trie.nodes[at + 2] = node.separator === undefined ? 0 : numberOf(node.separator);
    trie.nodes[at + 3] = listed;
    for (const term of node.terms ?? []) trie.termList[listed++] = term;
    trie.nodes[at + 4] = listed;
  });
  for (const [unit, child] of root.next) {
    if (unit < ROOT_TABLE_UNITS) trie.rootTable[unit] = numberOf(child);
    else trie.rootOther.set(unit, numberOf(child));
  }
  return trie;
}

/** The node the edge of `unit` in `edges[from, to)` (edge numbers, sorted by unit) leads to, or 0. */
function edgeTarget(edges: Int32Array, from: number, to: number, unit: number): number {
  let lo = from;
  let hi = to;
  if (hi - lo > LINEAR_EDGES) {
    while (hi - lo > LINEAR_EDGES) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid * 2] ?? 0) <= unit) lo = mid;
      else hi = mid;
    }
  }
  for (let e = lo; e < hi; e += 1) {
    const found = edges[e * 2] ?? 0;
    if (found === unit) return edges[e * 2 + 1] ?? 0;
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
  const amount: AmountTerms = { byFollower: new Map(), any: [] };
  const everywhere: number[] = [];
  const first = newBits();
  // The first two units of every beginning (hashed), and the beginnings one unit long: a word
  // start that fits neither is not walked at all.
  const pairs = newBits();
  const single = newBits();
  terms.forEach((pieces, number) => {
    const spellings = expandGroups(pieces);
    if (spellings === undefined) {
      everywhere.push(number);
      return;
    }
    for (const spelling of spellings) {
      const beginning = beginningOf(spelling);
      if (beginning === undefined) {
        if (!everywhere.includes(number)) everywhere.push(number);
      } else if ('amount' in beginning) {
        const list = beginning.after === undefined ? amount.any : amount.byFollower.get(beginning.after) ?? [];
        if (beginning.after !== undefined) amount.byFollower.set(beginning.after, list);
        if (!list.includes(number)) list.push(number);
      } else {
        const { words } = beginning;
        addSpelling(root, words, number);
        const word = words[0] ?? '';
        setBit(first, word.charCodeAt(0));
        if (word.length >= 2) setBit(pairs, pairSlot(word.charCodeAt(0), word.charCodeAt(1)));
        else if (words.length > 1) for (const separator of [SPACE, HYPHEN]) setBit(pairs, pairSlot(word.charCodeAt(0), separator));
        else setBit(single, word.charCodeAt(0));
      }
    }
  });
  const hasAmountTerms = amount.any.length > 0 || amount.byFollower.size > 0;
  if (hasAmountTerms) {
    for (let k = 0; k < first.length; k += 1) first[k] = (first[k] ?? 0) | (AMOUNT_UNITS[k] ?? 0);
    setBit(first, R);
  }
  if (everywhere.length > 0) first.fill(0xffffffff);
  const trie = flatten(root);
  return {
    first,
    candidatesAt(text: string, index: number, out: CandidateList): void {
      out.count = 0;
      const unit = text.charCodeAt(index);
      if (hasBit(single, unit) || hasBit(pairs, pairSlot(unit, text.charCodeAt(index + 1)))) walk(trie, text, 0, index, out);
      if (hasAmountTerms && (unit === R || hasBit(AMOUNT_UNITS, unit))) proposeAmountTerms(amount, text, index, out);
      for (const n of everywhere) out.add(n);
      if (out.count > 1) out.settle();
    },
  };
}

/**
 * Collects the terms of every trie node the text from `at` leads to, starting at `node` (the
 * root, or a separator node). A separator edge takes one to three spaces or hyphens; a node can
 * also have a literal `-` edge, so both are followed.
 */
function walk(trie: FlatTrie, text: string, node: number, at: number, out: CandidateList): void {
  const { nodes, edges, termList } = trie;
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
    for (let t = nodes[base + 3] ?? 0, end = nodes[base + 4] ?? 0; t < end; t += 1) out.add(termList[t] ?? 0);
    const afterSeparator = nodes[base + 2] ?? 0;
    if (afterSeparator !== 0) {
      for (let k = position; k < position + MAX_SEPARATORS && k < length && isSeparator(text.charCodeAt(k)); k += 1) walk(trie, text, afterSeparator, k + 1, out);
    }
    if (position >= length) return;
    const next = edgeTarget(edges, nodes[base] ?? 0, nodes[base + 1] ?? 0, text.charCodeAt(position));
    if (next === 0) return;
    current = next;
    position += 1;
  }
}

// First units of an amount: digits, currency signs, `{` (of `{{1}}`); `r` only before `$`, `p` or `s`.
const AMOUNT_UNITS = newBits();
for (const ch of '0123456789$€£¥₽₺₹₸₴{') setBit(AMOUNT_UNITS, ch.charCodeAt(0));
const R = 0x72;
const isAfterR = (unit: number): boolean => unit === 0x24 || unit === 0x70 || unit === 0x73;

const SPACE = 0x20;
const HYPHEN = 0x2d;
const PERCENT = 0x25;
const isSeparator = (unit: number): boolean => unit === SPACE || unit === HYPHEN;
/** A term's space matches one to three of these (see `compileTerm`). */
const MAX_SEPARATORS = 3;

/** `\d{1,3}(?:[ .,]?\d{3}){0,3}(?:[.,]\d{1,2})?`: the longest digit part of an amount (see `compileTerm`). */
const MAX_NUMBER_RUN = 18;
const isDigitUnit = (unit: number): boolean => unit >= 0x30 && unit <= 0x39;
const isRunUnit = (unit: number): boolean => isDigitUnit(unit) || unit === SPACE || unit === 0x2e || unit === 0x2c;
const isCurrencyUnit = (unit: number): boolean => unit !== R && hasBit(AMOUNT_UNITS, unit) && !isDigitUnit(unit) && unit !== 0x7b;

/** Terms that start with an amount: by the unit that must follow the amount, and those with no such unit. */
interface AmountTerms {
  readonly byFollower: Map<number, number[]>;
  readonly any: number[];
}

/**
 * Proposes the amount-led terms that may match at `index`: when an amount begins there
 * (`compileTerm`'s NUMBER — an optional currency prefix, digits with `[ .,]` separators, an
 * optional currency suffix — or a `{{variable}}` standing for one), the terms with no known
 * follower, and the terms whose follower comes next, after at most three spaces or hyphens.
 * A number may end anywhere inside its run of digits and separators, but no follower is such a
 * character, so what follows it can only begin where that run (or the currency after it) ends.
 */
function proposeAmountTerms(terms: AmountTerms, text: string, index: number, out: CandidateList): void {
  let at = index;
  const first = text.charCodeAt(at);
  if (!hasBit(AMOUNT_UNITS, first) && !(first === R && isAfterR(text.charCodeAt(at + 1)))) return;
  for (const n of terms.any) out.add(n);
  const followers = terms.byFollower;
  if (followers.size === 0) return;
  if (first === OPEN_BRACE) {
    const end = variableEnd(text, index);
    if (end > 0) proposeFollowed(followers, text, end, out);
    return;
  }
  if (first === R) at += 2;
  else if (!isDigitUnit(first)) at += 1;
  if (text.charCodeAt(at) === SPACE) at += 1;
  if (!isDigitUnit(text.charCodeAt(at))) return;
  // The digits of an amount span at most MAX_NUMBER_RUN units; what follows begins within three
  // more. A longer run of digits and separators cannot hold one (and scanning it all from every
  // word start inside it would be quadratic).
  const limit = at + MAX_NUMBER_RUN + MAX_SEPARATORS + 1;
  while (at < text.length && isRunUnit(text.charCodeAt(at))) {
    at += 1;
    if (at === limit) return;
  }
  proposeFollowed(followers, text, at, out);
  // A currency suffix after the number (`10 € off`, `50 tl`, `rp`).
  const unit = text.charCodeAt(at);
  const suffix = isCurrencyUnit(unit) ? 1 : (unit === 0x74 && text.charCodeAt(at + 1) === 0x6c) || (unit === R && text.charCodeAt(at + 1) === 0x70) ? 2 : 0;
  if (suffix > 0) proposeFollowed(followers, text, at + suffix, out);
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const isVariableUnit = (unit: number): boolean => isDigitUnit(unit) || (unit >= 0x61 && unit <= 0x7a) || unit === 0x5f;

/** Where `{{name}}` (`[a-z0-9_]{1,64}`, normalized text is lower-case) at `index` ends, or -1. */
function variableEnd(text: string, index: number): number {
  if (text.charCodeAt(index + 1) !== OPEN_BRACE) return -1;
  let at = index + 2;
  while (at < text.length && at - index - 2 < 64 && isVariableUnit(text.charCodeAt(at))) at += 1;
  if (at === index + 2 || text.charCodeAt(at) !== CLOSE_BRACE || text.charCodeAt(at + 1) !== CLOSE_BRACE) return -1;
  return at + 2;
}

/** Adds the terms whose follower is at `at`, or behind at most three spaces or hyphens from there. */
function proposeFollowed(followers: ReadonlyMap<number, readonly number[]>, text: string, at: number, out: CandidateList): void {
  for (let k = at; k <= at + MAX_SEPARATORS && k < text.length; k += 1) {
    const unit = text.charCodeAt(k);
    const terms = followers.get(unit);
    if (terms !== undefined) for (const n of terms) out.add(n);
    if (unit !== SPACE && unit !== HYPHEN) return;
  }
}
