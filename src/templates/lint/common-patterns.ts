import type { NormalizedText } from './offset-map.js';
import { toOriginalSpan } from './offset-map.js';
import type { LintReason, SignalStrength } from './types.js';
import { isCodeCapitalUnit } from './chars.js';

/** A language-independent hit, in offsets of the string it was found in. */
export interface CommonHit {
  readonly reason: LintReason;
  readonly strength: SignalStrength;
  readonly start: number;
  readonly end: number;
}

// "-20%", "−30 %" (dashes are normalized to "-"); a bare "20%" is not a signal (VAT, battery).
export const MINUS_PERCENT = /-(?<![\p{L}\p{N}-]-)\s?\d{1,2}(?:[.,]\d{1,2})?\s?%/gu;
/** {@link MINUS_PERCENT} starting exactly at `lastIndex`. */
const MINUS_PERCENT_AT = new RegExp(MINUS_PERCENT.source, 'uy');
/** The farthest a {@link MINUS_PERCENT} match's `-` stands before its `%`: a space, two digits, a decimal part of three units and a space between them. */
const MINUS_PERCENT_REACH = 8;

/** Emoji that advertisers use and transactional messages rarely need. */
export const PROMO_EMOJI = /[🔥🎁💥🛍💸🏷⚡🤑💰⏰⌛⏳🆓🆕💯🛒🎉🥳🎊💲🏆]/gu;
/**
 * The units {@link PROMO_EMOJI}'s emoji begin with (⌛ ⏰ ⏳ ⚡, and the high surrogates of the
 * others), without the `u` flag: a quick search over the units, where a regex over code points
 * would decode every surrogate pair of the text.
 */
const MAY_HOLD_PROMO_EMOJI = /[\u231B\u23F0\u23F3\u26A1\uD83C-\uD83E]/g;
/** {@link PROMO_EMOJI}'s emoji as code points. */
const PROMO_EMOJI_CODE_POINTS: ReadonlySet<number> = new Set(Array.from(PROMO_EMOJI.source.slice(1, -1), (ch) => ch.codePointAt(0) ?? 0));

/**
 * Promo-code-looking tokens written in capitals after a "code" word: `SAVE20`, `LETO20`,
 * `VERANO30`. Letters followed by a short number are strong; other capital tokens are weak
 * (booking references and tracking numbers look alike).
 */
