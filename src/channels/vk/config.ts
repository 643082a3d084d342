import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { HOUR } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { parseWith } from '../../core/validation.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { RetryPolicy } from '../http/http-client.js';
import type { Sleep } from '../rate-limit/sleep.js';

/** VK's default API host (`api.vk.com` works too). */
export const VK_DEFAULT_BASE_URL = 'https://api.vk.ru/method';
/** The VK API version requests use and events are parsed as, unless `apiVersion` is set (`5.199`). */
export const VK_DEFAULT_API_VERSION = '5.199';
/** Community tokens may make 20 requests per second. */
export const VK_DEFAULT_RATE_PER_SECOND = 20;
/** VK events are small; a message with many attachments stays well under this. */
export const VK_DEFAULT_MAX_BODY_BYTES = 256 * 1024;

const confirmationSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected the confirmation string from the community settings (letters, digits, "_" or "-", e.g. "62dfc19d")')
  .refine((value) => value.toLowerCase() !== 'remove' && value.toLowerCase() !== 'ok', {
    message: 'The confirmation string cannot be "ok" or "remove" ("remove" would delete the callback server)',
  });

const schema = z
  .object({
    groupId: z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d{0,15}$/, 'Expected a positive community id')]).transform(Number),
    accessToken: z.string().min(8, 'Expected the community access token'),
    secret: z.union([z.string().min(1).max(256), z.array(z.string().min(1).max(256)).min(1).max(5)]).optional(),
    confirmation: confirmationSchema.optional(),
    apiVersion: z.string().regex(/^5\.\d{1,3}$/, 'Expected an API version like "5.199"').default(VK_DEFAULT_API_VERSION),
    baseUrl: z.url({ protocol: /^https?$/ }).default(VK_DEFAULT_BASE_URL),
    transport: z.enum(['callback', 'longpoll']).default('callback'),
    rateLimit: z.object({ perSecond: z.number().positive().max(1000) }).default({ perSecond: VK_DEFAULT_RATE_PER_SECOND }),
    maxBodyBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(VK_DEFAULT_MAX_BODY_BYTES),
    timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    profileCacheTtlMs: z.number().int().nonnegative().default(HOUR),
    longPoll: z.object({
      wait: z.number().int().min(1).max(90).default(25),
      minBackoffMs: z.number().int().nonnegative().default(1_000),
      maxBackoffMs: z.number().int().positive().default(30_000),
    }).default({ wait: 25, minBackoffMs: 1_000, maxBackoffMs: 30_000 }),
  })
  .superRefine((config, ctx) => {
    if (config.transport !== 'callback') return;
    if (config.secret === undefined) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'The Callback API transport needs the secret key set in the callback server settings' });
    if (config.confirmation === undefined) ctx.addIssue({ code: 'custom', path: ['confirmation'], message: 'The Callback API transport needs the confirmation string from the callback server settings' });
  });

/**
 * Configuration for {@link createVkAdapter}.
 *
 * @example
 * ```ts
 * createVkAdapter({
 *   groupId: 232142875,
 *   accessToken: process.env.VK_TOKEN!,      // community token with the "messages" right
 *   secret: process.env.VK_SECRET!,          // Callback API → "Secret key"
 *   confirmation: process.env.VK_CONFIRM!,   // Callback API → "String to be returned"
 * });
 * ```
 */
export interface VkAdapterConfig {
  /** The community (group) id, positive. */
  groupId: number | string;
  /** A community access token with the `messages` right (and `photos`, `docs` for uploads). Registered for redaction. */
  accessToken: string;
  /**
   * The Callback API "Secret key". Required for the `callback` transport. During a rotation give
   * the new and the old key (`[next, current]`, up to 5): events signed with any of them are
   * accepted, so changing the key in VK's settings causes no window of refused events.
   */
  secret?: string | readonly string[];
  /** The Callback API confirmation string. Required for the `callback` transport. */
  confirmation?: string;
  /** API version. Default `5.199`. */
  apiVersion?: string;
  /** API base URL. Default `https://api.vk.ru/method`. */
  baseUrl?: string;
  /** How events arrive: `callback` (webhook, the default) or `longpoll` (Bots Long Poll via {@link VkAdapter.poll}). */
  transport?: 'callback' | 'longpoll';
  /** Requests per second for this token. Default 20 (VK's limit for community tokens). */
  rateLimit?: { perSecond: number };
  /** A shared rate limiter (Redis, the host's database) when several instances use one token. Default: in-memory. */
  rateLimiter?: RateLimiter;
  /** Largest accepted webhook body. Default 256 KiB. */
  maxBodyBytes?: number;
  /** Per-attempt timeout for API calls. Default 15 s. */
  timeoutMs?: number;
  /** Retry policy for API calls (see the shared HTTP client). */
  retry?: RetryPolicy;
  /** How long user and community names are cached. Default 1 h. */
  profileCacheTtlMs?: number;
  /** Long Poll settings: `wait` seconds per request (max 90, default 25) and error backoff. */
  longPoll?: { wait?: number; minBackoffMs?: number; maxBackoffMs?: number };
  clock?: Clock;
  logger?: Logger;
  /** A custom fetch (proxy, tests). Default: the global `fetch`. */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Jitter source in [0, 1) for retries. Default `Math.random`. */
  random?: () => number;
  /** How to wait between retries. Default: timers. */
  sleep?: Sleep;
}

export type ResolvedVkConfig = z.output<typeof schema>;

/**
 * Validates the serializable part of the config.
 * @throws SwitchboardError `INVALID_CONFIG` naming every bad field; the token never appears in it.
 */
export function resolveVkConfig(config: VkAdapterConfig): ResolvedVkConfig {
  const { rateLimiter: _r, clock: _c, logger: _l, fetch: _f, random: _rnd, sleep: _s, retry: _retry, ...plain } = config;
  return parseWith(schema, plain, 'createVkAdapter config', 'INVALID_CONFIG');
}
