import type { FoldLocale } from './normalize.js';
import { normalizeForMatching } from './normalize.js';
import type { Lexicon } from './lexicon-schema.js';
import type { TermIndex } from './term-index.js';
import { CandidateList } from './candidate-list.js';
import { buildTermIndex } from './term-index.js';
import { hasBit } from './unit-bits.js';

import { MatcherProgram } from './term-matcher.js';
import { parseTerm, regexSource } from './term-pattern.js';
import type { TermPiece } from './term-pattern.js';
import type { LintReason, SignalStrength } from './types.js';
import { unitsOf } from './text-units.js';

export type { TemplateLintErrorCode } from './term-pattern.js';

/** What a lexicon entry is for. Order = priority when two entries match at the same place. */
export type TermKind = 'otp' | 'neutral' | 'strong' | 'context' | 'weak';

/** Every field is always present (`undefined` when it does not apply): one object shape keeps the hot paths monomorphic. */
export interface TermInfo {
  readonly kind: TermKind;
  readonly reason: LintReason | undefined;
  readonly strength: SignalStrength | undefined;
  /** The term as written in the lexicon, for explanations. */
  readonly term: string;
  /** The term as a regex source (no boundaries, Unicode mode): the reference its matcher agrees with. */
  readonly source: string;
}

/** A term that matched: what it is, and where its match ends. */
export interface TermMatch {
  readonly info: TermInfo;
  readonly end: number;
}

/**
 * One language's lexicon compiled for matching: its terms in priority order (kinds in the order
 * of {@link TermKind}, then longer patterns first, so "free shipping" wins over "free"), each
 * with its own regex, behind an index that proposes the few terms that can start at a position.
 */
export interface CompiledLexicon {
  readonly language: string;
  readonly lexicon: Lexicon;
  /** `word`: terms start only at word starts; `none`: anywhere (Chinese). */
  readonly boundaries: Lexicon['boundaries'];
  /** The terms (without the compound-word ones, see {@link infix}) in priority order. */
  readonly terms: readonly TermInfo[];
  /** Proposes the terms that may match at a position. */
  readonly index: TermIndex;
  /** Each term's pieces, by term number: what an index over several lexicons is built from (see `merged-scan.ts`). */
  readonly termPieces: readonly (readonly TermPiece[])[];
  /**
   * The end of term `number`'s match starting exactly at `at` (with the lexicon's word
   * boundaries), or -1.
   */
  matchTerm(number: number, text: string, at: number): number;
  /**
   * The first term, in priority order, whose pattern matches `text` exactly at `index` (with the
   * lexicon's word boundaries); `undefined` when none does.
   */
  readonly matchAt: (text: string, index: number) => TermMatch | undefined;
  /**
   * {@link matchAt} among the terms that do not promote (one-time-code, neutral and state
   * phrases), from an index of their own: looking for one inside every promotional match must
   * not walk the whole lexicon at each word.
   */
  readonly matchNonPromotionalAt: (text: string, index: number) => TermMatch | undefined;
  /**
   * Terms written `*word…` (inside compounds, like German `*rabatt*`), found by their literal
   * part anywhere in a word; a match must be widened back to the start of its word. `undefined`
   * when the lexicon has none.
   */
  readonly infix: RegExp | undefined;
  /** Identifies the term that matches the whole of `matched` (used for compound words). */
  identify(matched: string): TermInfo | undefined;
}

const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}\\p{M}])';

/** Compiles one term of the lexicon syntax (see `lexiconTermSchema`) to a regex source (no boundaries). */
export function compileTerm(term: string, locale: FoldLocale, language: string): string {
  return regexSource(parseTerm(term, locale, language));
}

const AMOUNT_FIRSTS = Array.from('0123456789$€£¥₽₺₹₸₴{r');

/** The normalized characters a term's match can start with, or `any` (a leading stem). */
function firstCharacters(pieces: readonly TermPiece[]): string[] | 'any' {
  const [piece, ...rest] = pieces;
  switch (piece?.type) {
    case undefined:
      return [];
    case 'literal':
      return [piece.text.charAt(0)];
    case 'amount':
      return AMOUNT_FIRSTS;
    case 'percent':
      return ['%'];
    case 'group': {
      const out = new Set<string>();
      for (const option of piece.options) {
        const firsts = firstCharacters([...option, ...rest]);
        if (firsts === 'any') return 'any';
        for (const ch of firsts) out.add(ch);
      }
      return [...out];
    }
    default:
      return 'any';
  }
}

const IDENTIFY_CACHE_SIZE = 4096;

const KIND_ORDER: readonly TermKind[] = ['otp', 'neutral', 'strong', 'context', 'weak'];

interface Candidate {
  readonly entry: Entry;
  exact: RegExp | undefined;
}

interface Entry extends TermInfo {
  readonly pieces: readonly TermPiece[];
  /** The first node of the term's matcher in its lexicon's {@link MatcherProgram}. */
  readonly matcher: number;
  /** The normalized literal when the term has no syntax, for an O(1) identification. */
  readonly literal: string | undefined;
}

