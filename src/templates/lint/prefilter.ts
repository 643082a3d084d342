import { isWordUnit } from './chars.js';
import type { FoldLocale } from './normalize.js';
import { normalizeForMatching } from './normalize.js';

/**
 * The literal beginnings of a lexicon's terms: for every spelling, its normalized words up to the
 * first stem, amount, gap or `%`, with the separators between them (a space in a term matches one
 * to three spaces or hyphens). Running the big alternation only at word starts where the text
 * begins with one of them skips most positions without entering the regex engine; the
 * alternation still decides every match, so the filter is only ever a necessary condition.
 */
export interface StartFilter {
  /** A trie of those beginnings: one UTF-16 unit per edge, plus a separator edge. */
  readonly root: PrefixNode;
  /** The trie's first units as hashed bit sets: what {@link mayStartAt} checks. */
  readonly grams: GramSets;
  /** Some term starts with an amount (`#`): digits, currency signs, `{{`, `rp`/`rs`/`r$` start too. */
  readonly amount: boolean;
  /**
   * The characters that can follow the amount of an amount-led term (`%` of `#% off`, `m` of
   * `# months`), after at most three spaces or hyphens. A number in ordinary text is rarely
   * followed by one of them, so the big alternation is not run at every digit (see
   * {@link amountMayStart}). `undefined`: any amount passes.
   */
  readonly afterAmount: ReadonlySet<number> | undefined;
}

/** One trie node: `end` when a beginning stops here (any longer text then passes). */
export interface PrefixNode {
  end: boolean;
  readonly next: Map<number, PrefixNode>;
  /** Where one to three spaces or hyphens lead. */
  separator: PrefixNode | undefined;
}

const MAX_EXPANSIONS = 512;

/** Every spelling of a term's group alternatives, or `undefined` when there are too many. */
function expandGroups(term: string): string[] | undefined {
  let variants = [''];
  let rest = term;
  while (rest !== '') {
    const open = rest.indexOf('(');
    if (open < 0) {
      variants = variants.map((v) => v + rest);
      break;
    }
    const close = rest.indexOf(')', open);
    const options = rest.slice(open + 1, close).split('|');
    const head = rest.slice(0, open);
    variants = variants.flatMap((v) => options.map((o) => v + head + o));
    if (variants.length > MAX_EXPANSIONS) return undefined;
    rest = rest.slice(close + 1);
  }
  return variants;
}

