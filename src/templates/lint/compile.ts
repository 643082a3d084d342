import { SwitchboardError } from '../../core/errors.js';
import type { FoldLocale } from './normalize.js';
import { normalizeForMatching } from './normalize.js';
import type { Lexicon } from './lexicon-schema.js';
import type { StartFilter } from './prefilter.js';
import { buildStartFilter } from './prefilter.js';
import type { LintReason, SignalStrength } from './types.js';

export type TemplateLintErrorCode = 'INVALID_LEXICON' | 'INVALID_INPUT';

/** What a lexicon entry is for. Order = priority when two entries match at the same place. */
export type TermKind = 'otp' | 'neutral' | 'strong' | 'context' | 'weak';

export interface TermInfo {
  readonly kind: TermKind;
  readonly reason?: LintReason;
  readonly strength?: SignalStrength;
  /** The term as written in the lexicon, for explanations. */
  readonly term: string;
}

/** One language's lexicon compiled to a single alternation regex plus a way to tell which term hit. */
export interface CompiledLexicon {
  readonly language: string;
  readonly lexicon: Lexicon;
  /** Global, Unicode-aware; matched against normalized text. Shared: always reset `lastIndex`. */
  readonly pattern: RegExp;
  /** The same alternation, sticky: tries one position (to find terms hidden under a longer match). */
  readonly sticky: RegExp;
  /**
   * Terms written `*word…` (inside compounds, like German `*rabatt*`), found by their literal
   * part anywhere in a word; a match must be widened back to the start of its word. `undefined`
   * when the lexicon has none.
   */
  readonly infix: RegExp | undefined;
  /** Which word starts can begin a term (word-boundary lexicons only); `undefined`: try every one. */
  readonly starts: StartFilter | undefined;
  /** Identifies the term behind a match of {@link pattern}. */
  identify(matched: string): TermInfo | undefined;
}

const LETTERS = '[\\p{L}\\p{M}]';
const STEM = `${LETTERS}{0,24}`;
const NUMBER = '(?:[$€£¥₽₺₹₸₴] ?|r\\$ ?|rp ?|rs ?)?\\d{1,3}(?:[ .,]?\\d{3}){0,3}(?:[.,]\\d{1,2})?(?: ?(?:[$€£¥₽₺₹₸₴]|tl|rp))?';
/** An amount, or a template variable standing for one (`save {{1}}`, `{{discount}}% off`). */
const AMOUNT = `(?:${NUMBER}|\\{\\{[a-z0-9_]{1,64}\\}\\})`;
const GAP = '(?: [^ \\n]{1,24}){0,4} ';
const SPACE = '[ \\-]{1,3}';
const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}\\p{M}])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}\\p{M}])';

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/gu, '\\$&');
}

function fail(language: string, term: string, why: string): never {
  throw new SwitchboardError<TemplateLintErrorCode>('INVALID_LEXICON', `Lexicon "${language}": term "${term}" ${why}`, {
    field: `lexicons.${language}`,
    remedy: 'fix_input',
  });
}

/** Compiles a run of the term syntax without groups. */
function compileSequence(sequence: string, norm: (literal: string) => string): string {
  let out = '';
  let literal = '';
  const flush = (): void => {
    if (literal !== '') out += norm(literal);
    literal = '';
  };
  for (const ch of sequence) {
    if (ch === '*') {
      flush();
      out += STEM;
    } else if (ch === '#') {
      flush();
      out += AMOUNT;
    } else if (ch === '%') {
      flush();
      out += ' ?%';
    } else if (ch === ' ') {
      flush();
      out += SPACE;
    } else if (ch === '\u0001') {
      flush();
      out += GAP;
    } else {
      literal += ch;
    }
  }
  flush();
  return out;
}

