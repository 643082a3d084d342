import type { CandidateList } from './candidate-list.js';
import { MAX_TERM_SEPARATORS, isTermSeparatorUnit } from './term-pattern.js';

/**
 * The trie of a term index (see `term-index.ts`): the terms' literal beginnings, word by word,
 * with separator edges between words. Built with Maps ({@link addSpelling}), then flattened into
 * typed arrays ({@link flatten}) that {@link walk} reads.
 */

/** A trie of literal beginnings while it is built: one Map of edges per node. */
export interface BuildNode {
  readonly next: Map<number, BuildNode>;
  separator: BuildNode | undefined;
  terms: number[] | undefined;
}

export const newBuildNode = (): BuildNode => ({ next: new Map(), separator: undefined, terms: undefined });

/** Adds `words` under `root` (a separator edge between two words), with term `term` at the end. */
export function addSpelling(root: BuildNode, words: readonly string[], term: number): void {
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
export interface FlatTrie {
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

export function flatten(root: BuildNode): FlatTrie {
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
 * Collects the terms of every trie node the text from `at` leads to, starting at `node` (the
 * root, or a separator node, whose label the text at `at` must go on with). The text is read as
 * its `units` (see `text-units.ts`). A separator edge takes one to three spaces or hyphens; a
 * node can also have a literal `-` edge, so both are followed.
 */
export function walk(trie: FlatTrie, units: Uint16Array, node: number, at: number, out: CandidateList): void {
  const { nodes, units: edges, termList, labels } = trie;
  const length = units.length;
  let current = node;
  let position = at;
  if (current === 0) {
    if (position >= length) return;
    const unit = units[position] ?? 0;
    current = unit < ROOT_TABLE_UNITS ? (trie.rootTable[unit] ?? 0) : (trie.rootOther.get(unit) ?? 0);
    if (current === 0) return;
    position += 1;
  }
  for (;;) {
    const base = current * NODE;
    // The label: the units between the edge taken and this node (past the end, a unit reads as undefined and differs).
    for (let l = nodes[base + 2] ?? 0, end = nodes[base + 5] ?? 0; l < end; l += 1) {
      if (units[position] !== labels[l]) return;
      position += 1;
    }
    for (let t = nodes[base + 1] ?? 0, end = nodes[base + 4] ?? 0; t < end; t += 1) out.add(termList[t] ?? 0);
    let from = nodes[base] ?? 0;
    const to = nodes[base + 3] ?? 0;
    if (from === to) return;
    if (edges[from] === SEPARATOR_EDGE) {
      for (let k = position; k < position + MAX_TERM_SEPARATORS && k < length && isTermSeparatorUnit(units[k] ?? 0); k += 1) walk(trie, units, from + 1, k + 1, out);
      from += 1;
    }
    if (position >= length) return;
    const next = edgeTarget(edges, from, to, units[position] ?? 0);
    if (next === 0) return;
    current = next;
    position += 1;
  }
}
