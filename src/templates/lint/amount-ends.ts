/**
 * Where an amount can end: the places the terms' `#` (`NUMBER | \{\{[a-z0-9_]{1,64}\}\}`, see
 * `term-pattern.ts`) can stop at a position, in the order the regex engine tries them, for the
 * term matchers to go on from.
 */

const SPACE_UNIT = 0x20;
const isDigit = (unit: number): boolean => unit >= 0x30 && unit <= 0x39;
const CURRENCY_UNITS = new Set(Array.from('$€£¥₽₺₹₸₴', (ch) => ch.charCodeAt(0)));
const R = 0x72;

// The last answer, and what it was for.
let endsText: string | undefined;
let endsAt = -1;
let endsFound: number[] = [];

/**
 * The places an amount starting at `at` can end, each once, in the order the engine tries them
 * (a place met again later adds nothing: what follows it fails or matches the same way).
 * Remembers the last text and position, which every amount-led term proposed there asks about.
 */
export function amountEnds(text: string, at: number): readonly number[] {
  if (at === endsAt && text === endsText) return endsFound;
  const ends: number[] = [];
  const unit = text.charCodeAt(at);
  // (?:[$€…] ?|r\$ ?|rp ?|rs ?)? — the prefix first (with its space, then without), then none.
  let prefix = 0;
  if (CURRENCY_UNITS.has(unit)) prefix = 1;
  else if (unit === R) {
    const second = text.charCodeAt(at + 1);
    if (second === 0x24 || second === 0x70 || second === 0x73) prefix = 2;
  }
  if (prefix > 0) {
    if (text.charCodeAt(at + prefix) === SPACE_UNIT) digits(text, at + prefix + 1, ends);
    digits(text, at + prefix, ends);
  }
  digits(text, at, ends);
  variable(text, at, ends);
  endsText = text;
  endsAt = at;
  endsFound = ends;
  return ends;
}

function addEnd(ends: number[], end: number): void {
  if (!ends.includes(end)) ends.push(end);
}

/** `\d{1,3}` (longest first), then the thousands groups. */
function digits(text: string, at: number, ends: number[]): void {
  let count = 0;
  while (count < 3 && isDigit(text.charCodeAt(at + count))) count += 1;
  for (let taken = count; taken >= 1; taken -= 1) thousands(text, at + taken, 0, ends);
}

const threeDigits = (text: string, at: number): boolean => isDigit(text.charCodeAt(at)) && isDigit(text.charCodeAt(at + 1)) && isDigit(text.charCodeAt(at + 2));
const isGroupSeparator = (unit: number): boolean => unit === SPACE_UNIT || unit === 0x2e || unit === 0x2c;

/** `(?:[ .,]?\d{3}){0,3}`: another group (with a separator, then without) before stopping. */
function thousands(text: string, at: number, groups: number, ends: number[]): void {
  if (groups < 3) {
    if (isGroupSeparator(text.charCodeAt(at)) && threeDigits(text, at + 1)) thousands(text, at + 4, groups + 1, ends);
    if (threeDigits(text, at)) thousands(text, at + 3, groups + 1, ends);
  }
  decimals(text, at, ends);
}

/** `(?:[.,]\d{1,2})?`: two decimals, one, then none. */
function decimals(text: string, at: number, ends: number[]): void {
  const unit = text.charCodeAt(at);
  if ((unit === 0x2e || unit === 0x2c) && isDigit(text.charCodeAt(at + 1))) {
    if (isDigit(text.charCodeAt(at + 2))) currencySuffix(text, at + 3, ends);
    currencySuffix(text, at + 2, ends);
  }
  currencySuffix(text, at, ends);
}

/** The length of `[$€…]|tl|rp` at `at`, or 0. */
function currencyAt(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  if (CURRENCY_UNITS.has(unit)) return 1;
  const second = text.charCodeAt(at + 1);
  return (unit === 0x74 && second === 0x6c) || (unit === R && second === 0x70) ? 2 : 0;
}

/** `(?: ?(?:[$€…]|tl|rp))?`: with a space, without, then none. */
function currencySuffix(text: string, at: number, ends: number[]): void {
  if (text.charCodeAt(at) === SPACE_UNIT) {
    const width = currencyAt(text, at + 1);
    if (width > 0) addEnd(ends, at + 1 + width);
  }
  const width = currencyAt(text, at);
  if (width > 0) addEnd(ends, at + width);
  addEnd(ends, at);
}

const isNameUnit = (unit: number): boolean => isDigit(unit) || (unit >= 0x61 && unit <= 0x7a) || unit === 0x5f;

/** `\{\{[a-z0-9_]{1,64}\}\}`: the name is taken whole (`}` cannot be part of it). */
function variable(text: string, at: number, ends: number[]): void {
  if (text.charCodeAt(at) !== 0x7b || text.charCodeAt(at + 1) !== 0x7b) return;
  let end = at + 2;
  while (end - at - 2 < 64 && isNameUnit(text.charCodeAt(end))) end += 1;
  if (end === at + 2 || text.charCodeAt(end) !== 0x7d || text.charCodeAt(end + 1) !== 0x7d) return;
  addEnd(ends, end + 2);
}
