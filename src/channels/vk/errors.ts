import { SwitchboardError } from '../../core/errors.js';
import type { Remedy } from '../../core/errors.js';
import { SECOND, MINUTE, HOUR } from '../../core/clock.js';
import type { HttpErrorCode } from '../http/errors.js';
import type { WebhookErrorCode } from '../webhook/errors.js';
import type { VkEventErrorCode } from './normalize.js';
import type { VkLongPollErrorCode } from './long-poll.js';

/**
 * Error codes raised by the VK adapter. Provider errors are classified by VK's `error_code`
 * (see {@link classifyVkError}); the original code is kept in `providerCode`.
 */
export type VkErrorCode =
  /** 6, 9, 29: too many requests, flood control, daily quota. Retryable after `retryAfterMs`. */
  | 'RATE_LIMITED'
  /** 1, 10, HTTP 5xx: VK failed; retry with the same `random_id`. */
  | 'PROVIDER_UNAVAILABLE'
  /** 5, 28: the token is invalid or revoked. */
  | 'AUTH_FAILED'
  /** 7, 15, 27: the token lacks a right or the method is not allowed for community tokens. */
  | 'ACCESS_DENIED'
  /** 901: the user has not allowed messages from the community (ask them to write or allow). */
  | 'PERMISSION_DENIED'
  /** 900, 902, 18, 917, 932, ...: the recipient cannot be reached by this community. */
  | 'RECIPIENT_UNAVAILABLE'
  /** 950: VK refused the reply as too late; wait until the user writes again. */
  | 'WINDOW_CLOSED'
  /** 943, 944: the `intent` is not allowed, or its quota is used up. */
  | 'INTENT_REFUSED'
  /** 984: the community is spam-restricted; stop campaigns. */
  | 'SPAM_RESTRICTED'
  /** 912, 945, 985: the community or chat is not set up for this (bot features, messages off). */
  | 'CHANNEL_MISCONFIGURED'
  /** 8, 100, 113, 910, 911, 913, 914, ...: the request itself is wrong; fix it. */
  | 'INVALID_REQUEST'
  /** Any other VK error code; not retried. */
  | 'PROVIDER_ERROR'
  /** VK has no provider templates, reactions or interactive replies; send text instead. */
  | 'UNSUPPORTED_CONTENT';

/**
 * Every code the VK adapter can raise or report: its own, the shared HTTP layer's
 * (`SEND_OUTCOME_UNKNOWN` is retryable on VK: sends carry a `random_id`), the webhook helpers',
 * the event and Long Poll codes, and `INVALID_INPUT` / `INVALID_CONFIG`.
 */
export type VkAdapterErrorCode =
  | VkErrorCode
  | HttpErrorCode
  | WebhookErrorCode
  | VkEventErrorCode
  | VkLongPollErrorCode
  | 'INVALID_INPUT'
  | 'INVALID_CONFIG';

/** How one VK `error_code` is handled. */
export interface VkErrorClass {
  code: VkErrorCode;
  retryable: boolean;
  /** For retryable codes: the least time to wait before trying again. */
  retryAfterMs?: number;
  remedy?: Remedy;
}

const RATE: Readonly<Record<number, number>> = {
  // vk-io waits 1133 ms on error 6 (20 req/s shared by the second).
  6: 1_133,
  // Flood control: identical actions; only a long pause helps.
  9: MINUTE,
  // Daily quota ("Rate limit reached"); VK does not publish the reset time.
  29: HOUR,
};

