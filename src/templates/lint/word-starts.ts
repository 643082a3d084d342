import { isWordCodePointAt, isWordCodePointBefore, isWordUnit } from './chars.js';
import { TextMemo } from './text-memo.js';

// The last text whose word starts were computed (by `wordStartsOf`, or by the normalizer while it
// wrote the text) and those starts. Filled only here, so that `memoWithoutSurrogates` always describes it.
const wordStartsMemo = new TextMemo<Int32Array>();
// Reused from text to text: allocating a typed array per text costs about a microsecond.
let startsBuffer = new Int32Array(1024);
// Whether the text `wordStartsMemo` holds has no surrogate (every code point is one unit).
let memoWithoutSurrogates = false;

/** Forgets the remembered word starts (the normalizer is about to rewrite the buffer it handed over). */
export function forgetWordStarts(): void {
  wordStartsMemo.forget();
}

/** Remembers the word starts of `text`, which has no surrogate (the normalizer notes them as it writes the text). */
export function rememberWordStartsWithoutSurrogates(text: string, starts: Int32Array): void {
  wordStartsMemo.remember(text, starts);
  memoWithoutSurrogates = true;
}

/**
 * The remembered word starts of `text` (see {@link wordStartsOf}) when it has no surrogate, so
 * that each unit is a code point of its own; `undefined` when they are not remembered or it has one.
 */
export function knownWordStartsWithoutSurrogates(text: string): Int32Array | undefined {
  return memoWithoutSurrogates ? wordStartsMemo.get(text) : undefined;
}

/**
 * Offsets in `text` where a word can begin: where the code point before is not a letter, digit
 * or mark (what the terms' `(?<![\p{L}\p{N}\p{M}])` admits), in order. Remembers the last text:
 * every lexicon of a scan walks the same one. The array is valid until the next call with
 * another text, or the next text normalized.
 */
export function wordStartsOf(text: string): Int32Array {
  const known = wordStartsMemo.get(text);
  if (known !== undefined) return known;
  const starts = bufferFor(text.length);
  let count = 0;
  let afterWord = false;
  let surrogate = false;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) surrogate = true;
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      // The second half of a pair: the astral code point decides (an emoji is no letter).
      const high = text.charCodeAt(i - 1);
      if (high >= 0xd800 && high <= 0xdbff) {
        afterWord = isWordCodePointAt(text, i - 1);
        continue;
      }
    }
    if (!afterWord) starts[count++] = i;
    afterWord = unit >= 0xd800 && unit <= 0xdbff ? true : isWordUnit(unit) && !(unit >= 0xdc00 && unit <= 0xdfff);
  }
  const found = starts.subarray(0, count);
  wordStartsMemo.remember(text, found);
  memoWithoutSurrogates = !surrogate;
  return found;
}

/**
 * Whether {@link wordStartsOf} lists `at`, decided from the units around it alone: for scanning a
 * few short windows of a text without a pass over all of it.
 */
export function isWordStartAt(text: string, at: number): boolean {
  if (at === 0) return true;
  const before = text.charCodeAt(at - 1);
  // After a high surrogate: the second half of its pair, or behind a lone one, which counts as a letter.
  if (before >= 0xd800 && before <= 0xdbff) return false;
  return !isWordCodePointBefore(text, at);
}

function bufferFor(length: number): Int32Array {
  if (startsBuffer.length < length) startsBuffer = new Int32Array(Math.max(length, startsBuffer.length * 2));
  return startsBuffer;
}
