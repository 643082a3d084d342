/**
 * Rate limiting for provider requests (internal; adapters import it, the facade re-exports the
 * port for hosts that share a limiter between instances).
 */
export type { RateLimit, RateLimitDecision, RateLimiter } from './rate-limiter.js';
export { createMemoryRateLimiter } from './memory-rate-limiter.js';
export type { MemoryRateLimiterOptions } from './memory-rate-limiter.js';
export { acquireToken } from './acquire.js';
export type { AcquireOptions, RateLimitErrorCode } from './acquire.js';
export { abortableSleep } from './sleep.js';
export type { Sleep } from './sleep.js';
