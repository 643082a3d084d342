import { SwitchboardError } from './errors.js';

/**
 * The time source. Every time-dependent rule (windows, hold expiry, leases, rate limits) reads
 * the time through a clock so tests and demos can run on virtual time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to; for tests, simulations and the demo. */
export interface VirtualClock extends Clock {
  /** Moves time forward by `ms` (≥ 0) and returns the new time. */
  advance(ms: number): number;
  /** Sets the time; it may not move backwards. */
  set(epochMs: number): void;
}

/**
 * Creates a {@link VirtualClock} starting at `start` (epoch ms or a `Date`).
 * @throws SwitchboardError `INVALID_INPUT` for a negative, non-integer or backwards move.
 */
export function createVirtualClock(start: number | Date = 0): VirtualClock {
  let current = typeof start === 'number' ? start : start.getTime();
  assertEpoch(current, 'start');
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isSafeInteger(ms) || ms < 0) {
        throw new SwitchboardError('INVALID_INPUT', `clock.advance(ms) needs a non-negative integer, got ${String(ms)}`, { field: 'ms' });
      }
      current += ms;
      return current;
    },
    set(epochMs) {
      assertEpoch(epochMs, 'epochMs');
      if (epochMs < current) {
        throw new SwitchboardError('INVALID_INPUT', 'A virtual clock never moves backwards', { field: 'epochMs' });
      }
      current = epochMs;
    },
  };
}

function assertEpoch(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new SwitchboardError('INVALID_INPUT', `${field} must be epoch milliseconds (a non-negative integer), got ${String(value)}`, { field });
  }
}

/** Durations in milliseconds, for readable configuration. */
export const SECOND = 1_000;
/** One minute in milliseconds (60 000). */
export const MINUTE = 60 * SECOND;
/** One hour in milliseconds (3 600 000). */
export const HOUR = 60 * MINUTE;
/** One day (24 hours) in milliseconds (86 400 000); calendar days with DST changes are not modelled. */
export const DAY = 24 * HOUR;
