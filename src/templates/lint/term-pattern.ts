import { SwitchboardError } from '../../core/errors.js';
import type { FoldLocale } from './normalize.js';
import { normalizeForMatching } from './normalize.js';

/**
 * A lexicon term parsed once and compiled two ways that agree on every input: to a regex source
 * (here: the reference, and the compound-word search) and to a small backtracking matcher
 * (`term-matcher.ts`) that makes the same choices in the same order as the regex engine would,
 * without entering it. Running hundreds of small regexes costs a few hundred nanoseconds each
 * (every one is separate native code); the matcher costs tens. A property test checks the two
 * against each other.
 *
 * The syntax (see `lexiconTermSchema`): `*` a stem of up to 24 letters, `#` an amount, `%` a
 * percent sign with an optional space before it, a space one to three spaces or hyphens, ` ~ `
 * a gap of up to four words, `(a|b|)` flat alternatives; everything else is literal text,
 * normalized like the messages it is matched against.
 */
export type TermPiece =
  | { readonly type: 'literal'; readonly text: string }
  | { readonly type: 'stem' | 'amount' | 'percent' | 'space' | 'gap' }
  | { readonly type: 'group'; readonly options: readonly (readonly TermPiece[])[] };

/** Errors the linter throws: `INVALID_LEXICON` for a lexicon term it cannot compile, `INVALID_INPUT` for malformed lint options. */
export type TemplateLintErrorCode = 'INVALID_LEXICON' | 'INVALID_INPUT';

function fail(language: string, term: string, why: string): never {
  throw new SwitchboardError<TemplateLintErrorCode>('INVALID_LEXICON', `Lexicon "${language}": term "${term}" ${why}`, {
    field: `lexicons.${language}`,
    remedy: 'fix_input',
  });
}

const GAP_MARK = '\u0001';

function parseSequence(sequence: string, locale: FoldLocale): TermPiece[] {
  const pieces: TermPiece[] = [];
  // Characters collected in an array and joined: a string grown one character at a time is a
  // chain of pieces, and handing those to the normalizer would slow it down for every text after.
  let literal: string[] = [];
  const flush = (): void => {
    const text = literal.length === 0 ? '' : normalizeForMatching(literal.join(''), locale).text;
    if (text !== '') pieces.push({ type: 'literal', text });
    literal = [];
  };
  for (const ch of sequence) {
    const type = ch === '*' ? 'stem' : ch === '#' ? 'amount' : ch === '%' ? 'percent' : ch === ' ' ? 'space' : ch === GAP_MARK ? 'gap' : undefined;
    if (type === undefined) {
      literal.push(ch);
      continue;
    }
    flush();
    pieces.push({ type });
  }
  flush();
  return pieces;
}

/** Parses one term of the lexicon syntax. Throws `INVALID_LEXICON` for an unmatched `)` or a term that matches nothing specific. */
export function parseTerm(term: string, locale: FoldLocale, language: string): TermPiece[] {
  const source = term.trim().replace(/\s+~\s+/gu, GAP_MARK).replace(/\s+/gu, ' ');
  const pieces: TermPiece[] = [];
  let rest = source;
  while (rest !== '') {
    const open = rest.indexOf('(');
    const close = rest.indexOf(')');
    if (open < 0) {
      if (close >= 0) fail(language, term, 'has an unmatched ")"');
      pieces.push(...parseSequence(rest, locale));
      break;
    }
    if (close < open) fail(language, term, 'has an unmatched ")"');
    pieces.push(...parseSequence(rest.slice(0, open), locale));
    pieces.push({ type: 'group', options: rest.slice(open + 1, close).split('|').map((option) => parseSequence(option, locale)) });
    rest = rest.slice(close + 1);
  }
  // The optional space before `%` belongs after a number; a term never starts with a space.
  if (pieces[0]?.type === 'percent') pieces[0] = { type: 'literal', text: '%' };
  const matchesNothing = pieces.length === 0 || (pieces.length === 1 && pieces[0]?.type === 'stem') || (pieces.length === 1 && pieces[0]?.type === 'group' && pieces[0].options.every((o) => o.length === 0));
  if (matchesNothing) fail(language, term, 'matches nothing specific');
  return pieces;
}

const CURRENCY = '[$€£¥₽₺₹₸₴]';
const NUMBER = `(?:${CURRENCY} ?|r\\$ ?|rp ?|rs ?)?\\d{1,3}(?:[ .,]?\\d{3}){0,3}(?:[.,]\\d{1,2})?(?: ?(?:${CURRENCY}|tl|rp))?`;
/** The most spaces or hyphens one space of a term matches (it matches one to this many). */
export const MAX_TERM_SEPARATORS = 3;
/** A unit one space of a term matches: a space or a hyphen. */
export const isTermSeparatorUnit = (unit: number): boolean => unit === 0x20 || unit === 0x2d;

const REGEX_OF: Readonly<Record<'stem' | 'amount' | 'percent' | 'space' | 'gap', string>> = {
  stem: '[\\p{L}\\p{M}]{0,24}',
  // An amount, or a template variable standing for one (`save {{1}}`, `{{discount}}% off`).
  amount: `(?:${NUMBER}|\\{\\{[a-z0-9_]{1,64}\\}\\})`,
  percent: ' ?%',
  space: `[ \\-]{1,${MAX_TERM_SEPARATORS}}`,
  gap: '(?: [^ \\n]{1,24}){0,4} ',
};

const escapeLiteral = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/gu, '\\$&');

/** The regex source of parsed pieces (no boundaries; Unicode mode). */
export function regexSource(pieces: readonly TermPiece[]): string {
  let out = '';
  for (const piece of pieces) {
    if (piece.type === 'literal') out += escapeLiteral(piece.text);
    else if (piece.type === 'group') out += `(?:${piece.options.map(regexSource).join('|')})`;
    else out += REGEX_OF[piece.type];
  }
  return out;
}
