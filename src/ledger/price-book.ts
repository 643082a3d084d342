import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { Credits } from '../core/credits.js';
import { SwitchboardError } from '../core/errors.js';
import { parseWith } from '../core/validation.js';
import { ledgerError } from './errors.js';
import { whatsappRules } from './whatsapp-pricing.js';
import type { PriceRuleInput, WhatsAppPricing } from './whatsapp-pricing.js';

/** What a message is billed as: a template category, or `free_form` (Meta's "service" message). */
export type PriceCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | 'free_form';

/** The recipient's window when the message is sent: customer service window open or closed, or a 72 h free entry point window. */
export type WindowState = 'open' | 'closed' | 'free_entry_point';

export type { PriceRuleInput, WhatsAppPricing } from './whatsapp-pricing.js';

/**
 * The input of {@link definePriceBook}: built-in WhatsApp and VK pricing in their own shapes,
 * plus your own rules. All amounts are whole credits.
 */
export interface PriceBookDefinition {
  /** WhatsApp prices in Meta's shape (category × market, free cases dated); see {@link WhatsAppPricing}. */
  whatsapp?: WhatsAppPricing;
  /** VK community messages: a flat price per message; VK itself charges nothing, so the default is 0. */
  vk?: { credits: number };
  /** Your own rules, checked after the defaults: an equally specific rule here wins. */
  rules?: PriceRuleInput[];
}

/** A rule as the price book holds it; `quote` names the one it used. */
export interface PriceRule {
  /** Given, or derived from where the rule came from (`whatsapp.templates.IN.MARKETING`, `rules[2]`). */
  id: string;
  channel?: string;
  category?: PriceCategory;
  /** ISO 3166-1 alpha-2 country of the recipient's number. */
  country?: string;
  windowState?: WindowState;
  credits: Credits;
  /** Epoch ms from which the rule applies (inclusive). */
  from?: number;
  /** Epoch ms until which the rule applies (exclusive). */
  until?: number;
  note?: string;
}

/** What {@link PriceBook.quote} prices: one message on a channel, in a category and window state, at a time. */
export interface QuoteInput {
  channel: string;
  category: PriceCategory;
  /** The recipient's E.164 number; it gives the country. Optional for channels without phone numbers (VK). */
  to?: string;
  windowState: WindowState;
  /** When the message is sent (epoch ms or Date); picks the dated rules in force. */
  at: number | Date;
}

/** The price of one message in credits, with the rule that produced it (for receipts and audits). */
export interface Quote {
  amount: Credits;
  /** The country derived from `to`, when there was one. */
  country?: string;
  /** The rule that produced the amount. */
  rule: PriceRule;
}

/** Prices as data: every number can be replaced by the host. */
export interface PriceBook {
  /**
   * The price of one message. Among the rules that match, the most specific wins (window state
   * counts most, then category, then country, then channel); then the latest `from`; then the
   * rule defined last. Reserve the returned amount: the price is fixed when the hold is made.
   * @throws SwitchboardError `PRICE_NOT_FOUND` (never a silent zero), `INVALID_PHONE`, `INVALID_INPUT`.
   */
  quote(input: QuoteInput): Quote;
  /** Every rule, defaults first, in the order they were defined. */
  readonly rules: readonly PriceRule[];
}

const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'free_form'] as const;
const WINDOW_STATES = ['open', 'closed', 'free_entry_point'] as const;
const credits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }), z.date()]);
const country = z.string().refine((c) => isSupportedCountry(c), 'must be an ISO 3166-1 alpha-2 country code, e.g. "IN"');

const ruleShape = z.object({
  id: z.string().min(1).max(200).optional(),
  channel: z.string().min(1).max(50).optional(),
  category: z.enum(CATEGORIES).optional(),
  country: country.optional(),
  windowState: z.enum(WINDOW_STATES).optional(),
  credits,
  from: instant.optional(),
  until: instant.optional(),
  note: z.string().max(500).optional(),
}).strict();

const market = (value: Record<string, unknown>, ctx: z.RefinementCtx, where: string) => {
  for (const key of Object.keys(value)) {
    if (key !== '*' && !isSupportedCountry(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `market "${key}" in ${where} must be '*' or an ISO 3166-1 alpha-2 country code, e.g. "IN"` });
    }
  }
};

const definitionShape = z.object({
  whatsapp: z.object({
    templates: z.record(z.string(), z.object({ MARKETING: credits, UTILITY: credits, AUTHENTICATION: credits }).partial().strict())
      .superRefine((value, ctx) => { market(value, ctx, 'whatsapp.templates'); }),
    service: z.record(z.string(), credits).superRefine((value, ctx) => { market(value, ctx, 'whatsapp.service'); }).optional(),
    serviceChargedFrom: instant.optional(),
  }).strict().optional(),
  vk: z.object({ credits }).strict().optional(),
  rules: z.array(ruleShape).optional(),
}).strict();

const quoteShape = z.object({
  channel: z.string().min(1).max(50),
  category: z.enum(CATEGORIES),
  to: z.string().min(1).max(64).optional(),
  windowState: z.enum(WINDOW_STATES),
  at: z.union([z.number().int().nonnegative(), z.date()]),
});