const LITERAL_RUN = /^[^*#%~ ]*/u;
/** Tokens of a spelling: literal runs, single spaces, and anything that stops the beginning. */
const TOKEN = /[^*#%~ ]+| |[*#%~]/gu;

/**
 * The normalized literal beginning of one group-free spelling as words (separators between
 * them): `['#']` when it starts with an amount, `['%']` for a leading percent sign, `[]` when it
 * starts with something else (a stem).
 */
function literalWords(spelling: string, locale: FoldLocale): string[] {
  const trimmed = spelling.trim().replace(/\s+~\s+/gu, '~').replace(/\s+/gu, ' ');
  const literal = LITERAL_RUN.exec(trimmed)?.[0] ?? '';
  if (literal === '') {
    const next = trimmed[0];
    return next === '#' || next === '%' ? [next] : [];
  }
  // Words separated by single spaces, up to the first stem, amount, `%` or gap (a space before
  // one of those ends the beginning too: the regex checks it, the filter need not).
  const words: string[] = [];
  for (const [token] of trimmed.matchAll(TOKEN)) {
    if (token === ' ') continue;
    if (token.length === 1 && '*#%~'.includes(token)) break;
    const normalized = normalizeForMatching(token, locale).text;
    // Normalization must leave one word (each literal run is normalized alone by `compileTerm` too).
    if (normalized === '' || normalized.includes(' ') || normalized.includes('\n')) break;
    words.push(normalized);
  }
  return words;
}

// What follows the amount of an amount-led spelling: `%`, or (after at most one space) a literal run.
const AFTER_AMOUNT = /^#(?:%| ?([^*#%~ ]))/u;
// Characters a number (or its currency) is written with: one of them after an amount proves nothing.
const NUMBER_LIKE = /[\d\s.,\-$€£¥₽₺₹₸₴{}]/u;

/** Builds the filter, or `undefined` when some term can start with anything (then no filtering). */
export function buildStartFilter(terms: readonly string[], locale: FoldLocale): StartFilter | undefined {
  const root = newNode();
  let amount = false;
  let afterAmount: Set<number> | undefined = new Set<number>();
  for (const term of terms) {
    const spellings = expandGroups(term.trim());
    if (spellings === undefined) return undefined;
    for (const spelling of spellings) {
      const words = literalWords(spelling, locale);
      if (words[0] === '#') {
        amount = true;
        const after = AFTER_AMOUNT.exec(spelling.trim().replace(/\s+/gu, ' '));
        const next = after === null ? undefined : after[1] === undefined ? '%' : normalizeForMatching(after[1], locale).text;
        if (next === undefined || next.length !== 1 || NUMBER_LIKE.test(next)) afterAmount = undefined;
        else afterAmount?.add(next.charCodeAt(0));
      } else if (words.length === 0) return undefined;
      else addWords(root, words);
    }
  }

  const grams = gramSets(root);
  if (amount) {
    for (let k = 0; k < grams.first.length; k += 1) grams.first[k] = (grams.first[k] ?? 0) | (AMOUNT_UNITS[k] ?? 0);
    setBit(grams.first, R);
  }
  return { root, amount, afterAmount: amount ? afterAmount : undefined, grams };
}

/**
 * The first {@link GRAM_DEPTH} units every beginning can take, as hashed bit sets (a false
 * positive only costs one more run of the alternation; there are no false negatives).
 */
export interface GramSets {
  /** First units of any beginning, plus those of amounts when the lexicon has amount terms (exact). */
  readonly first: Uint32Array;
  /** Hashes of `(depth, first depth units)` of every beginning. */
  readonly prefixes: Uint32Array;
  /** Hashes of `(depth, units)` where a whole beginning ends: any text that goes on passes. */
  readonly complete: Uint32Array;
}

/** How many units of a beginning the bit sets check. */
const GRAM_DEPTH = 8;
const PREFIX_BITS = 18;
const COMPLETE_BITS = 16;
const FIRST_BITS = 16;
const newBits = (bits: number = FIRST_BITS): Uint32Array => new Uint32Array(1 << (bits - 5));
const setBit = (bits: Uint32Array, index: number): void => {
  bits[index >>> 5] = (bits[index >>> 5] ?? 0) | (1 << (index & 31));
};
const hasBit = (bits: Uint32Array, index: number): boolean => ((bits[index >>> 5] ?? 0) & (1 << (index & 31))) !== 0;
/** FNV-1a over UTF-16 units; the state after `depth` units also encodes `depth`. */
const FNV_OFFSET = 0x811c9dc5;
const step = (state: number, unit: number): number => Math.imul(state ^ unit, 0x01000193);
const slot = (state: number, bits: number): number => (state ^ (state >>> 15)) & ((1 << bits) - 1);

/** Every way a beginning can take its first units (separator edges spelled out as 1–3 spaces or hyphens). */
function gramSets(root: PrefixNode): GramSets {
  const sets: GramSets = { first: newBits(), prefixes: newBits(PREFIX_BITS), complete: newBits(COMPLETE_BITS) };
  // `run` > 0: `node` is reached after a separator run of that many units, which may go on.
  const visit = (node: PrefixNode, state: number, depth: number, run: number): void => {
    if (depth > 0) setBit(sets.prefixes, slot(state, PREFIX_BITS));
    if (depth === GRAM_DEPTH) return;
    if (node.end) {
      setBit(sets.complete, slot(state, COMPLETE_BITS));
      return;
    }
    if (run > 0 && run < MAX_SEPARATORS) for (const unit of SEPARATORS) visit(node, step(state, unit), depth + 1, run + 1);
    for (const [unit, child] of node.next) {
      if (depth === 0) setBit(sets.first, unit);
      visit(child, step(state, unit), depth + 1, 0);
    }
    if (node.separator !== undefined && run === 0) for (const unit of SEPARATORS) visit(node.separator, step(state, unit), depth + 1, 1);
  };
  visit(root, FNV_OFFSET, 0, 0);
  return sets;
}

function newNode(): PrefixNode {
  return { end: false, next: new Map(), separator: undefined };
}

function addWords(root: PrefixNode, words: readonly string[]): void {
  let node = root;
  for (let w = 0; w < words.length && !node.end; w += 1) {
    if (w > 0) {
      node.separator ??= newNode();
      node = node.separator;
    }
    const word = words[w] ?? '';
    for (let k = 0; k < word.length && !node.end; k += 1) {
      const unit = word.charCodeAt(k);
      let child = node.next.get(unit);
      if (child === undefined) {
        child = newNode();
        node.next.set(unit, child);
      }
      node = child;
    }
  }
  // A shorter beginning already admits every longer one: what lies below is not needed.
  node.end = true;
  node.next.clear();
  node.separator = undefined;
}

// First units of an amount: digits, currency signs, `{` (of `{{1}}`); `r` only before `$`, `p` or `s`.
const AMOUNT_UNITS = newBits();
for (const ch of '0123456789$€£¥₽₺₹₸₴{') setBit(AMOUNT_UNITS, ch.charCodeAt(0));
const R = 0x72;
const isAfterR = (unit: number): boolean => unit === 0x24 || unit === 0x70 || unit === 0x73;

const SPACE = 0x20;
const HYPHEN = 0x2d;
const SEPARATORS = [SPACE, HYPHEN] as const;
/** A term's space matches one to three of these (see `compileTerm`). */
const MAX_SEPARATORS = 3;

/** `\d{1,3}(?:[ .,]?\d{3}){0,3}(?:[.,]\d{1,2})?`: the longest digit part of an amount (see `compileTerm`). */
const MAX_NUMBER_RUN = 18;
const isDigitUnit = (unit: number): boolean => unit >= 0x30 && unit <= 0x39;
const isRunUnit = (unit: number): boolean => isDigitUnit(unit) || unit === SPACE || unit === 0x2e || unit === 0x2c;
const isCurrencyUnit = (unit: number): boolean => unit !== R && hasBit(AMOUNT_UNITS, unit) && !isDigitUnit(unit) && unit !== 0x7b;

/**
 * A necessary condition for an amount-led term at `index` (which begins an amount): the amount
 * (`compileTerm`'s NUMBER: an optional currency prefix, digits with `[ .,]` separators, an
 * optional currency suffix) must be followed, after at most three spaces or hyphens, by one of
 * `after`. The amount may end anywhere inside its run of digits and separators, but `after`
 * holds no such character, so what follows it can only begin where that run ends.
 */
function amountMayStart(after: ReadonlySet<number> | undefined, text: string, index: number): boolean {
  if (after === undefined) return true;
  let at = index;
  const first = text.charCodeAt(at);
  if (first === 0x7b) return true; // `{{1}}` standing for an amount
  if (first === R) at += 2;
  else if (!isDigitUnit(first)) at += 1;
  if (text.charCodeAt(at) === SPACE) at += 1;
  if (!isDigitUnit(text.charCodeAt(at))) return false;
  // The digits of an amount span at most MAX_NUMBER_RUN units; what follows begins within three
  // more. A longer run of digits and separators cannot hold one (and scanning it all from every
  // word start inside it would be quadratic).
  const limit = at + MAX_NUMBER_RUN + MAX_SEPARATORS + 1;
  while (at < text.length && isRunUnit(text.charCodeAt(at))) {
    at += 1;
    if (at === limit) return false;
  }
  if (followedBy(after, text, at)) return true;
  // A currency suffix after the number (`10 € off`, `50 tl`, `rp`).
  const unit = text.charCodeAt(at);
  const suffix = isCurrencyUnit(unit) ? 1 : (unit === 0x74 && text.charCodeAt(at + 1) === 0x6c) || (unit === R && text.charCodeAt(at + 1) === 0x70) ? 2 : 0;
  return suffix > 0 && followedBy(after, text, at + suffix);
}

/** True when one of `after` is at `at`, or behind at most three spaces or hyphens from there. */
function followedBy(after: ReadonlySet<number>, text: string, at: number): boolean {
  for (let k = at; k <= at + MAX_SEPARATORS && k < text.length; k += 1) {
    const unit = text.charCodeAt(k);
    if (after.has(unit)) return true;
    if (unit !== SPACE && unit !== HYPHEN) return false;
  }
  return false;
}

let memoText: string | undefined;
let memoStarts = new Int32Array(0);

/**
 * Offsets in `text` where a word begins (no letter, digit or mark before them), in order.
 * Remembers the last text: every lexicon of a scan walks the same one.
 */
export function wordStartsOf(text: string): Int32Array {
  if (text === memoText) return memoStarts;
  const starts = new Int32Array(text.length);
  let count = 0;
  let afterWord = false;
  for (let i = 0; i < text.length; i += 1) {
    if (!afterWord) starts[count++] = i;
    afterWord = isWordUnit(text.charCodeAt(i));
  }
  memoText = text;
  memoStarts = starts.subarray(0, count);
  return memoStarts;
}

/**
 * Calls `visit` at each word start in `[from, to)` where a term may start (what
 * {@link mayStartAt} admits), in order. `visit` returns where the next candidate may begin (past
 * a match it found, or `index + 1`).
 */
export function forEachCandidate(filter: StartFilter, text: string, from: number, to: number, visit: (index: number) => number): void {
  const starts = wordStartsOf(text);
  const first = filter.grams.first;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  let next = from;
  for (let k = lo; k < starts.length; k += 1) {
    const index = starts[k] ?? 0;
    if (index >= to) break;
    if (index < next) continue;
    const unit = text.charCodeAt(index);
    if (((first[unit >>> 5] ?? 0) & (1 << (unit & 31))) === 0 || !mayStartAt(filter, text, index)) continue;
    next = visit(index);
  }
}

/**
 * True when a term may start at `index` of `text`: an amount-led term may (see
 * {@link amountMayStart}), or the text there begins like one of the lexicon's literal
 * beginnings for as many units as the bit sets check. Never false where the alternation matches.
 */
export function mayStartAt(filter: StartFilter, text: string, index: number): boolean {
  const first = text.charCodeAt(index);
  if (filter.amount && (hasBit(AMOUNT_UNITS, first) || (first === R && isAfterR(text.charCodeAt(index + 1)))) && amountMayStart(filter.afterAmount, text, index)) return true;
  const { prefixes, complete } = filter.grams;
  let state = FNV_OFFSET;
  for (let depth = 0; depth < GRAM_DEPTH; depth += 1) {
    if (index + depth >= text.length) return false;
    state = step(state, text.charCodeAt(index + depth));
    if (!hasBit(prefixes, slot(state, PREFIX_BITS))) return false;
    if (hasBit(complete, slot(state, COMPLETE_BITS))) return true;
  }
  return true;
}