// The boundary is checked after the first capital (same meaning as a leading `(?<![\p{L}\p{N}])`):
// the engine then skips positions by their first character instead of running the lookbehind at each.
const CODE_TOKEN = /[A-ZА-ЯЁ](?<![\p{L}\p{N}][A-ZА-ЯЁ])[A-ZА-ЯЁ0-9]{3,15}(?![\p{L}\p{N}])/gu;
const CODE_LIKE = /^[A-ZА-ЯЁ]{3,12}\d{1,3}$/u;
/** Capitals, then two or more digits that end the token: how a promo code is written (`LETO500`, `VUELVE10`). */
const WRITTEN_AS_CODE = /^[A-ZА-ЯЁ]{3,}\d{2,}$/u;
const HAS_DIGIT = /\d/u;
// Spanish and Portuguese write the cue with an accent (código, cupón); Turkish adds a suffix (kodu, kodunu).
const CODE_CUE = /(?:code|c0de|c[oó]digo|codice|kod\p{L}{0,3}|код|кодом|коду|коды|كود|कोड|码|碼|gutschein|cupom|cup[oó]n|coupon|kupon|купон\p{L}{0,4}|промокод\p{L}{0,4}|voucher|rabattcode|gutscheincode|bon)\s?[:：\-"'«“„]{0,2}\s?["'«“„]?$/u;

/**
 * Every word {@link CODE_CUE} starts with, as it reads in normalized text (lower case, accents
 * removed, 碼 folded to 码): a cue in the original is one of these in its normalized form, so a
 * normalized text without any has no promo code. Case-sensitive, and cheaper than asking the
 * original case-insensitively.
 */
const CUES = /code|c0de|codigo|codice|kod|код|كود|कोड|码|gutschein|cupom|cupon|coupon|kupon|купон|промокод|voucher|bon/gu;

/**
 * Scans normalized text for signals that need no lexicon. `mayHoldEmoji: false` says the text is
 * known to hold none of the units a promotional emoji begins with (see `NormalizedText`).
 */
export function findCommonSignals(normalized: string, mayHoldEmoji = true): CommonHit[] {
  const hits: CommonHit[] = [];
  // Each `%` (few per text) is looked back from for a `-` that starts a match, leftmost first:
  // the matches `MINUS_PERCENT` finds searching the whole text.
  let searched = 0;
  for (let percent = normalized.indexOf('%'); percent >= 0; percent = normalized.indexOf('%', percent + 1)) {
    for (let at = Math.max(searched, percent - MINUS_PERCENT_REACH); at < percent; at += 1) {
      if (normalized.charCodeAt(at) !== HYPHEN) continue;
      MINUS_PERCENT_AT.lastIndex = at;
      if (!MINUS_PERCENT_AT.test(normalized)) continue;
      hits.push({ reason: 'PERCENT_OFF', strength: 'strong', start: at, end: MINUS_PERCENT_AT.lastIndex });
      break;
    }
    searched = percent + 1;
  }
  if (!mayHoldEmoji) return hits;
  // The units an emoji can begin with are few in any text: each is looked at as a code point.
  MAY_HOLD_PROMO_EMOJI.lastIndex = 0;
  while (MAY_HOLD_PROMO_EMOJI.test(normalized)) {
    const at = MAY_HOLD_PROMO_EMOJI.lastIndex - 1;
    const codePoint = normalized.codePointAt(at) ?? 0;
    if (PROMO_EMOJI_CODE_POINTS.has(codePoint)) hits.push({ reason: 'PROMO_EMOJI', strength: 'weak', start: at, end: at + (codePoint > 0xffff ? 2 : 1) });
  }
  return hits;
}

const HYPHEN = 0x2d;

/** A unit {@link CODE_TOKEN} takes after its first capital: a code capital or `0-9`. */
function isCodeUnit(unit: number): boolean {
  return isCodeCapitalUnit(unit) || (unit >= 0x30 && unit <= 0x39);
}

/** A code token starting exactly at `lastIndex`. */
const CODE_TOKEN_AT = new RegExp(CODE_TOKEN.source, 'uy');
/** What may stand between a cue and its code: {@link CODE_CUE}'s separators, quotes and spaces. */
const CUE_GAP = /[\s:：\-"'«“„]/u;
/** The rest of a cue's word, then the gap after it, from `lastIndex`. */
const REST_OF_CUE = /\p{L}*[\s:：\-"'«“„]*/uy;

/**
 * Promo codes in the original (case-preserved) text; `normalized` is that text as normalized for
 * matching. `isNeutral(offset)` says whether an original offset lies inside a neutral phrase
 * ("booking code"), whose codes are not promos.
 *
 * It finds what {@link findPromoCodesReference} finds by trying every capitalized token of the
 * text (property tests compare them), starting from where a code can be:
 * - when the normalizer noted the digits that follow a capital (`normalized.codeDigits`), from
 *   those: each code has one (its first digit), and only the run of code characters around it can
 *   be the code;
 * - otherwise from the cues: each cue word ({@link CUES}) found in the normalized text is
 *   followed, in the original, to the end of its word and past the separators after it, and a
 *   code token is looked for exactly there.
 */
export function findPromoCodes(original: string, normalized: NormalizedText, isNeutral: (offset: number) => boolean): CommonHit[] {
  const hits: CommonHit[] = [];
  let previous = -1;
  const { codeDigits } = normalized;
  if (codeDigits !== undefined) {
    // Every code has a digit, and its first digit comes right after one of its capitals: the
    // run of code characters around each such digit is the one token there that can be a code.
    for (const digit of codeDigits) {
      let start = digit;
      while (start > 0 && isCodeUnit(original.charCodeAt(start - 1))) start -= 1;
      if (start === previous) continue;
      previous = start;
      addCodeAt(original, start, isNeutral, hits);
    }
    return hits;
  }
  CUES.lastIndex = 0;
  for (let cue = CUES.exec(normalized.text); cue !== null; cue = CUES.exec(normalized.text)) {
    REST_OF_CUE.lastIndex = toOriginalSpan(normalized, cue.index, cue.index + cue[0].length).end;
    REST_OF_CUE.test(original);
    const at = REST_OF_CUE.lastIndex;
    if (at === previous) continue;
    previous = at;
    addCodeAt(original, at, isNeutral, hits);
  }
  return hits;
}

/** Adds the code token starting exactly at `at`, if there is one and it is a code (see {@link addIfCode}). */
function addCodeAt(original: string, at: number, isNeutral: (offset: number) => boolean, hits: CommonHit[]): void {
  CODE_TOKEN_AT.lastIndex = at;
  const token = CODE_TOKEN_AT.exec(original)?.[0];
  if (token !== undefined) addIfCode(original, at, token, isNeutral, hits);
}

/** {@link findPromoCodes} the first way: every capitalized token of the text, each checked for a cue before it. Kept as the reference the fast path is tested against. */
export function findPromoCodesReference(original: string, isNeutral: (offset: number) => boolean): CommonHit[] {
  const hits: CommonHit[] = [];
  for (const m of original.matchAll(CODE_TOKEN)) addIfCode(original, m.index, m[0], isNeutral, hits);
  return hits;
}

/**
 * Whether `token` (a stretch of original text) is written as a promo code: three or more
 * capitals, then two or more digits. Its digits are a number, so the leetspeak view leaves it
 * as written (see `leetView`); the code itself is reported when a code word precedes it.
 */
export function isWrittenAsCode(token: string): boolean {
  return WRITTEN_AS_CODE.test(token);
}

/** Adds the token at `start` to `hits` when it is shaped like a code and a cue word outside a neutral phrase comes right before it. */
function addIfCode(original: string, start: number, token: string, isNeutral: (offset: number) => boolean, hits: CommonHit[]): void {
  const strongShape = CODE_LIKE.test(token);
  if (!strongShape && !HAS_DIGIT.test(token)) return;
  const before = original.slice(Math.max(0, start - 24), start).toLowerCase().trimEnd();
  if (!CODE_CUE.test(before)) return;
  let cueEnd = start - 1;
  while (cueEnd > 0 && CUE_GAP.test(original[cueEnd] ?? '')) cueEnd -= 1;
  if (isNeutral(cueEnd)) return;
  hits.push({ reason: 'COUPON', strength: strongShape ? 'strong' : 'weak', start, end: start + token.length });
}