const TABLE: Readonly<Record<number, VkErrorClass>> = {
  1: { code: 'PROVIDER_UNAVAILABLE', retryable: true, retryAfterMs: SECOND, remedy: 'retry_later' },
  10: { code: 'PROVIDER_UNAVAILABLE', retryable: true, retryAfterMs: SECOND, remedy: 'retry_later' },
  5: { code: 'AUTH_FAILED', retryable: false, remedy: 'refresh_token' },
  28: { code: 'AUTH_FAILED', retryable: false, remedy: 'refresh_token' },
  7: { code: 'ACCESS_DENIED', retryable: false, remedy: 'refresh_token' },
  15: { code: 'ACCESS_DENIED', retryable: false, remedy: 'refresh_token' },
  27: { code: 'ACCESS_DENIED', retryable: false, remedy: 'refresh_token' },
  901: { code: 'PERMISSION_DENIED', retryable: false, remedy: 'ask_permission' },
  950: { code: 'WINDOW_CLOSED', retryable: false, remedy: 'none' },
  943: { code: 'INTENT_REFUSED', retryable: false, remedy: 'fix_input' },
  944: { code: 'INTENT_REFUSED', retryable: true, retryAfterMs: HOUR, remedy: 'retry_later' },
  984: { code: 'SPAM_RESTRICTED', retryable: false, remedy: 'none' },
  912: { code: 'CHANNEL_MISCONFIGURED', retryable: false, remedy: 'fix_input' },
  945: { code: 'CHANNEL_MISCONFIGURED', retryable: false, remedy: 'none' },
  985: { code: 'CHANNEL_MISCONFIGURED', retryable: false, remedy: 'none' },
};

const RECIPIENT = new Set([18, 30, 900, 902, 917, 925, 927, 932, 935, 936, 939, 946, 947, 962, 979, 983, 987, 988, 1012]);
const INVALID = new Set([8, 100, 104, 113, 909, 910, 911, 913, 914, 920, 921, 940, 969]);

/**
 * The retry classification of a VK `error_code` (a pure table; see docs/channels/vk.md):
 * back off on 1, 6, 9, 10, 29 (and 944); never retry 5, 15, 27, 100, 900–902, 914 and the other
 * permanent 9xx. Unknown codes are permanent `PROVIDER_ERROR`s.
 */
export function classifyVkError(errorCode: number): VkErrorClass {
  const rate = RATE[errorCode];
  if (rate !== undefined) return { code: 'RATE_LIMITED', retryable: true, retryAfterMs: rate, remedy: 'retry_later' };
  const known = TABLE[errorCode];
  if (known !== undefined) return known;
  if (RECIPIENT.has(errorCode)) return { code: 'RECIPIENT_UNAVAILABLE', retryable: false, remedy: 'none' };
  if (INVALID.has(errorCode)) return { code: 'INVALID_REQUEST', retryable: false, remedy: 'fix_input' };
  return { code: 'PROVIDER_ERROR', retryable: false };
}

/** What VK said, as parsed from `{ error: {...} }` or one `execute_errors` item. */
export interface VkApiErrorPayload {
  errorCode: number;
  errorMsg: string;
  method?: string;
  requestParams?: readonly { key: string; value: string }[];
}

/**
 * Turns a VK error into a typed {@link SwitchboardError}: `provider: 'vk'`, `providerCode` =
 * `error_code`, the classification's code/retry/remedy, and `details.method` and
 * `details.requestParams` (redacted; VK never echoes the token there, but nothing is trusted).
 */
export function vkApiError(payload: VkApiErrorPayload, extra: Record<string, unknown> = {}): SwitchboardError<VkErrorCode> {
  const cls = classifyVkError(payload.errorCode);
  const where = payload.method === undefined ? '' : ` (${payload.method})`;
  return new SwitchboardError<VkErrorCode>(cls.code, `VK error ${payload.errorCode}${where}: ${payload.errorMsg}`, {
    provider: 'vk',
    providerCode: payload.errorCode,
    retryable: cls.retryable,
    ...(cls.retryAfterMs === undefined ? {} : { retryAfterMs: cls.retryAfterMs }),
    ...(cls.remedy === undefined ? {} : { remedy: cls.remedy }),
    details: {
      ...(payload.method === undefined ? {} : { method: payload.method }),
      ...(payload.requestParams === undefined ? {} : { requestParams: payload.requestParams }),
      ...extra,
    },
  });
}
