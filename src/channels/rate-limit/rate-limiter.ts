/**
 * A rate limit: at most `tokens` requests per `intervalMs`, refilled continuously (a token
 * bucket whose capacity is `tokens`, so a quiet key may burst up to `tokens` at once).
 *
 * @example WhatsApp throughput and pair rate
 * ```ts
 * const perNumber: RateLimit = { tokens: 80, intervalMs: 1_000 };
 * const perRecipient: RateLimit = { tokens: 1, intervalMs: 6_000 };
 * ```
 */
export interface RateLimit {
  tokens: number;
  intervalMs: number;
}

/** The answer to one {@link RateLimiter.take}: granted, or when to ask again. */
export type RateLimitDecision = { granted: true } | { granted: false; retryAfterMs: number };

/**
 * The rate-limiter port. The memory implementation ({@link createMemoryRateLimiter}) serves one
 * process; a host running several instances against one provider account plugs in a shared one
 * (Redis, its database) so that the instances share the provider's budget.
 *
 * Contract for implementations:
 * - `take` is atomic per key: two concurrent callers never both receive the last token;
 * - it never waits: it grants now or says how long until a token is free (`retryAfterMs` > 0);
 * - the same key may be used with one limit only (callers key by limit, e.g. `wa:pair:<id>:<to>`).
 */
export interface RateLimiter {
  /**
   * Takes `cost` tokens (default 1) from the bucket of `key`, sized by `limit`: grants them now,
   * or refuses with `retryAfterMs` (> 0), the time until enough tokens are back. Never waits.
   */
  take(key: string, limit: RateLimit, cost?: number): Promise<RateLimitDecision>;
}
