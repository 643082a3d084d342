import { TextMemo } from './text-memo.js';

/**
 * Where sentences start in normalized text: at 0, after a run of sentence-ending punctuation
 * (`. ! ? 。 ！ ？ …`) that a space, a line break or the end follows, and after each line break
 * or semicolon. Findings in one sentence are judged together (a state report, weak signals that
 * corroborate each other).
 */
const SENTENCE_END = /[.!?。！？…]+(?=\s|$)|[\n;；]/gu;

/** The last text whose sentence starts the normalizer noted while it wrote it (what {@link sentenceStartsByRegex} would find), and those starts. */
export const sentenceStartsMemo = new TextMemo<readonly number[]>();

/** The sentence starts of `text`, ascending (the first is 0). */
export function sentenceStartsOf(text: string): readonly number[] {
  return sentenceStartsMemo.get(text) ?? sentenceStartsByRegex(text);
}

/** {@link sentenceStartsOf} by its regex alone: the reference the normalizer's notes are tested against. */
export function sentenceStartsByRegex(text: string): number[] {
  const starts = [0];
  // `test` moves `lastIndex` to the end of each match without building a match array.
  SENTENCE_END.lastIndex = 0;
  while (SENTENCE_END.test(text)) starts.push(SENTENCE_END.lastIndex);
  return starts;
}

/** Sentence-ending punctuation (`SENTENCE_END`'s first class) as UTF-16 units. */
export const isSentencePunctuationUnit = (unit: number): boolean =>
  unit === 0x2e || unit === 0x21 || unit === 0x3f || unit === 0x3002 || unit === 0xff01 || unit === 0xff1f || unit === 0x2026;

/** A unit that ends a sentence by itself: a line break or a semicolon. */
export const isSentenceBreakUnit = (unit: number): boolean => unit === 0x0a || unit === 0x3b || unit === 0xff1b;
