import type { CandidateList } from './candidate-list.js';
import { MAX_TERM_SEPARATORS, isTermSeparatorUnit } from './term-pattern.js';
import { hasBit, newUnitBits, setBit } from './unit-bits.js';

/**
 * The terms of a lexicon that start with an amount (`#% off`, `# days free`, `до #%`), filed by
 * the unit that must follow the amount (`%`, `d`…), so that at an amount only the terms that can
 * go on from it are proposed. Terms with no such unit (what follows may be written like a
 * number) are proposed at every amount.
 */
export class AmountTerms {
  private readonly data: AmountTermsData = { byFollower: new Map(), any: [] };

  /**
   * Files term `term` (once per spelling); `follower` is what must follow its amount, `undefined`
   * when nothing can be told.
   */
  add(term: number, follower: AmountFollower | undefined): void {
    const { byFollower, any } = this.data;
    if (follower === undefined) {
      if (!any.includes(term)) any.push(term);
      return;
    }
    const list = byFollower.get(follower.unit) ?? [];
    byFollower.set(follower.unit, list);
    const then = follower.then ?? ANY_UNIT;
    if (!list.some((entry) => entry.term === term && entry.then === then && entry.separated === follower.separated)) list.push({ term, then, separated: follower.separated });
  }

  get isEmpty(): boolean {
    return this.data.any.length === 0 && this.data.byFollower.size === 0;
  }

  /** Adds the units an amount can begin with to `bits`. */
  addFirstUnits(bits: Uint32Array): void {
    for (let k = 0; k < bits.length; k += 1) bits[k] = (bits[k] ?? 0) | (AMOUNT_UNITS[k] ?? 0);
    setBit(bits, R);
  }

  /** True when an amount may begin with `unit` (cheap; {@link propose} decides). */
  mayStartWith(unit: number): boolean {
    return unit === R || hasBit(AMOUNT_UNITS, unit);
  }

  /** Adds to `out` the terms that may match at `index` (see `proposeAt`). */
  propose(text: string, index: number, out: CandidateList): void {
    proposeAt(this.data, text, index, out);
  }
}

/**
 * What must follow an amount-led term's amount: `unit` (after at most three spaces or hyphens:
 * `%` of `#% off`, `o` of `# off`), then `then` when known: right after it, or, when
 * `separated`, behind one to three spaces or hyphens (`o` of `#% off`).
 */
export interface AmountFollower {
  readonly unit: number;
  readonly then: number | undefined;
  readonly separated: boolean;
}

/** A term filed under its follower's first unit; `then` is {@link ANY_UNIT} when anything may come next. */
interface FollowedTerm {
  readonly term: number;
  readonly then: number;
  readonly separated: boolean;
}

const ANY_UNIT = -1;

interface AmountTermsData {
  readonly byFollower: Map<number, FollowedTerm[]>;
  readonly any: number[];
}

// First units of an amount: digits, currency signs, `{` (of `{{1}}`); `r` only before `$`, `p` or `s`.
const AMOUNT_UNITS = newUnitBits();
for (const ch of '0123456789$€£¥₽₺₹₸₴{') setBit(AMOUNT_UNITS, ch.charCodeAt(0));
const R = 0x72;
const isAfterR = (unit: number): boolean => unit === 0x24 || unit === 0x70 || unit === 0x73;

const SPACE = 0x20;

/** `\d{1,3}(?:[ .,]?\d{3}){0,3}(?:[.,]\d{1,2})?`: the longest digit part of an amount (see `compileTerm`). */
const MAX_NUMBER_RUN = 18;
const isDigitUnit = (unit: number): boolean => unit >= 0x30 && unit <= 0x39;
const isRunUnit = (unit: number): boolean => isDigitUnit(unit) || unit === SPACE || unit === 0x2e || unit === 0x2c;
const isCurrencyUnit = (unit: number): boolean => unit !== R && hasBit(AMOUNT_UNITS, unit) && !isDigitUnit(unit) && unit !== 0x7b;

/**
 * Proposes the amount-led terms that may match at `index`: when an amount begins there
 * (`compileTerm`'s NUMBER — an optional currency prefix, digits with `[ .,]` separators, an
 * optional currency suffix — or a `{{variable}}` standing for one), the terms with no known
 * follower, and the terms whose follower comes next, after at most three spaces or hyphens.
 * A number may end anywhere inside its run of digits and separators, but no follower is such a
 * character, so what follows it can only begin where that run (or the currency after it) ends.
 */
function proposeAt(terms: AmountTermsData, text: string, index: number, out: CandidateList): void {
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
  const limit = at + MAX_NUMBER_RUN + MAX_TERM_SEPARATORS + 1;
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
function proposeFollowed(followers: ReadonlyMap<number, readonly FollowedTerm[]>, text: string, at: number, out: CandidateList): void {
  for (let k = at; k <= at + MAX_TERM_SEPARATORS && k < text.length; k += 1) {
    const unit = text.charCodeAt(k);
    const terms = followers.get(unit);
    if (terms !== undefined) {
      for (const { term, then, separated } of terms) if (then === ANY_UNIT || unitAfter(text, k + 1, separated) === then) out.add(term);
    }
    if (!isTermSeparatorUnit(unit)) return;
  }
}

/** The unit at `at`, or, when `separated`, the first behind one to three spaces or hyphens there (-1 when there are none). */
function unitAfter(text: string, at: number, separated: boolean): number {
  if (!separated) return text.charCodeAt(at);
  let k = at;
  while (k < at + MAX_TERM_SEPARATORS && isTermSeparatorUnit(text.charCodeAt(k))) k += 1;
  return k === at ? -1 : text.charCodeAt(k);
}
