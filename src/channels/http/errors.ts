/**
 * Error codes raised by the shared HTTP layer. Adapters add their own provider codes through the
 * response classifier (for example `WHATSAPP_WINDOW_CLOSED`).
 *
 * - `SEND_OUTCOME_UNKNOWN`: the request may have reached the provider but no answer came
 *   (timeout after sending, connection lost, gateway timeout, cancelled mid-flight). `retryable`
 *   is true only for idempotent requests (a retry with the same key cannot duplicate).
 * - `NETWORK_ERROR`: the request certainly did not reach the provider (DNS, connection refused);
 *   retryable.
 * - `PROVIDER_HTTP_ERROR`: a non-2xx answer the classifier had no better code for.
 * - `INVALID_PROVIDER_RESPONSE`: a 2xx answer whose body is not what the adapter expects.
 * - `RATE_LIMITED`: the local rate limiter would have waited longer than allowed.
 * - `ABORTED`: the caller's signal fired before the request was sent.
 */
export type HttpErrorCode =
  | 'SEND_OUTCOME_UNKNOWN'
  | 'NETWORK_ERROR'
  | 'PROVIDER_HTTP_ERROR'
  | 'INVALID_PROVIDER_RESPONSE'
  | 'RATE_LIMITED'
  | 'ABORTED';
