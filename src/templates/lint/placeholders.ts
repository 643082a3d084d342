import { isWordUnit } from './chars.js';

/** A `{{...}}` occurrence in template text. */
export interface Placeholder {
  /** The name inside the braces, trimmed (`1`, `first_name`). */
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** False when the inside is not a valid name (spaces, capitals, punctuation). */
  readonly valid: boolean;
  readonly positional: boolean;
}

const PLACEHOLDER = /\{\{([^{}\n]{0,80})\}\}/gu;
const POSITIONAL = /^[1-9]\d{0,2}$/u;
const NAMED = /^[a-z][a-z0-9_]{0,63}$/u;
const STRAY_BRACES = /\{\{|\}\}/gu;

/** Every placeholder in `text`, in order. */
export function findPlaceholders(text: string): Placeholder[] {
  if (!text.includes('{{')) return [];
  const out: Placeholder[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const inner = m[1] ?? '';
    const positional = POSITIONAL.test(inner);
    out.push({ name: inner.trim(), start: m.index, end: m.index + m[0].length, valid: positional || NAMED.test(inner), positional });
  }
  return out;
}

/** Offsets of `{{` or `}}` that do not belong to a well-formed placeholder (mismatched braces). */
export function findStrayBraces(text: string): number[] {
  if (!text.includes('{{') && !text.includes('}}')) return [];
  const blanked = text.replace(PLACEHOLDER, (m) => ' '.repeat(m.length));
  return [...blanked.matchAll(STRAY_BRACES)].map((m) => m.index);
}

const DENSE_FROM = 0x0e00;

/** Thai, kana and CJK ideographs: scripts written without spaces between words. */
function isDense(unit: number): boolean {
  return (unit >= 0x0e00 && unit <= 0x0e7f) || (unit >= 0x3040 && unit <= 0x30ff) || (unit >= 0x3400 && unit <= 0x4dbf) || (unit >= 0x4e00 && unit <= 0x9fff) || (unit >= 0xf900 && unit <= 0xfaff);
}

/**
 * Words of static text, placeholders excluded. Scripts written without spaces (Chinese,
 * Japanese, Thai) count one word per two characters, the usual average word length.
 */
export function countStaticWords(text: string): number {
  const plain = text.includes('{{') ? text.replace(PLACEHOLDER, ' ') : text;
  let words = 0;
  let dense = 0;
  let inWord = false;
  for (let i = 0; i < plain.length; i += 1) {
    const unit = plain.charCodeAt(i);
    if (unit >= DENSE_FROM && isDense(unit)) {
      dense += 1;
      inWord = false;
    } else if (isWordUnit(unit)) {
      if (!inWord) words += 1;
      inWord = true;
    } else {
      inWord = false;
    }
  }
  return words + Math.ceil(dense / 2);
}
