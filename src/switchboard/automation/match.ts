import { foldKeywordText } from '../../policy/consent-keyword.js';
import type { Message } from '../../model/message.js';

/** Scripts written without spaces between words: keywords there match as substrings. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const NON_WORD = /[^\p{L}\p{N}\p{M}]+/u;

/** Longest text a regex rule is tested on (bounds the cost of a slow pattern). */
export const MAX_MATCHED_TEXT = 4096;

/** A keyword list folded once, for repeated matching. */
export interface KeywordMatcher {
  /** The first keyword (as configured) found in the text, or undefined. */
  find(text: string): string | undefined;
}

/**
 * Whole-word, case-, width- and accent-insensitive keyword matching in any language: `Цена?`
 * matches `цена`, `ＰＲＩＣＥ` matches `price`, `price list` matches as a phrase; `prices` does
 * not match `price`. In scripts without spaces (Chinese, Japanese, Thai) keywords match as
 * substrings.
 */
export function keywordMatcher(keywords: readonly string[]): KeywordMatcher {
  const prepared = keywords
    .map((keyword) => {
      const folded = foldKeywordText(keyword);
      return { keyword, folded, unspaced: UNSPACED.test(folded), tokens: tokensOf(folded) };
    })
    .filter((k) => k.folded !== '');
  return {
    find(text) {
      const folded = foldKeywordText(text);
      if (folded === '') return undefined;
      const words = tokensOf(folded);
      for (const k of prepared) {
        if (k.unspaced ? folded.includes(k.folded) : containsRun(words, k.tokens)) return k.keyword;
      }
      return undefined;
    },
  };
}

/** The words of already folded text. */
function tokensOf(folded: string): string[] {
  return folded.split(NON_WORD).filter((t) => t !== '');
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  if (run.length === 0 || run.length > words.length) return false;
  for (let start = 0; start + run.length <= words.length; start++) {
    if (run.every((word, i) => words[start + i] === word)) return true;
  }
  return false;
}

/** The text a customer typed, for matching: text, a media caption or a button's title. */
export function messageText(message: Message): string | undefined {
  const content = message.content;
  switch (content.type) {
    case 'text':
      return content.text;
    case 'media':
      return content.text;
    case 'interactive_reply':
      return content.title;
    default:
      return undefined;
  }
}
