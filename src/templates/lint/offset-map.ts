import { lastAtOrBefore } from './ranges.js';

/**
 * Text prepared for lexicon matching, with a map back to the original string. Offsets are
 * UTF-16 units; the map is monotone (a later normalized unit never maps before an earlier one).
 */
export interface NormalizedText {
  readonly text: string;
  /** The offset in the original of normalized unit `index`; `originalOffset(text.length)` is the original's length. */
  originalOffset(index: number): number;
  /** The first normalized index whose original offset is at least `offset`, or -1 when there is none. */
  firstAtOrAfter(offset: number): number;
  /**
   * False only when it is known that no leetspeak digit or symbol (`0 1 3 4 5 7 @ $`) stands
   * next to a Latin, Cyrillic or Greek letter in `text`: then no token can be leetspeak.
   */
  readonly mayHoldLeetspeak: boolean;
  /**
   * The offsets of those leetspeak units in `text`, ascending, when the normalizer noted them as
   * it wrote the text (`undefined` when they are not known).
   */
  readonly leetUnits?: readonly number[] | undefined;
  /**
   * False only when it is known that no Latin letter `a-z` stands next to a Cyrillic one
   * (U+0400–U+04FF) in `text`: then no token mixes the two scripts.
   */
  readonly mayMixScripts: boolean;
  /**
   * The offsets in the original of the digits `0-9` that come right after a capital `A-Z`,
   * `А-Я` or `Ё` there, ascending, when the normalizer noted them as it read the original
   * (`undefined` when they are not known). Every promo code has one: its first digit.
   */
  readonly codeDigits?: readonly number[] | undefined;
  /**
   * False only when it is known that `text` holds none of the units a promotional emoji begins
   * with (a surrogate, or ⌛ ⏰ ⏳ ⚡): then it holds no promotional emoji.
   */
  readonly mayHoldPromoEmoji: boolean;
}

/**
 * The original offsets of normalized units `0..n`, stored as the points where they stop
 * following on one from another (`original = origin + (index - start)` between two of them):
 * ordinary text needs a handful, whatever its length.
 */
export class OffsetMap implements NormalizedText {
  private readonly starts: readonly number[];
  private readonly origins: readonly number[];
  readonly mayHoldLeetspeak: boolean;

  /** `leetUnits`: see {@link NormalizedText.leetUnits}; without them, the text may hold leetspeak. */
  constructor(
    readonly text: string,
    starts: readonly number[],
    origins: readonly number[],
    readonly leetUnits?: readonly number[],
    readonly mayMixScripts = true,
    readonly codeDigits?: readonly number[],
    readonly mayHoldPromoEmoji = true,
  ) {
    this.starts = starts;
    this.origins = origins;
    this.mayHoldLeetspeak = leetUnits === undefined || leetUnits.length > 0;
  }

  /** The map of `text` whose unit `k` comes from original offset `offsets[k]` (`offsets` has one more entry: the end). */
  static fromOffsets(text: string, offsets: readonly number[]): OffsetMap {
    const starts: number[] = [];
    const origins: number[] = [];
    offsets.forEach((origin, index) => {
      if (origin !== (offsets[index - 1] ?? -2) + 1) {
        starts.push(index);
        origins.push(origin);
      }
    });
    return new OffsetMap(text, starts, origins);
  }

  originalOffset(index: number): number {
    const at = lastAtOrBefore(this.starts, index);
    return (this.origins[at] ?? 0) + index - (this.starts[at] ?? 0);
  }

  firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.text.length + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.originalOffset(mid) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo <= this.text.length ? lo : -1;
  }
}

/** Maps a normalized `[start, end)` back to original UTF-16 offsets. */
export function toOriginalSpan(normalized: NormalizedText, start: number, end: number): { start: number; end: number } {
  return { start: normalized.originalOffset(start), end: originalEnd(normalized, start, end) };
}

/**
 * The original end of the normalized `[start, end)` (see {@link toOriginalSpan}): past the
 * original of its last unit, and no earlier than where its end maps to.
 */
export function originalEnd(normalized: NormalizedText, start: number, end: number): number {
  return Math.max(normalized.originalOffset(end), normalized.originalOffset(Math.max(start, end - 1)) + 1);
}
