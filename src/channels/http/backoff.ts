/** Exponential backoff settings; all in milliseconds. */
export interface BackoffOptions {
  /** Delay before the first retry (before jitter). Default 500. */
  minDelayMs: number;
  /** Longest delay between two attempts (before jitter). Default 8 000. */
  maxDelayMs: number;
}

/**
 * The delay before retry number `retry` (1-based): `min · 2^(retry−1)`, capped at `max`, then
 * scaled by a jitter factor in [0.5, 1) so that many clients failing together do not retry in
 * lockstep, while never waiting less than half the nominal delay.
 *
 * @param random - a source of numbers in [0, 1); inject a fixed one in tests.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number): number {
  const exponent = Math.max(0, retry - 1);
  const nominal = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(nominal * (0.5 + random() * 0.5));
}
