import type { CompiledLexicon } from './compile.js';
import type { Hit } from './lexicon-scan.js';
import { runLexicon, runLexicons } from './lexicon-scan.js';
import { findCommonSignals, findPromoCodes, isWrittenAsCode } from './common-patterns.js';
import { foldMixedScriptTokens, leetView } from './evasion.js';
import type { FoldLocale } from './normalize.js';
import { normalizeForMatching } from './normalize.js';
import type { NormalizedText } from './offset-map.js';
import { originalEnd, toOriginalSpan } from './offset-map.js';
import type { FoundUrl } from './urls.js';
import { findUrls, promoLinkSignal } from './urls.js';
import { REASON_BITS } from './issues.js';
import { isLetterOrNumberUnit } from './chars.js';
import { RangeIndex, lastAtOrBefore } from './ranges.js';
import { sentenceStartsOf } from './sentence-starts.js';
import { sortStably } from './stable-sort.js';
import type { LintPart, LintReason, SignalStrength, WordingFinding } from './types.js';

/** A wording finding plus the sentence it sits in (sentences are numbered per scanned string). */
export interface SentenceFinding extends WordingFinding {
  readonly sentence: number;
}

/** Everything the wording pass learned about one string. */
export interface WordingScan {
  /** Promotional signals after neutral phrases, allow-list and state context were applied. */
  readonly findings: readonly SentenceFinding[];
  /** One-time-code phrases, reported only when the string also carries a code or a variable. */
  readonly oneTimeCode: readonly SentenceFinding[];
}

export interface ScanTarget {
  readonly part: LintPart;
  readonly index?: number;
  readonly field?: 'url';
}


const HAS_LATIN_LETTER = /[a-z]/iu;
// A code (four to eight digits, or six to eight capitals and digits, as a whole word) or a
// variable. The boundary before the code is checked after its first character (same meaning as a
// leading lookbehind): the engine then skips positions by that character.
const CODE_PRESENT = /(?:\d(?<![\p{L}\p{N}]\d)\d{3,7}|[A-Z0-9](?<![\p{L}\p{N}][A-Z0-9])[A-Z0-9]{5,7})(?![\p{L}\p{N}])|\{\{\s*[a-z0-9_]+\s*\}\}/u;

/** Findings in the order of their spans' start. */
const byStart = (a: SentenceFinding, b: SentenceFinding): number => a.span.start - b.span.start;

/** A key for the span `[start, end)`: a small integer for the spans of ordinary texts, a string for the rest. */
function spanKey(start: number, end: number): number | string {
  const length = end - start;
  return length < 0x800 && start < 0x80000 ? start * 0x800 + length : `${start}:${length}`;
}

/** `finding` marked as downgraded (written out, not spread: this runs for many findings). */
function downgrade(finding: SentenceFinding, why: NonNullable<SentenceFinding['downgraded']>): SentenceFinding {
  const { reason, strength, match, span, source, sentence } = finding;
  return { reason, strength, match, span, source, sentence, downgraded: why };
}

/** Reasons that keep a sentence persuasive even when it also reports an order state. */
const PERSUASIVE: ReadonlySet<LintReason> = new Set<LintReason>(['CALL_TO_BUY', 'URGENCY', 'UPSELL', 'CROSS_SELL', 'ABANDONED_CART', 'SAVINGS', 'REENGAGEMENT', 'PERCENT_OFF', 'NEW_PRODUCT', 'REFERRAL', 'RENEWAL_PUSH', 'PRICE_DROP']);

function sentenceOf(starts: readonly number[], offset: number): number {
  return lastAtOrBefore(starts, offset);
}

const TITLE_WORD = /^\p{Lu}\p{Ll}+$/u;
const LOWER_INITIAL = /^\p{Ll}/u;
const UPPER_INITIAL = /^\p{Lu}/u;
const PREVIOUS_WORD = /([\p{L}\p{N}]+)[^\p{L}\p{N}.!?\n]{1,3}$/u;
const NEXT_WORD = /^[^\p{L}\p{N}.!?\n]{1,3}([\p{L}\p{N}]+)/u;

