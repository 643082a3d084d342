import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { registerSecret } from '../../core/redact.js';
import { parseWith } from '../../core/validation.js';
import type { RetryPolicy } from '../http/http-client.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { Sleep } from '../rate-limit/sleep.js';

/** The Graph API version used when none is configured. Pin it in production. */
export const DEFAULT_GRAPH_VERSION = 'v25.0';
/** Meta's default throughput per phone number (messages per second). */
export const DEFAULT_MESSAGES_PER_SECOND = 80;
/** Meta sends webhook payloads of up to ~3 MB; the default limit leaves headroom. */
export const DEFAULT_WEBHOOK_MAX_BYTES = 4 * 1024 * 1024;

const digits = (what: string) => z.string().regex(/^\d{1,32}$/, `${what} is the numeric id from the WhatsApp Manager, e.g. "106540352242922"`);
const secret = z.string().min(1, 'must not be empty').max(1024);

const configSchema = z.object({
  phoneNumberId: digits('phoneNumberId'),
  wabaId: digits('wabaId'),
  accessToken: secret,
  appSecret: z.union([secret, z.array(secret).min(1, 'give at least one app secret').max(5)]),
  verifyToken: secret,
  graphVersion: z.string().regex(/^v\d{1,2}\.\d$/, 'graphVersion looks like "v25.0"').default(DEFAULT_GRAPH_VERSION),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  authHeader: z.object({ name: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name'), value: secret }).optional(),
  rateLimit: z
    .object({
      perSecond: z.number().int().min(1).max(1000).default(DEFAULT_MESSAGES_PER_SECOND),
      pair: z.object({ tokens: z.number().int().min(1).max(45), intervalMs: z.number().int().min(1_000).max(3_600_000) }).default({ tokens: 10, intervalMs: 60_000 }),
      pairMaxWaitMs: z.number().int().min(0).max(60_000).default(6_000),
    })
    .default({ perSecond: DEFAULT_MESSAGES_PER_SECOND, pair: { tokens: 10, intervalMs: 60_000 }, pairMaxWaitMs: 6_000 }),
  rateLimiter: z.custom<RateLimiter>((v) => typeof v === 'object' && v !== null && typeof (v as { take?: unknown }).take === 'function', 'rateLimiter must implement take(key, limit)').optional(),
  webhookMaxBytes: z.number().int().min(1_024).max(64 * 1024 * 1024).default(DEFAULT_WEBHOOK_MAX_BYTES),
  timeoutMs: z.number().int().min(1).max(300_000).default(15_000),
  retry: z
    .object({
      retries: z.number().int().min(0).max(10).optional(),
      minDelayMs: z.number().int().min(0).max(60_000).optional(),
      maxDelayMs: z.number().int().min(0).max(300_000).optional(),
      maxRetryAfterMs: z.number().int().min(0).max(3_600_000).optional(),
      maxRetryTimeMs: z.number().int().min(0).max(3_600_000).optional(),
    })
    .optional(),
  clock: z.custom<Clock>((v) => typeof v === 'object' && v !== null && typeof (v as { now?: unknown }).now === 'function', 'clock must have now()').optional(),
  logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null && typeof (v as { warn?: unknown }).warn === 'function', 'logger must have debug/info/warn/error').optional(),
  fetch: z.custom<typeof fetch>((v) => typeof v === 'function', 'fetch must be a function').optional(),
  sleep: z.custom<Sleep>((v) => typeof v === 'function', 'sleep must be a function').optional(),
  random: z.custom<() => number>((v) => typeof v === 'function', 'random must be a function').optional(),
});

/**
 * Configuration of {@link createWhatsAppAdapter}. Required: the ids and secrets from the Meta app
 * dashboard; everything else has a default.
 */
export interface WhatsAppAdapterConfig {
  /** The phone number id (not the phone number) messages are sent from. */
  phoneNumberId: string;
  /** The WhatsApp Business Account id; template management uses it. */
  wabaId: string;
  /** A system-user access token with `whatsapp_business_messaging` (+ `_management` for templates). */
  accessToken: string;
  /** The app secret that signs webhooks; give several during a rotation (any one verifies). */
  appSecret: string | readonly string[];
  /** The verify token you typed into the webhook settings. */
  verifyToken: string;
  /** Graph API version, default {@link DEFAULT_GRAPH_VERSION}. */
  graphVersion?: string;
  /** Graph base URL, default `https://graph.facebook.com`; point it at a BSP or a simulator. */
  baseUrl?: string;
  /** Replaces `Authorization: Bearer <accessToken>` (BSPs such as 360dialog use their own header). */
  authHeader?: { name: string; value: string };
  rateLimit?: {
    /** Messages per second for this phone number: 80 by default, up to 1 000 after Meta's upgrade. */
    perSecond?: number;
    /** Messages to one user: a bucket of `tokens` refilled over `intervalMs` (default 10 per minute: one per 6 s, bursts of 10). */
    pair?: { tokens: number; intervalMs: number };
    /** How long a send may wait for the pair limit before failing with `RATE_LIMITED` (default 6 000 ms). */
    pairMaxWaitMs?: number;
  };
  /** A shared rate limiter when several instances send from one number; default in-memory. */
  rateLimiter?: RateLimiter;
  /** Largest webhook body accepted (default 4 MiB; Meta sends up to ~3 MB). */
  webhookMaxBytes?: number;
  /** Per-attempt request timeout (default 15 s). */
  timeoutMs?: number;
  retry?: RetryPolicy;
  clock?: Clock;
  logger?: Logger;
  /** A custom fetch (proxy, tests); default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Waiting between retries and for rate limits; inject for virtual time. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export type ResolvedWhatsAppConfig = z.output<typeof configSchema> & { appSecrets: readonly string[] };

/**
 * Validates the configuration once and registers every secret for redaction.
 * @throws SwitchboardError `INVALID_CONFIG` naming each bad option (`config.phoneNumberId: ...`).
 */
export function resolveWhatsAppConfig(input: WhatsAppAdapterConfig): ResolvedWhatsAppConfig {
  // Register before validating, so that even a config error cannot echo a secret.
  const raw: unknown = input;
  if (typeof raw === 'object' && raw !== null) {
    const { accessToken, verifyToken, appSecret } = raw as Record<string, unknown>;
    for (const value of [accessToken, verifyToken, ...(Array.isArray(appSecret) ? (appSecret as unknown[]) : [appSecret])]) {
      if (typeof value === 'string') registerSecret(value);
    }
  }
  const parsed = parseWith(configSchema, input, 'createWhatsAppAdapter config', 'INVALID_CONFIG');
  if (parsed.authHeader !== undefined) registerSecret(parsed.authHeader.value);
  const appSecrets = typeof parsed.appSecret === 'string' ? [parsed.appSecret] : parsed.appSecret;
  return { ...parsed, appSecrets };
}
