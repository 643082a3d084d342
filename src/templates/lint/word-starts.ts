import { isWordCodePointAt, isWordUnit } from './chars.js';

let memoText: string | undefined;
let memoStarts = new Int32Array(0);
// Reused from text to text: allocating a typed array per text costs about a microsecond.
let startsBuffer = new Int32Array(1024);

/**
 * Offsets in `text` where a word can begin: where the code point before is not a letter, digit
 * or mark (what the terms' `(?<![\p{L}\p{N}\p{M}])` admits), in order. Remembers the last text:
 * every lexicon of a scan walks the same one. The array is valid until the next call with
 * another text.
 */
export function wordStartsOf(text: string): Int32Array {
  if (text === memoText) return memoStarts;
  if (startsBuffer.length < text.length) startsBuffer = new Int32Array(Math.max(text.length, startsBuffer.length * 2));
  const starts = startsBuffer;
  let count = 0;
  let afterWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
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
  memoText = text;
  memoStarts = starts.subarray(0, count);
  return memoStarts;
}