const isStop = (unit: number): boolean => unit === 0x2e || unit === 0x21 || unit === 0x3f || unit === 0x0a;

const isSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdfff;

/**
 * The word that ends `text[from, at)` when only one to three other characters (no `.!?` or line
 * break) follow it: `PREVIOUS_WORD`'s capture on that slice, found by scanning back from `at`
 * instead of slicing and trying the end-anchored regex at every position. A surrogate (of an
 * astral character) met on the way sends the slice to the regex.
 */
export function previousWord(text: string, from = 0, at = text.length): string | undefined {
  let wordEnd = at;
  for (; wordEnd > from; wordEnd -= 1) {
    const unit = text.charCodeAt(wordEnd - 1);
    if (isSurrogate(unit)) return PREVIOUS_WORD.exec(text.slice(from, at))?.[1];
    if (isLetterOrNumberUnit(unit)) break;
    if (isStop(unit)) return undefined;
  }
  const gap = at - wordEnd;
  if (gap < 1 || gap > 3 || wordEnd === from) return undefined;
  let wordStart = wordEnd - 1;
  for (; wordStart > from; wordStart -= 1) {
    const unit = text.charCodeAt(wordStart - 1);
    if (isSurrogate(unit)) return PREVIOUS_WORD.exec(text.slice(from, at))?.[1];
    if (!isLetterOrNumberUnit(unit)) break;
  }
  return text.slice(wordStart, wordEnd);
}

/** The word that starts `text[at, to)` behind one to three other characters: `NEXT_WORD`'s capture on that slice, by a forward scan. */
export function nextWord(text: string, at = 0, to = text.length): string | undefined {
  let wordStart = at;
  for (; wordStart < to; wordStart += 1) {
    const unit = text.charCodeAt(wordStart);
    if (isSurrogate(unit)) return NEXT_WORD.exec(text.slice(at, to))?.[1];
    if (isLetterOrNumberUnit(unit)) break;
    if (isStop(unit)) return undefined;
  }
  const gap = wordStart - at;
  if (gap < 1 || gap > 3 || wordStart === to) return undefined;
  let wordEnd = wordStart + 1;
  for (; wordEnd < to; wordEnd += 1) {
    const unit = text.charCodeAt(wordEnd);
    if (isSurrogate(unit)) return NEXT_WORD.exec(text.slice(at, to))?.[1];
    if (!isLetterOrNumberUnit(unit)) break;
  }
  return text.slice(wordStart, wordEnd);
}

/**
 * Whether the unit at `at` changes when lower-cased (a capital), asked without building strings
 * where the answer is known: ASCII, and the caseless CJK blocks (U+3000–U+9FFF).
 */
export function changesWhenLowerCased(text: string, at: number): boolean {
  const unit = text.charCodeAt(at);
  if (unit < 0x80) return unit >= 0x41 && unit <= 0x5a;
  if (unit >= 0x3000 && unit < 0xa000) return false;
  const ch = text[at] ?? '';
  return ch !== ch.toLowerCase();
}

/**
 * True when `[start, end)` is a run of Capitalized Words inside a sentence, between a
 * lower-case word and another capitalized word — the shape of a product or brand name
 * ("for the Summer Sale Dress"), not of a headline ("Summer Sale starts today").
 */
function isEmbeddedName(original: string, start: number, end: number): boolean {
  if (!changesWhenLowerCased(original, start)) return false;
  // The cheap checks first: most capitalized matches open a sentence, with no word before them.
  const previous = previousWord(original, Math.max(0, start - 40), start);
  if (previous === undefined || !LOWER_INITIAL.test(previous)) return false;
  const next = nextWord(original, end, Math.min(original.length, end + 40));
  if (next === undefined || !UPPER_INITIAL.test(next)) return false;
  return original.slice(start, end).split(/[\s-]+/u).every((w) => TITLE_WORD.test(w));
}

const nonLatinLists = new WeakMap<readonly CompiledLexicon[], readonly CompiledLexicon[]>();

/**
 * The lexicons for a text without a Latin letter: English promo words are Latin, so English is
 * left out unless it is the text's own language (the first). Kept per list, so that the scan
 * finds its plan for the list again (see `runLexicons`).
 */