/** Compiles one term of the lexicon syntax (see `lexiconTermSchema`) to a regex source. */
export function compileTerm(term: string, locale: FoldLocale, language: string): string {
  const norm = (literal: string): string => escapeLiteral(normalizeForMatching(literal, locale).text);
  const source = term.trim().replace(/\s+~\s+/gu, '\u0001').replace(/\s+/gu, ' ');
  let out = '';
  let rest = source;
  while (rest !== '') {
    const open = rest.indexOf('(');
    const close = rest.indexOf(')');
    if (open < 0) {
      if (close >= 0) fail(language, term, 'has an unmatched ")"');
      out += compileSequence(rest, norm);
      break;
    }
    if (close < open) fail(language, term, 'has an unmatched ")"');
    out += compileSequence(rest.slice(0, open), norm);
    const options = rest.slice(open + 1, close).split('|').map((option) => compileSequence(option, norm));
    out += `(?:${options.join('|')})`;
    rest = rest.slice(close + 1);
  }
  // The optional space before `%` belongs after a number; a term never starts with a space.
  if (out.startsWith(' ?%')) out = out.slice(2);
  if (out === '' || out === STEM) fail(language, term, 'matches nothing specific');
  return out;
}

const AMOUNT_KEY = '#';
/** The regex prefix a term is grouped under: its first literal character, `#` for amounts, '' otherwise. */
function groupKey(term: string, compiled: string): string {
  if (term.startsWith('#')) return AMOUNT_KEY;
  if (compiled.startsWith('\\')) return compiled.slice(0, 2);
  const first = compiled.slice(0, 1);
  return /^[\p{L}\p{N}]$/u.test(first) ? first : '';
}

const AMOUNT_FIRSTS = Array.from('0123456789$€£¥₽₺₹₸₴{r');

/** The normalized characters a term's match can start with, or `any` (a leading stem). */
function firstCharacters(term: string, locale: FoldLocale): string[] | 'any' {
  const source = term.trim();
  const head = source[0] ?? '';
  if (head === '*') return 'any';
  if (head === '#') return AMOUNT_FIRSTS;
  if (head === '%') return ['%'];
  if (head !== '(') return [normalizeForMatching(source, locale).text[0] ?? ''];
  const close = source.indexOf(')');
  const out = new Set<string>();
  for (const option of source.slice(1, close).split('|')) {
    if (option === '') {
      const rest = firstCharacters(source.slice(close + 1).trimStart(), locale);
      if (rest === 'any') return 'any';
      for (const ch of rest) out.add(ch);
      continue;
    }
    const inner = firstCharacters(option, locale);
    if (inner === 'any') return 'any';
    for (const ch of inner) out.add(ch);
  }
  return [...out];
}

const IDENTIFY_CACHE_SIZE = 4096;

const KIND_ORDER: readonly TermKind[] = ['otp', 'neutral', 'strong', 'context', 'weak'];

interface Candidate {
  readonly entry: Entry;
  exact: RegExp | undefined;
}

interface Entry extends TermInfo {
  readonly source: string;
  /** The normalized literal when the term has no syntax, for an O(1) identification. */
  readonly literal: string | undefined;
}