/**
 * Defines the prices of messages in credits by channel × category × recipient country × window
 * state, with dated rules and host overrides.
 *
 * @throws SwitchboardError `INVALID_CONFIG` naming the bad field (e.g. `rules[1].country`), also
 *   for two of your rules with the same conditions and start, or `from` not before `until`.
 * @example
 * const prices = definePriceBook({
 *   whatsapp: { templates: { '*': { MARKETING: 60, UTILITY: 10, AUTHENTICATION: 10 }, IN: { MARKETING: 11 } } },
 *   rules: [{ channel: 'whatsapp', category: 'MARKETING', country: 'IN', credits: 12, from: '2027-01-01T00:00:00Z' }],
 * });
 * prices.quote({ channel: 'whatsapp', category: 'MARKETING', to: '+919876543210', windowState: 'closed', at: Date.now() });
 */
export function definePriceBook(definition: PriceBookDefinition = {}): PriceBook {
  // Validated as a whole first; the (now known-good) input is then used with its declared types.
  parseWith(definitionShape, definition, 'price book', 'INVALID_CONFIG');
  const own = definition.rules ?? [];
  const inputs: { rule: PriceRuleInput; id: string }[] = [
    ...whatsappRules(definition.whatsapp ?? { templates: {} }),
    { id: 'vk.flat', rule: { channel: 'vk', credits: definition.vk?.credits ?? 0, note: 'VK does not charge community messages; a flat price of your own' } },
    ...own.map((rule, i) => ({ id: rule.id ?? `rules[${i}]`, rule })),
  ];
  const rules = inputs.map(({ rule, id }) => resolveRule(rule, id));
  assertNoDuplicates(rules.slice(inputs.length - own.length));
  return { rules, quote: (input) => quote(rules, input) };
}

function resolveRule(rule: PriceRuleInput, id: string): PriceRule {
  const from = toEpoch(rule.from);
  const until = toEpoch(rule.until);
  if (from !== undefined && until !== undefined && from >= until) {
    throw new SwitchboardError('INVALID_CONFIG', `Price rule ${id}: from must be before until`, { field: `${id}.from`, remedy: 'fix_input' });
  }
  return {
    id,
    ...(rule.channel === undefined ? {} : { channel: rule.channel }),
    ...(rule.category === undefined ? {} : { category: rule.category }),
    ...(rule.country === undefined ? {} : { country: rule.country }),
    ...(rule.windowState === undefined ? {} : { windowState: rule.windowState }),
    credits: rule.credits as Credits,
    ...(from === undefined ? {} : { from }),
    ...(until === undefined ? {} : { until }),
    ...(rule.note === undefined ? {} : { note: rule.note }),
  };
}

function conditions(rule: PriceRule): string {
  return JSON.stringify([rule.channel, rule.category, rule.country, rule.windowState, rule.from]);
}

function assertNoDuplicates(rules: readonly PriceRule[]): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const key = conditions(rule);
    const other = seen.get(key);
    if (other !== undefined) {
      throw new SwitchboardError('INVALID_CONFIG', `Price rules ${other} and ${rule.id} have the same conditions and start; keep one`, { field: rule.id, remedy: 'fix_input' });
    }
    seen.set(key, rule.id);
  }
}

function specificity(rule: PriceRule): number {
  return (rule.windowState === undefined ? 0 : 8) + (rule.category === undefined ? 0 : 4) +
    (rule.country === undefined ? 0 : 2) + (rule.channel === undefined ? 0 : 1);
}

function quote(rules: readonly PriceRule[], input: QuoteInput): Quote {
  const valid = parseWith(quoteShape, input, 'quote input');
  const at = valid.at instanceof Date ? valid.at.getTime() : valid.at;
  const recipientCountry = valid.to === undefined ? undefined : countryOf(valid.to);
  let best: PriceRule | undefined;
  for (const rule of rules) {
    const matches = (rule.channel === undefined || rule.channel === valid.channel) &&
      (rule.category === undefined || rule.category === valid.category) &&
      (rule.country === undefined || rule.country === recipientCountry) &&
      (rule.windowState === undefined || rule.windowState === valid.windowState) &&
      (rule.from === undefined || rule.from <= at) && (rule.until === undefined || at < rule.until);
    if (matches && (best === undefined || outranks(rule, best))) best = rule;
  }
  if (best === undefined) {
    throw ledgerError('PRICE_NOT_FOUND', `No price for a ${valid.channel} ${valid.category} message${recipientCountry === undefined ? '' : ` to ${recipientCountry}`} (window ${valid.windowState}) at ${new Date(at).toISOString()}; add a rule to the price book`, {
      remedy: 'fix_input', details: { channel: valid.channel, category: valid.category, country: recipientCountry, windowState: valid.windowState, at },
    });
  }
  return { amount: best.credits, rule: best, ...(recipientCountry === undefined ? {} : { country: recipientCountry }) };
}

/** Rules come in definition order, so on a full tie the later one (the override) wins. */
function outranks(candidate: PriceRule, current: PriceRule): boolean {
  const bySpecificity = specificity(candidate) - specificity(current);
  if (bySpecificity !== 0) return bySpecificity > 0;
  return (candidate.from ?? -1) >= (current.from ?? -1);
}

function countryOf(to: string): string {
  const parsed = parsePhoneNumberFromString(to);
  if (parsed?.country === undefined || !to.startsWith('+')) {
    throw new SwitchboardError('INVALID_PHONE', `quote "to" must be an E.164 number of a known country, got "${to.slice(0, 40)}"`, { field: 'to', remedy: 'fix_input' });
  }
  return parsed.country;
}

function toEpoch(value: number | string | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}
