import { SwitchboardError } from './errors.js';

/**
 * An amount of message credits: a non-negative safe integer. Fractions do not exist; a price of
 * "0.5 credit" is expressed by choosing a smaller unit (e.g. 1 credit = 0.001 of a currency).
 */
export type Credits = number & { readonly __credits: true };

function fail(field: string, value: unknown, why: string): never {
  throw new SwitchboardError('INVALID_AMOUNT', `${field} ${why}, got ${String(value)}`, { field, details: { value: String(value) } });
}

/**
 * Validates a credit amount (zero allowed).
 * @throws SwitchboardError `INVALID_AMOUNT` for negative, fractional, non-finite or unsafe values.
 */
export function credits(value: unknown, field = 'amount'): Credits {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, value, 'must be a finite number of credits');
  if (!Number.isInteger(value)) fail(field, value, 'must be a whole number of credits');
  if (value < 0) fail(field, value, 'must not be negative');
  if (!Number.isSafeInteger(value)) fail(field, value, `must not exceed ${Number.MAX_SAFE_INTEGER}`);
  return value as Credits;
}

/**
 * Validates an amount that moves credits: like {@link credits}, and zero is refused.
 * @throws SwitchboardError `INVALID_AMOUNT`
 */
export function positiveCredits(value: unknown, field = 'amount'): Credits {
  const amount = credits(value, field);
  if (amount === 0) fail(field, value, 'must be greater than zero');
  return amount;
}

/** `a + b`; @throws SwitchboardError `INVALID_AMOUNT` when the sum is no longer a safe integer. */
export function addCredits(a: Credits, b: Credits): Credits {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) fail('sum', sum, `overflows the largest safe amount ${Number.MAX_SAFE_INTEGER}`);
  return sum as Credits;
}

/** `a - b`; @throws SwitchboardError `INVALID_AMOUNT` when the result would be negative. */
export function subtractCredits(a: Credits, b: Credits): Credits {
  if (b > a) fail('difference', a - b, 'would be negative');
  return (a - b) as Credits;
}
