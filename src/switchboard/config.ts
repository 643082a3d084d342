import { z } from 'zod';
import type { ChannelAdapter } from '../channels/adapter.js';
import type { Clock } from '../core/clock.js';
import { DAY, HOUR, MINUTE, SECOND, systemClock } from '../core/clock.js';
import { SwitchboardError } from '../core/errors.js';
import type { IdGenerator } from '../core/ids.js';
import { createIdGenerator } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { redactingLogger, silentLogger } from '../core/logger.js';
import { parseWith } from '../core/validation.js';
import type { PriceBook } from '../ledger/price-book.js';
import type { CreditsLedger } from '../ledger/types.js';
import type { ConsentKeywordList } from '../policy/consent-keywords.js';
import type { Store } from '../ports/store.js';
import { defineStore } from '../ports/store.js';
import type { BindingFunction } from '../templates/definition.js';
import type { ModuleCatalog } from '../templates/modules.js';
import type { AutomationConfig } from './automation/config.js';
import type { ResolvedPolicy } from './context.js';
import type { SwitchboardHooks } from './hooks.js';

/** Who pays for a message: the facts the billing account is chosen from. */
export interface BillingContext {
  channel: string;
  accountId: string;
  contactId: string;
  conversationId: string;
  operatorId?: string;
}

/** The options of {@link createSwitchboard}. Only `channels` and `store` are required. */
export interface SwitchboardConfig {
  /** The channel adapters (`createWhatsAppAdapter`, `createVkAdapter`, your own); unique by (channel, accountId). */
  channels: readonly ChannelAdapter[];
  /** The storage ports (`createMemoryStore()` or your implementation); wrapped with `defineStore`. */
  store: Store;
  /** The credits ledger. Without one, nothing is charged. */
  ledger?: CreditsLedger;
  /** Message prices; required with a ledger. */
  prices?: PriceBook;
  billing?: {
    /** The ledger account to charge: a fixed name or chosen per message. Default `'default'`. */
    account?: string | ((context: BillingContext) => string);
    /**
     * How long a message's credits stay reserved awaiting settlement (delivery report, dead-letter
     * retry); then they return to the account. Default 30 days, WhatsApp's longest delivery attempt.
     */
    holdTtlMs?: number;
  };
  hooks?: SwitchboardHooks;
  /** Time source; the system clock by default. */
  clock?: Clock;
  /** A pino-compatible logger; silent by default. */
  logger?: Logger;
  /** Id generator; one on `clock` by default. */
  ids?: IdGenerator;
  policy?: {
    /** Only the assignee or invited participants may reply; unclaimed dialogs must be claimed first. Default false. */
    requireClaimToReply?: boolean;
    /** Operators allowed per `"channel:accountId"` or per channel; absent: any operator. */
    operators?: Readonly<Record<string, readonly string[]>>;
    /** A customer writing into a dialog closed as completed: reopen it (default) or open a new one. */
    onMessageAfterCompleted?: 'reopen' | 'new_conversation';
    /** Stop free-form messages this long before the 24 h window closes. Default 0. */
    windowSafetyMarginMs?: number;
    /** Country for national phone numbers in `send({ to })`, e.g. `'TW'`. */
    defaultCountry?: string;
  };
  templates?: {
    /** The language used when a template is named without one. Default: the only stored language of that name. */
    defaultLanguage?: string;
    /** Function bindings per template name (not storable), e.g. `{ order_shipped: { first_name: (r) => ... } }`. */
    bindings?: Readonly<Record<string, Readonly<Record<string, BindingFunction>>>>;
    modules?: ModuleCatalog;
    /**
     * What to do when a record's values would make a UTILITY template promotional:
     * `refuse` (default, `TEMPLATE_VALUES_REFUSED`), `warn` (log and send), `off`.
     */
    lintValues?: 'refuse' | 'warn' | 'off';
  };
  outbox?: {
    /** This instance's name as an outbox lease owner. Default: a generated id. */
    instanceId?: string;
    /** How long a leased job is ours. Default 60 s. */
    leaseMs?: number;
    /**
     * Delays of the delayed retries after the first attempt and its immediate retry both failed;
     * when they are used up the job is dead-lettered. Default `[30 s, 5 min]`.
     */
    retryDelaysMs?: readonly number[];
    /**
     * How long an ambiguous send (`unknown`: the request may have reached the provider, no
     * answer came) on a channel without idempotent sends (WhatsApp) waits for the provider's
     * status webhook before it is given up: the message is then marked `failed` with code
     * `SEND_OUTCOME_UNKNOWN`, its credits hold released and `message.failed` emitted. It is
     * never resent (that could reach the customer twice). Default 6 hours: Meta sends the
     * `sent` status within seconds of accepting a message, so 6 h of silence means it almost
     * certainly never arrived, while a webhook endpoint outage of a few hours (Meta retries
     * webhooks for up to 7 days) still reconciles normally and the credits are not locked for
     * days. A status that arrives later still applies: `delivered`/`read` rank above `failed`
     * and replace it, the hold is not captured a second time (the ledger refuses a released
     * hold; Switchboard logs a warning and the message was free); a late `sent` is ignored.
     */
    reconcileAfterMs?: number;
  };
  inbound?: {
    /** How long inbound items are remembered for dedupe. Default 7 days (Meta's retry horizon). */
    dedupeTtlMs?: number;
    /** Extra opt-out / opt-in keywords, e.g. the word your templates promise ("Reply PAUSE"). */
    consentKeywords?: Partial<ConsentKeywordList>;
  };
  /** Keyword auto-replies, the out-of-hours reply, hand-off rules and broadcast batching. */
  automation?: AutomationConfig;
  /** The time window of `metrics()` rates. Default 5 minutes. */
  metricsWindowMs?: number;
}

