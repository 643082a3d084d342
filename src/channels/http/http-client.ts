import ky, { isTimeoutError } from 'ky';
import pRetry, { AbortError } from 'p-retry';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { SwitchboardError, isSwitchboardError } from '../../core/errors.js';
import type { RateLimit, RateLimiter } from '../rate-limit/rate-limiter.js';
import { acquireToken } from '../rate-limit/acquire.js';
import type { Sleep } from '../rate-limit/sleep.js';
import { abortableSleep } from '../rate-limit/sleep.js';
import { backoffDelay } from './backoff.js';
import type { ProviderResponse, ResponseClassifier, ResponseFailure } from './classify.js';
import { classifyByStatus } from './classify.js';
import type { HttpErrorCode } from './errors.js';
import { parseRetryAfter } from './retry-after.js';
import { transportOutcome } from './transport.js';

/** Retry policy; every field optional with the default shown. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 3. */
  retries?: number | undefined;
  /** First backoff delay. Default 500 ms. */
  minDelayMs?: number | undefined;
  /** Longest backoff delay. Default 8 000 ms. */
  maxDelayMs?: number | undefined;
  /**
   * The longest `Retry-After` honoured inside one call. A longer one ends the call with the
   * retryable error and its `retryAfterMs`, so the caller (the outbox) reschedules instead of
   * holding a request open. Default 30 000 ms.
   */
  maxRetryAfterMs?: number | undefined;
  /** Upper bound on the whole retry loop. Default 60 000 ms. */
  maxRetryTimeMs?: number | undefined;
}

/** Configuration for {@link createHttpClient}; adapters validate their own config first. */
export interface HttpClientConfig {
  /** Provider name for errors (`whatsapp`, `vk`). */
  provider: string;
  /** Base URL every request path is resolved against; keep a trailing slash. */
  baseUrl: string;
  /** Headers sent with every request (e.g. `authorization`). Never copied into errors or logs. */
  headers?: Record<string, string>;
  /** Per-attempt timeout until response headers arrive. Default 15 000 ms. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Maps provider answers to typed errors; default {@link classifyByStatus}. */
  classify?: ResponseClassifier;
  /** Rate limiter consulted before every attempt (memory or a shared one). */
  rateLimiter?: RateLimiter;
  /** A custom fetch (a proxy, a test double); defaults to the global `fetch` at call time. */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** How to wait between attempts. Default: timers. */
  sleep?: Sleep;
  /** Used to interpret HTTP-date `Retry-After` values. Default: system clock. */
  clock?: Clock;
}

