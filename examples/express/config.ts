// The app's configuration, read once from environment variables (see `.env.example`). Every
// problem is reported at start-up, naming the variable, instead of failing on the first request.
import { z } from 'zod';
import type { ExampleErrorCode } from './errors.js';
import { registerSecret, SwitchboardError } from './switchboard.js';
import { parseWith } from './validate.js';

/** Where conversations, messages and credits are kept. */
export type StorageConfig =
  | { kind: 'memory' }
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema: string };

export interface WhatsAppCredentials {
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

export interface VkCredentials {
  groupId: number;
  accessToken: string;
  secret: string;
  confirmation: string;
}

/** The validated configuration `createApp` takes. */
export interface AppConfig {
  port: number;
  /**
   * `sandbox`: the WhatsApp and VK simulators answer for the providers (no network, no accounts).
   * `live`: the real APIs, with the credentials below.
   */
  mode: 'sandbox' | 'live';
  whatsapp: WhatsAppCredentials | undefined;
  vk: VkCredentials | undefined;
  storage: StorageConfig;
  /** The credits ledger account every message is charged to. */
  billingAccount: string;
  /** Credits the sandbox account starts with (once per database). */
  sandboxCredits: number;
  /** Operators allowed to work on dialogs; empty: anyone with an operator id. */
  operators: readonly string[];
  /** Only the operator who claimed a dialog (or was invited into it) may reply. */
  requireClaimToReply: boolean;
  /** Country for national phone numbers, e.g. `TW`. */
  defaultCountry: string | undefined;
  /** How often the outbox retries queued sends, in ms; 0 turns the timer off. */
  outboxIntervalMs: number;
}

const WHATSAPP_VARS = ['WA_PHONE_NUMBER_ID', 'WA_WABA_ID', 'WA_ACCESS_TOKEN', 'WA_APP_SECRET', 'WA_VERIFY_TOKEN'] as const;
const VK_VARS = ['VK_GROUP_ID', 'VK_ACCESS_TOKEN', 'VK_SECRET', 'VK_CONFIRMATION'] as const;

const text = z.string().trim().min(1, 'must not be empty');
const optionalText = z.string().trim().optional().transform((v) => (v === '' ? undefined : v));
const flag = (fallback: boolean) => z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'expected true or false' })
  .optional()
  .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1' || v === 'yes'));
const integer = (fallback: number, min: number, max: number) => z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

const envSchema = z
  .object({
    PORT: integer(3000, 0, 65_535),
    SANDBOX: z.enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'expected true or false' }).optional(),
    STORAGE: z.enum(['memory', 'sqlite', 'postgres', ''], { message: 'expected memory, sqlite or postgres' }).optional(),
    SQLITE_PATH: optionalText,
    DATABASE_URL: optionalText,
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case identifier (a-z, 0-9, _)').optional(),
    WA_PHONE_NUMBER_ID: z.string().regex(/^\d{1,32}$/, 'expected the numeric phone number id from the WhatsApp Manager').optional(),
    WA_WABA_ID: z.string().regex(/^\d{1,32}$/, 'expected the numeric WhatsApp Business Account id').optional(),
    WA_ACCESS_TOKEN: optionalText,
    WA_APP_SECRET: optionalText,
    WA_VERIFY_TOKEN: optionalText,
    VK_GROUP_ID: z.string().regex(/^[1-9]\d{0,15}$/, 'expected the numeric community id').optional(),
    VK_ACCESS_TOKEN: optionalText,
    VK_SECRET: optionalText,
    VK_CONFIRMATION: optionalText,
    BILLING_ACCOUNT: text.max(255).optional(),
    SANDBOX_CREDITS: integer(10_000, 0, 1_000_000_000),
    OPERATORS: optionalText,
    REQUIRE_CLAIM_TO_REPLY: flag(true),
    DEFAULT_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country like "TW"').optional(),
    OUTBOX_INTERVAL_MS: integer(5_000, 0, 3_600_000),
  })
  .superRefine((env, ctx) => {
    for (const vars of [WHATSAPP_VARS, VK_VARS]) {
      const given = vars.filter((name) => env[name] !== undefined);
      if (given.length === 0 || given.length === vars.length) continue;
      for (const name of vars.filter((n) => env[n] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `is required together with ${given.join(', ')}` });
      }
    }
    const live = [...WHATSAPP_VARS, ...VK_VARS].some((name) => env[name] !== undefined);
    if (isTrue(env.SANDBOX) && live) {
      ctx.addIssue({ code: 'custom', path: ['SANDBOX'], message: 'the sandbox uses the simulators\' own credentials: unset SANDBOX or the WA_*/VK_* variables' });
    }
    if (isFalse(env.SANDBOX) && !live) {
      ctx.addIssue({ code: 'custom', path: ['SANDBOX'], message: 'is false but no channel is configured: set the WA_* or VK_* variables' });
    }
    if (env.STORAGE === 'postgres' && env.DATABASE_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required with STORAGE=postgres' });
    }
  });