/** The configuration after validation and defaults. */
export interface ResolvedConfig {
  channels: readonly ChannelAdapter[];
  store: Store;
  ledger: CreditsLedger | undefined;
  prices: PriceBook | undefined;
  billingAccount: (context: BillingContext) => string;
  holdTtlMs: number;
  hooks: SwitchboardHooks;
  clock: Clock;
  logger: Logger;
  ids: IdGenerator;
  policy: ResolvedPolicy;
  templates: { defaultLanguage: string | undefined; bindings: Readonly<Record<string, Readonly<Record<string, BindingFunction>>>>; modules: ModuleCatalog | undefined; lintValues: 'refuse' | 'warn' | 'off' };
  outbox: { instanceId: string; leaseMs: number; retryDelaysMs: readonly number[]; reconcileAfterMs: number };
  inbound: { dedupeTtlMs: number; consentKeywords: Partial<ConsentKeywordList> | undefined };
  automation: AutomationConfig | undefined;
  metricsWindowMs: number;
}

const hasMethods = (...names: string[]) => (value: unknown): boolean =>
  typeof value === 'object' && value !== null && names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function');
const port = (what: string, ...methods: string[]) => z.custom((v) => hasMethods(...methods)(v), { message: `Expected ${what} (with ${methods.join(', ')})` });
const duration = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const adapterSchema = z.custom<ChannelAdapter>(
  (v) => hasMethods('send', 'handleWebhook')(v) && typeof (v as { channel?: unknown }).channel === 'string' && typeof (v as { accountId?: unknown }).accountId === 'string',
  { message: 'Expected a channel adapter (createWhatsAppAdapter, createVkAdapter, ...)' },
);

