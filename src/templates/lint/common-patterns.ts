import type { LintReason, SignalStrength } from './types.js';

/** A language-independent hit, in offsets of the string it was found in. */
export interface CommonHit {
  readonly reason: LintReason;
  readonly strength: SignalStrength;
  readonly start: number;
  readonly end: number;
}

// "-20%", "−30 %" (dashes are normalized to "-"); a bare "20%" is not a signal (VAT, battery).
const MINUS_PERCENT = /-(?<![\p{L}\p{N}-]-)\s?\d{1,2}(?:[.,]\d{1,2})?\s?%/gu;

/** Emoji that advertisers use and transactional messages rarely need. */
const PROMO_EMOJI = /[🔥🎁💥🛍💸🏷⚡🤑💰⏰⌛⏳🆓🆕💯🛒🎉🥳🎊💲🏆]/gu;

/**
 * Promo-code-looking tokens written in capitals after a "code" word: `SAVE20`, `LETO20`,
 * `VERANO30`. Letters followed by a short number are strong; other capital tokens are weak
 * (booking references and tracking numbers look alike).
 */
// The boundary is checked after the first capital (same meaning as a leading `(?<![\p{L}\p{N}])`):
// the engine then skips positions by their first character instead of running the lookbehind at each.
const CODE_TOKEN = /[A-ZА-ЯЁ](?<![\p{L}\p{N}][A-ZА-ЯЁ])[A-ZА-ЯЁ0-9]{3,15}(?![\p{L}\p{N}])/gu;
const CODE_LIKE = /^[A-ZА-ЯЁ]{3,12}\d{1,3}$/u;
const HAS_DIGIT = /\d/u;
const CODE_CUE = /(?:code|c0de|codigo|codice|kod|kode|код|кодом|коду|коды|كود|कोड|码|碼|gutschein|cupom|cupon|coupon|kupon|купон\p{L}{0,4}|промокод\p{L}{0,4}|voucher|rabattcode|gutscheincode|bon)\s?[:：\-"'«“„]{0,2}\s?["'«“„]?$/u;

/**
 * Every word {@link CODE_CUE} starts with, as it reads in normalized text (lower case, accents
 * removed, 碼 folded to 码): a cue in the original is one of these in its normalized form, so a
 * normalized text without any has no promo code. Case-sensitive, and cheaper than asking the
 * original case-insensitively.
 */
const ANY_CUE = /code|c0de|codigo|codice|kod|код|كود|कोड|码|gutschein|cupom|cupon|coupon|kupon|купон|промокод|voucher|bon/u;

/** Scans normalized text for signals that need no lexicon. */
export function findCommonSignals(normalized: string): CommonHit[] {
  const hits: CommonHit[] = [];
  if (normalized.includes('%')) {
    for (const m of normalized.matchAll(MINUS_PERCENT)) hits.push({ reason: 'PERCENT_OFF', strength: 'strong', start: m.index, end: m.index + m[0].length });
  }
  for (const m of normalized.matchAll(PROMO_EMOJI)) hits.push({ reason: 'PROMO_EMOJI', strength: 'weak', start: m.index, end: m.index + m[0].length });
  return hits;
}

/**
 * Promo codes in the original (case-preserved) text; `normalized` is that text as normalized for
 * matching. `isNeutral(offset)` says whether an original offset lies inside a neutral phrase
 * ("booking code"), whose codes are not promos.
 */
export function findPromoCodes(original: string, normalized: string, isNeutral: (offset: number) => boolean): CommonHit[] {
  const hits: CommonHit[] = [];
  if (!ANY_CUE.test(normalized)) return hits;
  for (const m of original.matchAll(CODE_TOKEN)) {
    const token = m[0];
    const strongShape = CODE_LIKE.test(token);
    if (!strongShape && !HAS_DIGIT.test(token)) continue;
    const before = original.slice(Math.max(0, m.index - 24), m.index).toLowerCase().trimEnd();
    if (!CODE_CUE.test(before)) continue;
    let cueEnd = m.index - 1;
    while (cueEnd > 0 && /[\s:：\-"'«“„]/u.test(original[cueEnd] ?? '')) cueEnd -= 1;
    if (isNeutral(cueEnd)) continue;
    hits.push({ reason: 'COUPON', strength: strongShape ? 'strong' : 'weak', start: m.index, end: m.index + token.length });
  }
  return hits;
}