function collectEntries(lexicon: Lexicon): Entry[] {
  const locale = lexicon.foldLocale;
  const lang = lexicon.language;
  const entries: Entry[] = [];
  const add = (kind: TermKind, term: string, reason?: LintReason, strength?: SignalStrength): void => {
    const source = compileTerm(term, locale, lang);
    const plain = /^[^*#%~()]*$/u.test(term) ? normalizeForMatching(term.trim(), locale).text : undefined;
    entries.push({ kind, term, source, literal: plain, ...(reason === undefined ? {} : { reason }), ...(strength === undefined ? {} : { strength }) });
  };
  for (const term of lexicon.oneTimeCode) add('otp', term, 'OTP_IN_UTILITY');
  for (const term of lexicon.neutral) add('neutral', term);
  for (const [reason, terms] of Object.entries(lexicon.strong) as [LintReason, string[]][]) for (const term of terms) add('strong', term, reason, 'strong');
  for (const [reason, terms] of Object.entries(lexicon.weak) as [LintReason, string[]][]) for (const term of terms) add('weak', term, reason, 'weak');
  for (const term of lexicon.stateContext) add('context', term);
  return entries;
}

/**
 * Compiles a validated lexicon: one alternation (kinds in priority order, longer terms first so
 * "free shipping" wins over "free"), wrapped in Unicode-aware word boundaries unless the
 * language has none. Terms are grouped by their first character, which lets the regex engine
 * discard most alternatives at a position after one comparison.
 */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const entries = collectEntries(lexicon);
  const rank = (e: Entry): number => KIND_ORDER.indexOf(e.kind);
  const ordered = [...entries].sort((a, b) => rank(a) - rank(b) || b.source.length - a.source.length);
  const groups = new Map<string, string[]>();
  const infixSources: string[] = [];
  for (const entry of ordered) {
    if (entry.term.trim().startsWith('*')) {
      infixSources.push(compileTerm(entry.term.trim().slice(1), lexicon.foldLocale, lexicon.language));
      continue;
    }
    const key = groupKey(entry.term.trim(), entry.source);
    const rest = key === '' || key === AMOUNT_KEY ? entry.source : entry.source.slice(key.length);
    const list = groups.get(key) ?? [];
    list.push(rest);
    groups.set(key, list);
  }
  const alternatives: string[] = [];
  for (const [key, rests] of groups) {
    if (key === '') alternatives.push(...rests);
    else if (key === AMOUNT_KEY) alternatives.push(`(?=[0-9$€£¥₽₺₹₸₴{r])(?:${rests.join('|')})`);
    else alternatives.push(`${key}(?:${rests.join('|')})`);
  }
  const body = `(?:${alternatives.join('|')})`;
  const source = lexicon.boundaries === 'word' ? `${BOUNDARY_BEFORE}${body}${BOUNDARY_AFTER}` : body;
  const pattern = new RegExp(source, 'gu');
  const sticky = new RegExp(source, 'uy');
  // A leading stem would be tried (and backtracked) at every word start; searching the literal
  // part alone lets the engine skip ahead.
  const infix = infixSources.length === 0 ? undefined : new RegExp(`(?:${infixSources.join('|')})${lexicon.boundaries === 'word' ? BOUNDARY_AFTER : ''}`, 'gu');

  const starts = lexicon.boundaries === 'word' ? buildStartFilter(ordered.map((e) => e.term).filter((t) => !t.trim().startsWith('*')), lexicon.foldLocale) : undefined;

  const byLiteral = new Map<string, Entry>();
  for (const entry of ordered) if (entry.literal !== undefined && !byLiteral.has(entry.literal)) byLiteral.set(entry.literal, entry);
  // Patterned terms are indexed by the characters they can start with, so identifying a match
  // tests only the few terms that could have produced it.
  const byFirst = new Map<string, Candidate[]>();
  const anyFirst: Candidate[] = [];
  for (const entry of ordered) {
    if (entry.literal !== undefined) continue;
    const candidate: Candidate = { entry, exact: undefined };
    const firsts = firstCharacters(entry.term, lexicon.foldLocale);
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
  // Matched strings repeat across messages ("free shipping", "скидка"); bounded so it cannot grow without limit.
  const cache = new Map<string, TermInfo | undefined>();

  return {
    language: lexicon.language,
    lexicon,
    pattern,
    sticky,
    infix,
    starts,
    identify(matched: string): TermInfo | undefined {
      if (cache.has(matched)) return cache.get(matched);
      if (cache.size >= IDENTIFY_CACHE_SIZE) cache.clear();
      const info = identifyUncached(matched);
      cache.set(matched, info);
      return info;
    },
  };

  function identifyUncached(matched: string): TermInfo | undefined {
    const direct = byLiteral.get(matched) ?? byLiteral.get(canonical(matched));
    // A patterned term outranks the literal one only with a better kind (candidates are in rank order).
    const limit = direct === undefined ? KIND_ORDER.length : rank(direct);
    for (const list of [byFirst.get(matched[0] ?? ''), anyFirst]) {
      if (list === undefined) continue;
      for (const candidate of list) {
        if (rank(candidate.entry) >= limit) break;
        // Built on first need: most terms never match anything, and building hundreds of regexes up front is slow.
        candidate.exact ??= new RegExp(`^(?:${candidate.entry.source})$`, 'u');
        if (candidate.exact.test(matched)) return candidate.entry;
      }
    }
    return direct;
  }
}