const configSchema = z.object({
  channels: z.array(adapterSchema).min(1, 'configure at least one channel adapter'),
  store: z.custom<Store>((v) => typeof v === 'object' && v !== null && ['contacts', 'conversations', 'messages', 'templates', 'cannedResponses', 'consents', 'dedupe', 'outbox'].every((k) => typeof (v as Record<string, unknown>)[k] === 'object'), {
    message: 'Expected a Store (createMemoryStore() or your ports)',
  }),
  ledger: port('a CreditsLedger', 'reserve', 'capture', 'release', 'getHold').optional(),
  prices: port('a PriceBook (definePriceBook)', 'quote').optional(),
  billing: z.object({
    account: z.union([z.string().min(1).max(255), z.custom<(c: BillingContext) => string>((v) => typeof v === 'function')]).optional(),
    holdTtlMs: z.number().int().min(MINUTE).max(90 * DAY).optional(),
  }).strict().optional(),
  hooks: z.object({ onNewConversation: z.custom((v) => typeof v === 'function', { message: 'Expected a function' }).optional() }).strict().optional(),
  clock: port('a Clock', 'now').optional(),
  logger: port('a Logger', 'debug', 'info', 'warn', 'error').optional(),
  ids: port('an IdGenerator', 'next').optional(),
  policy: z.object({
    requireClaimToReply: z.boolean().optional(),
    operators: z.record(z.string().min(1), z.array(z.string().min(1).max(128))).optional(),
    onMessageAfterCompleted: z.enum(['reopen', 'new_conversation']).optional(),
    windowSafetyMarginMs: z.number().int().min(0).max(23 * 60 * MINUTE).optional(),
    defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'Expected an ISO 3166-1 alpha-2 country like "TW"').optional(),
  }).strict().optional(),
  templates: z.object({
    defaultLanguage: z.string().regex(/^[a-z]{2,3}(?:_[A-Z]{2,4})?$/, 'Expected a language code like "en_US"').optional(),
    bindings: z.record(z.string(), z.record(z.string(), z.custom((v) => typeof v === 'function'))).optional(),
    modules: z.unknown().optional(),
    lintValues: z.enum(['refuse', 'warn', 'off']).optional(),
  }).strict().optional(),
  outbox: z.object({
    instanceId: z.string().min(1).max(100).optional(),
    leaseMs: z.number().int().min(SECOND).max(DAY).optional(),
    retryDelaysMs: z.array(duration).max(10).optional(),
    reconcileAfterMs: z.number().int().min(SECOND).max(30 * DAY).optional(),
  }).strict().optional(),
  inbound: z.object({
    dedupeTtlMs: z.number().int().min(MINUTE).max(90 * DAY).optional(),
    consentKeywords: z.unknown().optional(),
  }).strict().optional(),
  automation: z.unknown().optional(),
  metricsWindowMs: z.number().int().min(SECOND).max(DAY).optional(),
}).strict();

/**
 * Validates the configuration once.
 * @throws SwitchboardError `INVALID_CONFIG` naming every bad field; also for two adapters with the
 *   same (channel, accountId), or a ledger without prices.
 */
export function resolveConfig(input: SwitchboardConfig): ResolvedConfig {
  const parsed = parseWith(configSchema, input, 'createSwitchboard config', 'INVALID_CONFIG');
  const seen = new Set<string>();
  input.channels.forEach((adapter, index) => {
    const key = `${adapter.channel}:${adapter.accountId}`;
    if (seen.has(key)) throw new SwitchboardError('INVALID_CONFIG', `channels[${index}]: a second adapter for ${key}; each channel account is configured once`, { field: `channels[${index}]`, remedy: 'fix_input' });
    seen.add(key);
  });
  if (input.ledger !== undefined && input.prices === undefined) {
    throw new SwitchboardError('INVALID_CONFIG', 'A ledger needs prices: pass `prices: definePriceBook({...})` so every message has a price', { field: 'prices', remedy: 'fix_input' });
  }
  const clock = input.clock ?? systemClock;
  const ids = input.ids ?? createIdGenerator({ clock });
  const account = input.billing?.account ?? 'default';
  return {
    channels: input.channels,
    store: defineStore(input.store),
    ledger: input.ledger,
    prices: input.prices,
    billingAccount: typeof account === 'string' ? () => account : account,
    holdTtlMs: input.billing?.holdTtlMs ?? 30 * DAY,
    hooks: input.hooks ?? {},
    clock,
    logger: redactingLogger(input.logger ?? silentLogger),
    ids,
    policy: {
      requireClaimToReply: parsed.policy?.requireClaimToReply ?? false,
      operators: input.policy?.operators,
      onMessageAfterCompleted: parsed.policy?.onMessageAfterCompleted ?? 'reopen',
      windowSafetyMarginMs: parsed.policy?.windowSafetyMarginMs ?? 0,
      defaultCountry: parsed.policy?.defaultCountry,
    },
    templates: {
      defaultLanguage: parsed.templates?.defaultLanguage,
      bindings: input.templates?.bindings ?? {},
      modules: input.templates?.modules,
      lintValues: parsed.templates?.lintValues ?? 'refuse',
    },
    outbox: {
      instanceId: parsed.outbox?.instanceId ?? ids.next('sb'),
      leaseMs: parsed.outbox?.leaseMs ?? MINUTE,
      retryDelaysMs: parsed.outbox?.retryDelaysMs ?? [30 * SECOND, 5 * MINUTE],
      reconcileAfterMs: parsed.outbox?.reconcileAfterMs ?? 6 * HOUR,
    },
    inbound: { dedupeTtlMs: parsed.inbound?.dedupeTtlMs ?? 7 * DAY, consentKeywords: input.inbound?.consentKeywords },
    automation: input.automation,
    metricsWindowMs: parsed.metricsWindowMs ?? 5 * MINUTE,
  };
}
