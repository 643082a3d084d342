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

/**
 * What each UTF-16 code unit is to WhatsApp's parameter rule: {@link LINE_BREAK_OR_TAB}
 * (`\t \n \v \f \r`, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR), {@link SPACE}, or 0. Every
 * code unit has an entry, so a lookup needs no range check; `kind >> 1` is 1 for a space only.
 */
export const PARAMETER_CHARACTER: Uint8Array = new Uint8Array(0x10000);
export const LINE_BREAK_OR_TAB = 1;
export const SPACE = 2;
for (const code of [9, 10, 11, 12, 13, 0x85, 0x2028, 0x2029]) PARAMETER_CHARACTER[code] = LINE_BREAK_OR_TAB;
PARAMETER_CHARACTER[32] = SPACE;

function isLineBreakOrTab(code: number): boolean {
  return PARAMETER_CHARACTER[code] === LINE_BREAK_OR_TAB;
}

/**
 * True when WhatsApp would refuse `text` as a template parameter (error 132018): it contains a
 * line break or tab, or more than {@link MAX_CONSECUTIVE_SPACES} spaces in a row.
 */
export function isInvalidParameterText(text: string): boolean {
  // Branch-free, since spaces and other characters alternate unpredictably: `spaces` is the
  // length of the current run of spaces (any other character resets it to 0), and
  // `(MAX - spaces) >>> 31` is 1 once that run is too long.
  let found = 0;
  let spaces = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const kind = PARAMETER_CHARACTER[text.charCodeAt(i)] ?? 0;
    spaces = (spaces + 1) & -(kind >> 1);
    found |= (kind & LINE_BREAK_OR_TAB) | ((MAX_CONSECUTIVE_SPACES - spaces) >>> 31);
  }
  return found !== 0;
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
