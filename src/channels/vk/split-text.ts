/** The longest text VK accepts in one message (ru docs: 4096 characters; error 914 above). */
export const VK_MAX_TEXT_LENGTH = 4096;

/**
 * Splits `text` into parts of at most `limit` UTF-16 code units, preferring to cut after a line
 * break, then after whitespace, and never inside a surrogate pair. Joining the parts gives the
 * original text back exactly.
 */
export function splitVkText(text: string, limit = VK_MAX_TEXT_LENGTH): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = lastBreak(rest, limit, '\n');
    if (cut === 0) cut = lastBreak(rest, limit, ' ');
    if (cut === 0) {
      cut = limit;
      // Never leave a lone high surrogate at the end of a part.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd8_00 && code <= 0xdb_ff && cut > 1) cut -= 1;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** Cut position just after the last `separator` within the first `limit` units, if past the middle. */
function lastBreak(text: string, limit: number, separator: string): number {
  const index = text.lastIndexOf(separator, limit - 1);
  return index >= limit / 2 ? index + 1 : 0;
}
