import { invalidPolicyInput } from './errors.js';

/**
 * Values below this are read as Unix **seconds**, not milliseconds: 1e11 ms is 1973-03-03,
 * earlier than any message a CRM will see, while 1e11 s is the year 5138. Meta sends
 * timestamps as strings of seconds (`"1750275992"`); an adapter that forgets to multiply by
 * 1000 would otherwise close every window in 1970.
 */
export const SECONDS_THRESHOLD = 1e11;

/**
 * Normalizes a timestamp to epoch milliseconds.
 *
 * - numbers below {@link SECONDS_THRESHOLD} are seconds and are multiplied by 1000;
 * - fractions of a millisecond are dropped (floor);
 * - `undefined`, `NaN`, infinities, negatives and non-numbers are refused.
 *
 * @throws SwitchboardError `INVALID_INPUT` naming `field`.
 */
export function toEpochMs(value: unknown, field: string): number {
  if (value === undefined || value === null) throw invalidPolicyInput(field, 'a timestamp is required');
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidPolicyInput(field, `expected epoch milliseconds (a non-negative number), got ${describe(value)}`);
  }
  const ms = Math.floor(value < SECONDS_THRESHOLD ? value * 1000 : value);
  if (!Number.isSafeInteger(ms)) throw invalidPolicyInput(field, `timestamp out of range: ${describe(value)}`);
  return ms;
}

/** Like {@link toEpochMs} but passes `undefined` through (for optional stored fields). */
export function toOptionalEpochMs(value: unknown, field: string): number | undefined {
  return value === undefined ? undefined : toEpochMs(value, field);
}

/** Validates a non-negative whole number of milliseconds (a duration or a margin). */
export function toDurationMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidPolicyInput(field, `expected a non-negative whole number of milliseconds, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `the string "${value.slice(0, 32)}"`;
  return value === null ? 'null' : typeof value;
}

/** An ISO-8601 string for messages; never throws (a value past `Date`'s range prints as ms). */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}
