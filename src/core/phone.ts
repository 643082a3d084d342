import { isSupportedCountry, parsePhoneNumberWithError } from 'libphonenumber-js';
import { SwitchboardError } from './errors.js';

/** A phone number in E.164 form: `+` followed by 8–15 digits, e.g. `+886912345678`. */
export type E164 = string & { readonly __e164: true };

/** How {@link normalizePhone} reads numbers that lack a country code. */
export interface NormalizePhoneOptions {
  /**
   * ISO 3166-1 alpha-2 country used for numbers written without a country code
   * (`0912-345-678` with `TW` → `+886912345678`). Without it such numbers are refused.
   */
  defaultCountry?: string;
}

const E164_RE = /^\+[1-9]\d{7,14}$/;

/** True when `value` is already a syntactically valid E.164 string. */
export function isE164(value: unknown): value is E164 {
  return typeof value === 'string' && E164_RE.test(value);
}

/**
 * Folds the digits people and CRMs actually type into ASCII: fullwidth (０-９, via NFKC),
 * Arabic-Indic (٠-٩), Extended Arabic-Indic (۰-۹) and Devanagari (०-९). Also maps a leading
 * fullwidth plus and `00` international prefix handling is left to the parser.
 */
export function foldDigits(input: string): string {
  let out = '';
  for (const ch of input.normalize('NFKC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x0660 && code <= 0x0669) out += String(code - 0x0660);
    else if (code >= 0x06f0 && code <= 0x06f9) out += String(code - 0x06f0);
    else if (code >= 0x0966 && code <= 0x096f) out += String(code - 0x0966);
    else out += ch;
  }
  return out;
}

/**
 * Normalizes a phone number to E.164.
 *
 * Accepts national and international forms with spaces, dashes, dots, parentheses, fullwidth
 * and non-ASCII digits; `00` and `+` prefixes; WhatsApp `wa_id`s (digits without `+`) when no
 * default country is given.
 *
 * @throws SwitchboardError `INVALID_PHONE` naming the input when it is not a valid number, and
 *   `INVALID_CONFIG` when `defaultCountry` is not a supported ISO country code.
 */
export function normalizePhone(input: unknown, options: NormalizePhoneOptions = {}): E164 {
  if (typeof input !== 'string' && typeof input !== 'number') {
    throw new SwitchboardError('INVALID_PHONE', `A phone number must be a string, got ${input === null ? 'null' : typeof input}`, { field: 'phone' });
  }
  const raw = String(input);
  const country = options.defaultCountry?.toUpperCase();
  if (country !== undefined && !isSupportedCountry(country)) {
    throw new SwitchboardError('INVALID_CONFIG', `defaultCountry "${options.defaultCountry ?? ''}" is not a supported ISO 3166-1 alpha-2 code`, { field: 'defaultCountry' });
  }
  let text = foldDigits(raw).trim();
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  // A bare digit string with no default country is taken as international (WhatsApp wa_id form).
  if (country === undefined && /^\d{8,15}$/.test(text)) text = `+${text}`;
  if (text.length > 64) return invalid(raw, 'is too long to be a phone number');
  if (!/\d/.test(text)) return invalid(raw, 'has no digits');
  try {
    const parsed = parsePhoneNumberWithError(text, country === undefined ? undefined : { defaultCountry: country });
    if (!parsed.isValid()) return invalid(raw, 'is not a valid number for its country');
    const e164 = parsed.number;
    if (!E164_RE.test(e164)) return invalid(raw, 'is not a valid E.164 number');
    return e164 as E164;
  } catch (cause) {
    const why = cause instanceof Error && cause.message === 'INVALID_COUNTRY'
      ? 'has no country code (pass defaultCountry)'
      : 'could not be parsed';
    return invalid(raw, why, cause);
  }
}

function invalid(raw: string, why: string, cause?: unknown): never {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  throw new SwitchboardError('INVALID_PHONE', `Phone number "${shown}" ${why}`, {
    field: 'phone',
    remedy: 'fix_input',
    details: { input: shown },
    ...(cause === undefined ? {} : { cause }),
  });
}