const isTrue = (v: string | undefined): boolean => v === 'true' || v === '1' || v === 'yes';
const isFalse = (v: string | undefined): boolean => v === 'false' || v === '0' || v === 'no';

/**
 * Reads the configuration from environment variables.
 * @throws SwitchboardError `INVALID_CONFIG` listing every bad variable by name (`field` is the first).
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const known = Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, env[name]]));
  const v = parseWith(envSchema, known, 'environment', 'INVALID_CONFIG');
  // Secrets never appear in errors or logs, ours or the SDK's.
  for (const secret of [v.WA_ACCESS_TOKEN, v.WA_APP_SECRET, v.WA_VERIFY_TOKEN, v.VK_ACCESS_TOKEN, v.VK_SECRET]) registerSecret(secret);
  const whatsapp: WhatsAppCredentials | undefined = v.WA_PHONE_NUMBER_ID !== undefined && v.WA_WABA_ID !== undefined && v.WA_ACCESS_TOKEN !== undefined && v.WA_APP_SECRET !== undefined && v.WA_VERIFY_TOKEN !== undefined
    ? { phoneNumberId: v.WA_PHONE_NUMBER_ID, wabaId: v.WA_WABA_ID, accessToken: v.WA_ACCESS_TOKEN, appSecret: v.WA_APP_SECRET, verifyToken: v.WA_VERIFY_TOKEN }
    : undefined;
  const vk: VkCredentials | undefined = v.VK_GROUP_ID !== undefined && v.VK_ACCESS_TOKEN !== undefined && v.VK_SECRET !== undefined && v.VK_CONFIRMATION !== undefined
    ? { groupId: Number(v.VK_GROUP_ID), accessToken: v.VK_ACCESS_TOKEN, secret: v.VK_SECRET, confirmation: v.VK_CONFIRMATION }
    : undefined;
  const operators = (v.OPERATORS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return {
    port: v.PORT,
    mode: whatsapp === undefined && vk === undefined ? 'sandbox' : 'live',
    whatsapp,
    vk,
    storage: storageFrom(v.STORAGE, v.SQLITE_PATH, v.DATABASE_URL, v.DATABASE_SCHEMA),
    billingAccount: v.BILLING_ACCOUNT ?? 'default',
    sandboxCredits: v.SANDBOX_CREDITS,
    operators,
    requireClaimToReply: v.REQUIRE_CLAIM_TO_REPLY,
    defaultCountry: v.DEFAULT_COUNTRY,
    outboxIntervalMs: v.OUTBOX_INTERVAL_MS,
  };
}

function storageFrom(kind: string | undefined, sqlitePath: string | undefined, url: string | undefined, schema: string | undefined): StorageConfig {
  if (kind === 'sqlite') return { kind: 'sqlite', path: sqlitePath ?? './switchboard.db' };
  if (kind === 'postgres') {
    if (url === undefined) throw new SwitchboardError<ExampleErrorCode>('INVALID_CONFIG', 'DATABASE_URL is required with STORAGE=postgres', { field: 'DATABASE_URL' });
    registerSecret(passwordOf(url));
    return { kind: 'postgres', url, schema: schema ?? 'public' };
  }
  return { kind: 'memory' };
}

function passwordOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { password } = new URL(url);
  return password === '' ? undefined : decodeURIComponent(password);
}