/** A rate limit to pass before each attempt of one request. */
export interface RequestRateLimit {
  key: string;
  limit: RateLimit;
  /** Fail with `RATE_LIMITED` rather than wait longer than this. Default: wait. */
  maxWaitMs?: number;
}

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path relative to the base URL, without a leading slash (`123/messages`). */
  path: string;
  searchParams?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`). */
  form?: URLSearchParams;
  /**
   * Whether repeating the request cannot duplicate its effect (a GET, or a send carrying an
   * idempotency key the provider honours). Ambiguous failures are retried only when true;
   * otherwise they end the call with `SEND_OUTCOME_UNKNOWN`.
   */
  idempotent: boolean;
  signal?: AbortSignal;
  rateLimits?: readonly RequestRateLimit[];
}

/** The shared HTTP client adapters send through. */
export interface HttpClient {
  /**
   * Sends a request with rate limiting, timeouts and classified retries, and returns the
   * provider's successful answer.
   *
   * Guarantees: at most `retries + 1` attempts; only failures whose error is `retryable` are
   * retried, after an exponential, jittered delay or the provider's `Retry-After` (whichever is
   * longer); a request that may have reached the provider is never repeated unless `idempotent`.
   *
   * @throws SwitchboardError — the classifier's error for a failed answer; `SEND_OUTCOME_UNKNOWN`,
   *   `NETWORK_ERROR`, `RATE_LIMITED` or `ABORTED` (see {@link HttpErrorCode}).
   */
  request(request: HttpRequest): Promise<ProviderResponse>;
}

const DEFAULTS = { retries: 3, minDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000, maxRetryTimeMs: 60_000 };

/** Creates the shared HTTP client (ky with `retry: 0`; p-retry owns the retry policy). */
export function createHttpClient(config: HttpClientConfig): HttpClient {
  const policy = {
    retries: config.retry?.retries ?? DEFAULTS.retries,
    minDelayMs: config.retry?.minDelayMs ?? DEFAULTS.minDelayMs,
    maxDelayMs: config.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
    maxRetryAfterMs: config.retry?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    maxRetryTimeMs: config.retry?.maxRetryTimeMs ?? DEFAULTS.maxRetryTimeMs,
  };
  const classify = config.classify ?? classifyByStatus(config.provider);
  const random = config.random ?? Math.random;
  const sleep = config.sleep ?? abortableSleep;
  const clock = config.clock ?? systemClock;
  const fetchImpl = config.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  const localFinal = new WeakSet<Error>();
  const timeoutMs = config.timeoutMs ?? 15_000;
  const client = ky.create({
    baseUrl: config.baseUrl,
    retry: 0,
    throwHttpErrors: false,
    timeout: timeoutMs,
    fetch: fetchImpl,
    ...(config.headers === undefined ? {} : { headers: config.headers }),
  });

  async function attempt(request: HttpRequest): Promise<ProviderResponse> {
    for (const limit of request.rateLimits ?? []) {
      try {
        await acquireToken(config.rateLimiter ?? unlimited, limit.key, limit.limit, {
          sleep,
          ...(limit.maxWaitMs === undefined ? {} : { maxWaitMs: limit.maxWaitMs }),
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        });
      } catch (error) {
        // The local limiter already waited as long as allowed: surface, do not retry.
        if (error instanceof Error) localFinal.add(error);
        throw error;
      }
    }
    if (request.signal?.aborted === true) throw aborted(request.signal);
    let response: Response;
    try {
      response = await client(request.path, {
        method: request.method,
        ...(request.searchParams === undefined ? {} : { searchParams: request.searchParams }),
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.form === undefined ? {} : { body: request.form }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
    } catch (error) {
      throw transportFailure(error, request);
    }
    let text: string;
    try {
      text = await readText(response, timeoutMs);
    } catch (error) {
      // The provider answered, but the body stalled or the connection broke while it streamed in.
      throw ambiguous(request, error === BODY_TIMEOUT ? 'timeout' : 'connection_lost', error);
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
    const answer: ProviderResponse = {
      status: response.status,
      headers: response.headers,
      body: parseBody(text),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
    const failure = classify(answer);
    if (failure === undefined) return answer;
    throw failureError(failure, request);
  }

  function transportFailure(error: unknown, request: HttpRequest): SwitchboardError {
    if (request.signal?.aborted === true) {
      return request.idempotent ? aborted(request.signal) : ambiguous(request, 'aborted', error);
    }
    if (isTimeoutError(error)) return ambiguous(request, 'timeout', error);
    if (transportOutcome(error) === 'not_sent') {
      return new SwitchboardError<HttpErrorCode>('NETWORK_ERROR', `Could not connect to ${config.provider}`, {
        provider: config.provider,
        retryable: true,
        remedy: 'retry_later',
        cause: error,
      });
    }
    return ambiguous(request, 'connection_lost', error);
  }

  function failureError(failure: ResponseFailure, request: HttpRequest): SwitchboardError {
    if (failure.maybeProcessed === true && !request.idempotent) return ambiguous(request, 'gateway', failure.error);
    return failure.error;
  }

  function ambiguous(request: HttpRequest, reason: 'timeout' | 'connection_lost' | 'gateway' | 'aborted', cause: unknown): SwitchboardError<HttpErrorCode> {
    return new SwitchboardError<HttpErrorCode>(
      'SEND_OUTCOME_UNKNOWN',
      `The ${request.method} request to ${config.provider} may have reached it, but no answer came (${reason.replace('_', ' ')})`,
      {
        provider: config.provider,
        retryable: request.idempotent,
        cause,
        details: { reason },
        ...(request.idempotent ? { remedy: 'retry_later' as const } : {}),
      },
    );
  }

  function mayRetry(error: SwitchboardError, request: HttpRequest): boolean {
    if (!error.retryable) return false;
    if (error.code === 'SEND_OUTCOME_UNKNOWN' && !request.idempotent) return false;
    if (localFinal.has(error)) return false;
    return error.retryAfterMs === undefined || error.retryAfterMs <= policy.maxRetryAfterMs;
  }

  return {
    async request(request) {
      try {
        return await pRetry(
          async () => {
            try {
              return await attempt(request);
            } catch (error) {
              const typed = isSwitchboardError(error) ? error : new SwitchboardError<HttpErrorCode>('PROVIDER_HTTP_ERROR', `Request to ${config.provider} failed`, { cause: error, provider: config.provider });
              if (!mayRetry(typed, request)) throw new AbortError(typed);
              throw typed;
            }
          },
          {
            retries: policy.retries,
            minTimeout: 0,
            maxTimeout: 0,
            maxRetryTime: policy.maxRetryTimeMs,
            shouldRetry: () => true,
            onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
              if (retriesLeft <= 0) return;
              const hinted = isSwitchboardError(error) ? (error.retryAfterMs ?? 0) : 0;
              const delay = Math.max(hinted, backoffDelay(attemptNumber, policy, random));
              await sleep(delay, request.signal);
            },
            // No `signal` here on purpose: p-retry would reject with the bare abort reason and hide
            // whether the request had already left. Attempts and waits check the signal themselves.
          },
        );
      } catch (error) {
        if (isSwitchboardError(error)) throw error;
        if (request.signal?.aborted === true) throw aborted(request.signal);
        throw new SwitchboardError<HttpErrorCode>('PROVIDER_HTTP_ERROR', `Request to ${config.provider} failed`, { cause: error, provider: config.provider });
      }
    },
  };
}

const unlimited: RateLimiter = { take: () => Promise.resolve({ granted: true }) };

function aborted(signal: AbortSignal): SwitchboardError<HttpErrorCode> {
  return new SwitchboardError<HttpErrorCode>('ABORTED', 'The request was aborted before it was sent', { cause: signal.reason });
}

const BODY_TIMEOUT = new Error('The response body did not arrive in time');

/** ky's timeout ends when the headers arrive; the body gets the same budget again. */
async function readText(response: Response, timeoutMs: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      response.body?.cancel().catch(() => undefined);
      reject(BODY_TIMEOUT);
    }, timeoutMs);
  });
  try {
    return await Promise.race([response.text(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