function collectEntries(lexicon: Lexicon, program: MatcherProgram): Entry[] {
  const locale = lexicon.foldLocale;
  const lang = lexicon.language;
  const entries: Entry[] = [];
  const add = (kind: TermKind, term: string, reason: LintReason | undefined, strength: SignalStrength | undefined): void => {
    const pieces = parseTerm(term, locale, lang);
    const source = regexSource(pieces);
    const matcher = program.add(pieces);
    const plain = /^[^*#%~()]*$/u.test(term) ? normalizeForMatching(term.trim(), locale).text : undefined;
    entries.push({ kind, reason, strength, term, source, pieces, matcher, literal: plain });
  };
  for (const term of lexicon.oneTimeCode) add('otp', term, 'OTP_IN_UTILITY', undefined);
  for (const term of lexicon.neutral) add('neutral', term, undefined, undefined);
  for (const [reason, terms] of Object.entries(lexicon.strong) as [LintReason, string[]][]) for (const term of terms) add('strong', term, reason, 'strong');
  for (const [reason, terms] of Object.entries(lexicon.weak) as [LintReason, string[]][]) for (const term of terms) add('weak', term, reason, 'weak');
  for (const term of lexicon.stateContext) add('context', term, undefined, undefined);
  return entries;
}

/**
 * Compiles a validated lexicon: its terms in priority order, an index of their literal
 * beginnings, and for each term a sticky regex (built on first need: most terms never match
 * anything, and building hundreds of regexes up front is slow), wrapped in Unicode-aware word
 * boundaries unless the language has none.
 */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const program = new MatcherProgram(lexicon.boundaries === 'word');
  const entries = collectEntries(lexicon, program);
  const rank = (e: Entry): number => KIND_ORDER.indexOf(e.kind);
  const ordered = [...entries].sort((a, b) => rank(a) - rank(b) || b.source.length - a.source.length);
  const isInfix = (e: Entry): boolean => e.term.trim().startsWith('*');
  const words = lexicon.boundaries === 'word';
  // A leading stem would be tried (and backtracked) at every word start; searching the literal
  // part alone lets the engine skip ahead.
  const infixSources = ordered.filter(isInfix).map((e) => compileTerm(e.term.trim().slice(1), lexicon.foldLocale, lexicon.language));
  const infix = infixSources.length === 0 ? undefined : new RegExp(`(?:${infixSources.join('|')})${words ? BOUNDARY_AFTER : ''}`, 'gu');

  const terms = ordered.filter((e) => !isInfix(e));
  const index = buildTermIndex(terms.map((e) => e.pieces));
  const quietTerms = terms.filter((e) => e.kind !== 'strong' && e.kind !== 'weak');
  const quietIndex = buildTermIndex(quietTerms.map((e) => e.pieces));
  // Each list's matchers by term number, so that trying a term reads no term object.
  const matchers = Int32Array.from(terms, (e) => e.matcher);
  const quietMatchers = Int32Array.from(quietTerms, (e) => e.matcher);
  const candidates = new CandidateList();

  const byLiteral = new Map<string, Entry>();
  for (const entry of ordered) if (entry.literal !== undefined && !byLiteral.has(entry.literal)) byLiteral.set(entry.literal, entry);
  // Patterned terms are indexed by the characters they can start with, so identifying a match
  // tests only the few terms that could have produced it.
  const byFirst = new Map<string, Candidate[]>();
  const anyFirst: Candidate[] = [];
  for (const entry of ordered) {
    if (entry.literal !== undefined) continue;
    const candidate: Candidate = { entry, exact: undefined };
    const firsts = firstCharacters(entry.pieces);
    if (firsts === 'any') anyFirst.push(candidate);
    else {
      for (const ch of firsts) {
        const list = byFirst.get(ch);
        if (list === undefined) byFirst.set(ch, [candidate]);
        else list.push(candidate);
      }
    }
  }
  // Literal terms written with a space also match a hyphen or several spaces.
  const canonical = (text: string): string => text.replace(/[ -]{1,3}/gu, ' ');
  // Matched words repeat across messages; bounded so it cannot grow without limit.
  const cache = new Map<string, TermInfo | undefined>();

  return {
    language: lexicon.language,
    lexicon,
    boundaries: lexicon.boundaries,
    terms,
    index,
    termPieces: terms.map((e) => e.pieces),
    infix,
    matchTerm(number: number, text: string, at: number): number {
      return program.matchAt(matchers[number] ?? 0, text, at);
    },
    matchAt(text: string, at: number): TermMatch | undefined {
      return firstMatch(index, terms, matchers, text, at);
    },
    matchNonPromotionalAt(text: string, at: number): TermMatch | undefined {
      const unit = text.charCodeAt(at);
      if (!hasBit(quietIndex.first, unit)) return undefined;
      return firstMatch(quietIndex, quietTerms, quietMatchers, text, at);
    },
    identify(matched: string): TermInfo | undefined {
      if (cache.has(matched)) return cache.get(matched);
      if (cache.size >= IDENTIFY_CACHE_SIZE) cache.clear();
      const info = identifyUncached(matched);
      cache.set(matched, info);
      return info;
    },
  };

  function firstMatch(termIndex: TermIndex, list: readonly Entry[], starts: Int32Array, text: string, at: number): TermMatch | undefined {
    termIndex.candidatesAt(text, unitsOf(text), at, candidates);
    for (let k = 0; k < candidates.count; k += 1) {
      const number = candidates.items[k] ?? 0;
      const end = program.matchAt(starts[number] ?? 0, text, at);
      const term = list[number];
      if (end >= 0 && term !== undefined) return { info: term, end };
    }
    return undefined;
  }

  function identifyUncached(matched: string): TermInfo | undefined {
    const direct = byLiteral.get(matched) ?? byLiteral.get(canonical(matched));
    // A patterned term outranks the literal one only with a better kind (candidates are in rank order).
    const limit = direct === undefined ? KIND_ORDER.length : rank(direct);
    for (const list of [byFirst.get(matched[0] ?? ''), anyFirst]) {
      if (list === undefined) continue;
      for (const candidate of list) {
        if (rank(candidate.entry) >= limit) break;
        candidate.exact ??= new RegExp(`^(?:${candidate.entry.source})$`, 'u');
        if (candidate.exact.test(matched)) return candidate.entry;
      }
    }
    return direct;
  }
}
