import { SwitchboardError } from '../../core/errors.js';
import type { HttpErrorCode } from './errors.js';

/** A provider's answer, as the classifier and the caller see it. */
export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** The body parsed as JSON; the raw text when it is not JSON; `undefined` when empty. */
  body: unknown;
  /** `Retry-After` in milliseconds, when the provider sent a parseable one. */
  retryAfterMs?: number;
}

/**
 * A failed answer: the typed error to raise, and whether the provider may nevertheless have
 * acted on the request (a gateway timeout in front of it, for example).
 */
export interface ResponseFailure {
  error: SwitchboardError;
  maybeProcessed?: boolean;
}

/**
 * Decides whether a provider answer is a success (`undefined`) or a failure. Adapters supply
 * their own to map provider error bodies (Graph `error.code`, VK `error_code` in a 200 body) to
 * typed errors with `retryable` and `retryAfterMs` set; the HTTP client retries exactly the
 * failures marked `retryable`.
 */
export type ResponseClassifier = (response: ProviderResponse) => ResponseFailure | undefined;

/**
 * The default classifier: 2xx succeeds; 408, 425, 429 and 5xx are retryable; 502 and 504 (a
 * gateway gave up waiting for the provider) may have been processed; everything else is final.
 */
export function classifyByStatus(provider: string): ResponseClassifier {
  return (response) => {
    if (response.status >= 200 && response.status < 300) return undefined;
    const retryable = response.status === 408 || response.status === 425 || response.status === 429 || response.status >= 500;
    return {
      error: new SwitchboardError<HttpErrorCode>('PROVIDER_HTTP_ERROR', `${provider} answered HTTP ${response.status}`, {
        provider,
        retryable,
        ...(response.retryAfterMs === undefined ? {} : { retryAfterMs: response.retryAfterMs }),
        ...(retryable ? { remedy: 'retry_later' as const } : {}),
        details: { status: response.status },
      }),
      maybeProcessed: response.status === 502 || response.status === 504,
    };
  };
}
