/**
 * How record values become text, and how parameter text is made acceptable to WhatsApp.
 * Both run per render, so they are plain loops without regular expressions.
 */

/** A value that has no text form (a plain object, a function, a symbol). */
export const UNSUPPORTED_VALUE: unique symbol = Symbol('switchboard.unsupportedValue');

/**
 * The default text form of a record value:
 * - strings as they are; numbers and bigints with `String()` (`1234.5`, no grouping or locale);
 * - booleans as `true` / `false`; `Date`s as ISO 8601 in UTC (`2026-05-01T09:30:00.000Z`);
 * - arrays as their formatted items joined with `, ` (empty items skipped);
 * - `null`, `undefined`, `NaN`, `±Infinity`, invalid dates and empty arrays are *missing*
 *   (`undefined` is returned);
 * - anything else (plain objects, functions, symbols) is {@link UNSUPPORTED_VALUE}.
 *
 * Values are never HTML-escaped: chat messages are plain text.
 */
export function formatValue(value: unknown): string | undefined | typeof UNSUPPORTED_VALUE {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'undefined':
      return undefined;
    case 'object':
      if (value === null) return undefined;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
      if (Array.isArray(value)) return formatList(value);
      return UNSUPPORTED_VALUE;
    default:
      return UNSUPPORTED_VALUE;
  }
}

function formatList(items: readonly unknown[]): string | undefined | typeof UNSUPPORTED_VALUE {
  let out: string | undefined;
  for (const item of items) {
    const text = formatValue(item);
    if (text === UNSUPPORTED_VALUE) return UNSUPPORTED_VALUE;
    if (text === undefined || isBlank(text)) continue;
    out = out === undefined ? text : `${out}, ${text}`;
  }
  return out;
}

/** True for an empty or whitespace-only string. */
export function isBlank(text: string): boolean {
  // Fast path: most values start and end with a visible character.
  if (text.length > 0 && text.charCodeAt(0) > 32 && text.charCodeAt(text.length - 1) > 32) return false;
  return text.trim() === '';
}

/** Spaces in a row WhatsApp accepts inside a template parameter (error 132018 above this). */
export const MAX_CONSECUTIVE_SPACES = 4;

function isLineBreakOrTab(code: number): boolean {
  // \t \n \v \f \r, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR
  return (code >= 9 && code <= 13) || code === 0x85 || code === 0x2028 || code === 0x2029;
}

/**
 * True when WhatsApp would refuse `text` as a template parameter (error 132018): it contains a
 * line break or tab, or more than {@link MAX_CONSECUTIVE_SPACES} spaces in a row.
 */
export function isInvalidParameterText(text: string): boolean {
  let spaces = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Most characters are visible and below U+0085: one comparison pair decides them.
    if (code > 32 && code < 0x85) {
      spaces = 0;
    } else if (code === 32) {
      if (++spaces > MAX_CONSECUTIVE_SPACES) return true;
    } else if (isLineBreakOrTab(code)) {
      return true;
    } else {
      spaces = 0;
    }
  }
  return false;
}

/**
 * A conservative one-pass check for the common case: true when `text` starts and ends with a
 * visible character (so it is not blank) and WhatsApp accepts it as a parameter as it is.
 * `false` says nothing: the caller checks blankness and validity separately.
 */
export function isReadyParameterText(text: string): boolean {
  const last = text.length - 1;
  return last >= 0 && text.charCodeAt(0) > 32 && text.charCodeAt(last) > 32 && !isInvalidParameterText(text);
}

/**
 * Makes `text` acceptable as a WhatsApp template parameter: every run of spaces that contains a
 * line break or tab, or is longer than four spaces, becomes one space. Shorter runs of plain
 * spaces are kept. Returns `text` itself when nothing needs fixing.
 */
export function sanitizeParameterText(text: string): string {
  if (!isInvalidParameterText(text)) return text;
  let out = '';
  let runStart = -1;
  let runHasBreak = false;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : -1;
    const breakOrTab = code !== -1 && isLineBreakOrTab(code);
    if (code === 32 || breakOrTab) {
      if (runStart === -1) {
        runStart = i;
        runHasBreak = false;
      }
      if (breakOrTab) runHasBreak = true;
      continue;
    }
    if (runStart !== -1) {
      out += runHasBreak || i - runStart > MAX_CONSECUTIVE_SPACES ? ' ' : text.slice(runStart, i);
      runStart = -1;
    }
    if (code !== -1) out += text.charAt(i);
  }
  return out;
}