function withoutEnglish(lexicons: readonly CompiledLexicon[]): readonly CompiledLexicon[] {
  let list = nonLatinLists.get(lexicons);
  if (list === undefined) {
    list = lexicons.filter((lexicon, k) => k === 0 || lexicon.language !== 'en');
    nonLatinLists.set(lexicons, list);
  }
  return list;
}

/**
 * Allow-listed phrases as {@link scanWording} looks for them: normalized like the text it scans
 * with `lexicons` (the first one's locale), the empty ones left out. Done once per lint, not per part.
 */
export function allowNeedles(allow: readonly string[], lexicons: readonly CompiledLexicon[]): string[] {
  const locale: FoldLocale = lexicons[0]?.lexicon.foldLocale ?? 'default';
  return allow.map((phrase) => normalizeForMatching(phrase, locale).text.trim()).filter((needle) => needle !== '');
}

/** Ranges where allow-listed phrases (see {@link allowNeedles}) occur in normalized text. */
function allowedRanges(text: string, needles: readonly string[]): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) ranges.push({ start: at, end: at + needle.length });
  }
  return ranges;
}

/**
 * Scans one string (a template part, an example value, a rendered message) with the given
 * lexicons plus the language-independent patterns, leaving out what the allow-listed `needles`
 * cover (see {@link allowNeedles}); `findLinks` finds its links. Deterministic.
 */
