import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { RateLimit, RateLimitDecision, RateLimiter } from './rate-limiter.js';

/** Options of {@link createMemoryRateLimiter}; both optional. */
export interface MemoryRateLimiterOptions {
  /** Time source; inject a virtual clock in tests. */
  clock?: Clock;
  /** Buckets untouched for this long are forgotten (they would be full again). Default 10 min. */
  idleTtlMs?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  refillPerMs: number;
  capacity: number;
}

/**
 * An in-process token bucket per key, refilled lazily on each `take` (no timers). Suitable for a
 * single instance; see {@link RateLimiter} for sharing a budget between instances.
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const clock = options.clock ?? systemClock;
  const idleTtlMs = options.idleTtlMs ?? 10 * 60_000;
  const buckets = new Map<string, Bucket>();
  let lastSweep = clock.now();

  function sweep(now: number): void {
    if (now - lastSweep < idleTtlMs) return;
    lastSweep = now;
    for (const [key, bucket] of buckets) {
      if (now - bucket.updatedAt >= idleTtlMs) buckets.delete(key);
    }
  }

  return {
    take(key: string, limit: RateLimit, cost = 1): Promise<RateLimitDecision> {
      const now = clock.now();
      sweep(now);
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = { tokens: limit.tokens, updatedAt: now, refillPerMs: limit.tokens / limit.intervalMs, capacity: limit.tokens };
        buckets.set(key, bucket);
      } else {
        const elapsed = Math.max(0, now - bucket.updatedAt);
        bucket.tokens = Math.min(bucket.capacity, bucket.tokens + elapsed * bucket.refillPerMs);
        bucket.updatedAt = now;
      }
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return Promise.resolve({ granted: true });
      }
      const missing = cost - bucket.tokens;
      return Promise.resolve({ granted: false, retryAfterMs: Math.max(1, Math.ceil(missing / bucket.refillPerMs)) });
    },
  };
}
