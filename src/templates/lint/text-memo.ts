/**
 * What one pass learned about the last text it read, kept for the passes after it: the
 * normalizer notes a text's word starts, sentence starts and units as it writes the text, and the
 * scans that read the same text later find them here instead of computing them again.
 *
 * The text and its value are replaced together, so a memo never describes another text. A value
 * that lives in a buffer its owner rewrites (the normalizer's scratch arrays) must be forgotten
 * before the rewrite: the normalizer calls {@link TextMemo.forget} on each memo before it writes
 * the next text.
 */
export class TextMemo<T> {
  private text: string | undefined;
  private value: T | undefined;

  /** The value remembered for `text`, or `undefined` when the memo holds another text (or none). */
  get(text: string): T | undefined {
    return text === this.text ? this.value : undefined;
  }

  /** Remembers `value` for `text`; it must stay unchanged until {@link forget} is called or another text is remembered. */
  remember(text: string, value: T): void {
    this.text = text;
    this.value = value;
  }

  /** Forgets the remembered text (its value is about to be rewritten, or no longer holds). */
  forget(): void {
    this.text = undefined;
    this.value = undefined;
  }
}