export function scanWording(
  original: string,
  lexicons: readonly CompiledLexicon[],
  target: ScanTarget,
  needles: readonly string[] = [],
  findLinks: (text: string) => readonly FoundUrl[] = findUrls,
): WordingScan {
  const primary = lexicons[0];
  const locale: FoldLocale = primary?.lexicon.foldLocale ?? 'default';
  const normalized: NormalizedText = normalizeForMatching(original, locale);
  const view = normalized.mayMixScripts ? foldMixedScriptTokens(normalized.text, primary?.lexicon.preferredScript ?? 'latin') : normalized.text;
  const hasLatin = HAS_LATIN_LETTER.test(view);

  const hits: Hit[] = [];
  runLexicons(hasLatin ? lexicons : withoutEnglish(lexicons), view, hits);
  // A token written as a promo code in the original (`LETO500`) keeps its digits: they are a number.
  const decoded = normalized.mayHoldLeetspeak
    ? leetView(view, normalized.leetUnits, (start, end) => isWrittenAsCode(original.slice(normalized.originalOffset(start), originalEnd(normalized, start, end))))
    : undefined;
  if (decoded !== undefined) {
    const extra: Hit[] = [];
    for (const lexicon of lexicons) runLexicon(lexicon, decoded.text, extra, decoded.changed);
    if (extra.length > 0) {
      const plain = new RangeIndex(hits);
      for (const hit of extra) if (!plain.overlaps(hit.start, hit.end)) hits.push(hit);
    }
  }
  for (const common of findCommonSignals(view, normalized.mayHoldPromoEmoji)) hits.push({ start: common.start, end: common.end, kind: 'common', reason: common.reason, strength: common.strength, source: 'common' });

  const neutral: Hit[] = [];
  let otpHits: Hit[] | undefined;
  for (const hit of hits) {
    if (hit.kind !== 'neutral' && hit.kind !== 'otp') continue;
    neutral.push(hit);
    if (hit.kind === 'otp') (otpHits ??= []).push(hit);
  }
  const allowed = needles.length === 0 ? [] : allowedRanges(view, needles);
  const blocked = new RangeIndex(allowed.length === 0 ? neutral : [...neutral, ...allowed]);
  // Mixed-script folding changes letters only: the normalized text's sentences are the view's.
  const starts = sentenceStartsOf(normalized.text);

  // Built without object spreads (this runs for every finding); keys keep the order part, index, field, start, end.
  const { part, index, field } = target;
  const spanOf = (start: number, end: number): SentenceFinding['span'] => {
    if (index === undefined) return field === undefined ? { part, start, end } : { part, field, start, end };
    return field === undefined ? { part, index, start, end } : { part, index, field, start, end };
  };
  // The original offsets rather than `toOriginalSpan`'s object: one object less per finding.
  const toFinding = (hit: Hit, reason: LintReason, strength: SignalStrength): SentenceFinding => {
    const start = normalized.originalOffset(hit.start);
    const end = originalEnd(normalized, hit.start, hit.end);
    return { reason, strength, match: original.slice(start, end), span: spanOf(start, end), source: hit.source, sentence: sentenceOf(starts, hit.start) };
  };

  const promo: SentenceFinding[] = [];
  // The reasons reported so far per span, as bits (see REASON_BITS), keyed by start and length.
  const seen = new Map<number | string, number>();
  for (const hit of hits) {
    if ((hit.kind !== 'strong' && hit.kind !== 'weak' && hit.kind !== 'common') || hit.reason === undefined || hit.strength === undefined) continue;
    if (blocked.overlaps(hit.start, hit.end)) continue;
    // Two lexicons (say hi and en) may report the same word for the same reason: keep one.
    const key = spanKey(hit.start, hit.end);
    const bit = REASON_BITS[hit.reason];
    const reasons = seen.get(key) ?? 0;
    if ((reasons & bit) !== 0) continue;
    seen.set(key, reasons | bit);
    const finding = toFinding(hit, hit.reason, hit.strength);
    promo.push(hit.kind === 'strong' && isEmbeddedName(original, finding.span.start, finding.span.end) ? downgrade(finding, 'name') : finding);
  }

  // Links and promo codes are found in the original text (case matters for codes).
  // The indexes are built only when asked for: most texts have no code at all.
  let neutralOriginal: RangeIndex | undefined;
  const inNeutral = (offset: number): boolean => (neutralOriginal ??= new RangeIndex(neutral.map((h) => toOriginalSpan(normalized, h.start, h.end)))).covers(offset);
  const sentenceAtOriginal = (offset: number): number => {
    const idx = normalized.firstAtOrAfter(offset);
    return sentenceOf(starts, idx < 0 ? view.length : idx);
  };
  let wording: RangeIndex | undefined;
  for (const code of findPromoCodes(original, normalized, inNeutral)) {
    wording ??= new RangeIndex(promo.map((f) => f.span));
    if (wording.contains(code.start, code.end)) continue;
    promo.push({ reason: 'COUPON', strength: code.strength, match: original.slice(code.start, code.end), span: spanOf(code.start, code.end), source: 'common', sentence: sentenceAtOriginal(code.start) });
  }
  for (const url of findLinks(original)) {
    if (promoLinkSignal(url.url) === undefined) continue;
    promo.push({ reason: 'PROMO_LINK', strength: 'weak', match: url.url, span: spanOf(url.start, url.end), source: 'common', sentence: sentenceAtOriginal(url.start) });
  }

  // State context: "the discount you applied was removed" reports a state, it does not sell.
  const contextSentences = new Set<number>();
  for (const hit of hits) if (hit.kind === 'context') contextSentences.add(sentenceOf(starts, hit.start));
  if (contextSentences.size > 0) {
    const persuasiveSentences = new Set<number>();
    for (const f of promo) if (f.strength === 'strong' && PERSUASIVE.has(f.reason)) persuasiveSentences.add(f.sentence);
    for (let k = 0; k < promo.length; k += 1) {
      const finding = promo[k];
      if (finding === undefined || finding.strength !== 'strong' || !contextSentences.has(finding.sentence) || persuasiveSentences.has(finding.sentence)) continue;
      promo[k] = downgrade(finding, 'state-context');
    }
  }

  const oneTimeCode = otpHits !== undefined && CODE_PRESENT.test(original) ? otpHits.map((h) => toFinding(h, 'OTP_IN_UTILITY', 'strong')) : [];
  let visible = promo;
  if (allowed.length > 0) {
    const allowedOriginal = new RangeIndex(allowed.map((r) => toOriginalSpan(normalized, r.start, r.end)));
    visible = promo.filter((f) => !allowedOriginal.overlaps(f.span.start, f.span.end));
  }
  sortStably(visible, byStart);
  return { findings: visible, oneTimeCode };
}
