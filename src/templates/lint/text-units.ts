import { Buffer } from 'node:buffer';
import { TextMemo } from './text-memo.js';

/**
 * The UTF-16 units of the text being scanned, as a typed array. The trie walk and the gate before
 * it read a few units at each of hundreds of word starts; reading them from a `Uint16Array` takes
 * about half the time of `String.prototype.charCodeAt`, which must first find out how the string is
 * stored. The normalizer hands over the units it wrote (no copy); other texts are copied once.
 */

/** The last text whose units were asked for (or handed over by the normalizer, which wrote them), and its units. */
export const unitsMemo = new TextMemo<Uint16Array>();
// Reused from text to text for texts the normalizer did not write, with the same memory as bytes:
// `Buffer.write` copies a string's units in one native call (in the machine's byte order, which
// is little-endian almost everywhere; a big-endian machine copies them one by one).
let copyBuffer = new Uint16Array(1024);
let copyBytes = Buffer.from(copyBuffer.buffer);
/** Whether this machine stores a `Uint16Array`'s units little-endian, as `utf16le` strings are. */
export const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The units of `text` (`units[k] === text.charCodeAt(k)`, and `units.length === text.length`).
 * Remembers the last text. The array is valid until the next call with another text, or the next
 * text normalized: callers read it within one scan and do not keep it.
 */
export function unitsOf(text: string): Uint16Array {
  const known = unitsMemo.get(text);
  if (known !== undefined) return known;
  if (copyBuffer.length < text.length) {
    copyBuffer = new Uint16Array(Math.max(text.length, copyBuffer.length * 2));
    copyBytes = Buffer.from(copyBuffer.buffer);
  }
  if (LITTLE_ENDIAN) copyBytes.write(text, 0, 'utf16le');
  else for (let k = 0; k < text.length; k += 1) copyBuffer[k] = text.charCodeAt(k);
  const units = copyBuffer.subarray(0, text.length);
  unitsMemo.remember(text, units);
  return units;
}
