import { Buffer } from 'node:buffer';

/**
 * The UTF-16 units of the text being scanned, as a typed array. The trie walk and the gate before
 * it read a few units at each of hundreds of word starts; reading them from a `Uint16Array` takes
 * about half the time of `String.prototype.charCodeAt`, which must first find out how the string is
 * stored. The normalizer hands over the units it wrote (no copy); other texts are copied once.
 */

// The last text whose units were asked for (or handed over by the normalizer), and its units.
// Both are replaced together, so the memo never describes another text.
let memoText: string | undefined;
let memoUnits: Uint16Array = new Uint16Array(0);
// Reused from text to text for texts the normalizer did not write, with the same memory as bytes:
// `Buffer.write` copies a string's units in one native call (in the machine's byte order, which
// is little-endian almost everywhere; a big-endian machine copies them one by one).
let copyBuffer = new Uint16Array(1024);
let copyBytes = Buffer.from(copyBuffer.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The units of `text` (`units[k] === text.charCodeAt(k)`, and `units.length === text.length`).
 * Remembers the last text. The array is valid until the next call with another text, or the next
 * text normalized: callers read it within one scan and do not keep it.
 */
export function unitsOf(text: string): Uint16Array {
  if (text === memoText) return memoUnits;
  if (copyBuffer.length < text.length) {
    copyBuffer = new Uint16Array(Math.max(text.length, copyBuffer.length * 2));
    copyBytes = Buffer.from(copyBuffer.buffer);
  }
  if (LITTLE_ENDIAN) copyBytes.write(text, 0, 'utf16le');
  else for (let k = 0; k < text.length; k += 1) copyBuffer[k] = text.charCodeAt(k);
  memoText = text;
  memoUnits = copyBuffer.subarray(0, text.length);
  return memoUnits;
}

/**
 * Forgets the remembered text. The text normalizer calls it before it overwrites the buffer it
 * hands to {@link rememberUnits}, so the memo never points at units being rewritten.
 */
export function forgetUnits(): void {
  memoText = undefined;
}

/**
 * Records `units` as the units of `text`, for the text normalizer: it wrote them, and spares the
 * scan a copy. `units` must stay unchanged until {@link forgetUnits} is called.
 */
export function rememberUnits(text: string, units: Uint16Array): void {
  memoText = text;
  memoUnits = units;
}
