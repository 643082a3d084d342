import { SwitchboardError } from '../../core/errors.js';
import type { RateLimit, RateLimitDecision, RateLimiter } from './rate-limiter.js';
import type { Sleep } from './sleep.js';
import { abortableSleep } from './sleep.js';

/** Error codes raised while waiting for a rate-limit token. */
export type RateLimitErrorCode = 'RATE_LIMITED' | 'RATE_LIMITER_UNAVAILABLE' | 'ABORTED';

export interface AcquireOptions {
  /** Give up (with `RATE_LIMITED`) rather than wait longer than this in total. Default: wait. */
  maxWaitMs?: number;
  signal?: AbortSignal;
  /** How to wait; defaults to a timer. Tests inject a sleep that advances a virtual clock. */
  sleep?: Sleep;
}

/** Refusals in a row, each asking the same wait, after which the injected sleep is taken to let no time pass. */
const MAX_CONSECUTIVE_REFUSALS = 10_000;

/**
 * Waits until `limiter` grants a token for `key`.
 *
 * @throws SwitchboardError `RATE_LIMITED` (retryable, with `retryAfterMs`) when the wait would
 *   exceed `maxWaitMs`; `RATE_LIMITER_UNAVAILABLE` (retryable) when the limiter itself fails
 *   (e.g. a shared limiter's backing store is down) — nothing was sent, so the send may be retried;
 *   `ABORTED` when `signal` fires.
 */
export async function acquireToken(limiter: RateLimiter, key: string, limit: RateLimit, options: AcquireOptions = {}): Promise<void> {
  const sleep = options.sleep ?? abortableSleep;
  let waited = 0;
  let stalled = 0;
  let lastRetryAfter = Number.NaN;
  for (;;) {
    const decision = await take(limiter, key, limit);
    if (decision.granted) return;
    // While time passes, the wait the limiter asks for shrinks. The same wait asked thousands of
    // times in a row means time does not pass while we "sleep" (an injected no-op sleep over a
    // frozen test clock): fail with a typed, retryable error instead of spinning forever.
    stalled = decision.retryAfterMs === lastRetryAfter ? stalled + 1 : 0;
    lastRetryAfter = decision.retryAfterMs;
    if (stalled > MAX_CONSECUTIVE_REFUSALS) {
      throw new SwitchboardError<RateLimitErrorCode>('RATE_LIMITED', `Rate limit for "${key}" never granted a token after ${MAX_CONSECUTIVE_REFUSALS} waits; does the injected sleep let the clock move?`, {
        retryable: true, retryAfterMs: decision.retryAfterMs, remedy: 'retry_later', details: { key, limit },
      });
    }
    if (options.maxWaitMs !== undefined && waited + decision.retryAfterMs > options.maxWaitMs) {
      throw new SwitchboardError<RateLimitErrorCode>('RATE_LIMITED', `Rate limit for "${key}" (${limit.tokens} per ${limit.intervalMs} ms) would need a wait of ${decision.retryAfterMs} ms`, {
        retryable: true,
        retryAfterMs: decision.retryAfterMs,
        remedy: 'retry_later',
        details: { key, limit },
      });
    }
    await sleep(decision.retryAfterMs, options.signal);
    waited += decision.retryAfterMs;
  }
}

async function take(limiter: RateLimiter, key: string, limit: RateLimit): Promise<RateLimitDecision> {
  try {
    return await limiter.take(key, limit);
  } catch (error) {
    if (error instanceof SwitchboardError && error.retryable) throw error;
    throw new SwitchboardError<RateLimitErrorCode>('RATE_LIMITER_UNAVAILABLE', `The rate limiter failed for "${key}"; nothing was sent`, {
      cause: error, retryable: true, remedy: 'retry_later', details: { key },
    });
  }
}
