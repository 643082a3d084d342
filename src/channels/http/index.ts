/**
 * The shared HTTP layer for channel adapters (internal): ky for transport (`retry: 0`), p-retry
 * for the policy, classified retries, capped `Retry-After`, jitter, rate limiting, and detection
 * of sends whose outcome is unknown.
 */
export { createHttpClient } from './http-client.js';
export type { HttpClient, HttpClientConfig, HttpRequest, RequestRateLimit, RetryPolicy } from './http-client.js';
export { classifyByStatus } from './classify.js';
export type { ProviderResponse, ResponseClassifier, ResponseFailure } from './classify.js';
export type { HttpErrorCode } from './errors.js';
export { parseRetryAfter } from './retry-after.js';
export { backoffDelay } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { transportOutcome } from './transport.js';
export type { TransportOutcome } from './transport.js';
