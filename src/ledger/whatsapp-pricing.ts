import type { PriceCategory, WindowState } from './price-book.js';

/** A price rule as written in a definition; unset conditions match anything. */
export interface PriceRuleInput {
  id?: string;
  channel?: string;
  category?: PriceCategory;
  /** ISO 3166-1 alpha-2 country of the recipient's number. */
  country?: string;
  windowState?: WindowState;
  /** Credits per message (0 = free). */
  credits: number;
  /** From this instant on (epoch ms, ISO 8601 with offset, or Date). */
  from?: number | string | Date;
  /** Until this instant (exclusive). */
  until?: number | string | Date;
  note?: string;
}

/**
 * WhatsApp prices in the shape of Meta's per-message pricing (since 1 July 2025): a delivered
 * template is charged by its category and the recipient's country; the numbers are yours.
 *
 * The free cases are built in as dated rules (override any of them with your own `rules`):
 * - every message inside an open 72 h free entry point window is free;
 * - service (free-form) messages are free until `serviceChargedFrom`;
 * - utility templates inside an open customer service window are free until `serviceChargedFrom`.
 *
 * Meta announced that from 1 October 2026 service messages are charged per message and utility
 * templates in an open window stop being free; that date is the default `serviceChargedFrom`.
 * From then on a service message needs a `service` price, or quoting it fails with
 * `PRICE_NOT_FOUND` rather than billing zero.
 */
export interface WhatsAppPricing {
  /**
   * Credits per delivered template by market: an ISO country code, or `'*'` for every market not
   * listed. A category missing for a market falls back to `'*'`.
   */
  templates: Record<string, Partial<Record<'MARKETING' | 'UTILITY' | 'AUTHENTICATION', number>>>;
  /** Credits per service (free-form) message from `serviceChargedFrom` on, by market or `'*'`. */
  service?: Record<string, number>;
  /** When Meta starts charging service messages; default `2026-10-01T00:00:00Z`. */
  serviceChargedFrom?: number | string | Date;
}

/** Meta's announced start of per-message charges for service messages (research: whatsapp.md §4.2). */
export const META_SERVICE_CHARGES_FROM = '2026-10-01T00:00:00Z';

/** Expands {@link WhatsAppPricing} into price rules with stable ids. */
export function whatsappRules(pricing: WhatsAppPricing): { id: string; rule: PriceRuleInput }[] {
  const switchover = pricing.serviceChargedFrom ?? META_SERVICE_CHARGES_FROM;
  const out: { id: string; rule: PriceRuleInput }[] = [
    {
      id: 'whatsapp.free_entry_point',
      rule: { channel: 'whatsapp', windowState: 'free_entry_point', credits: 0, note: 'All messages are free inside an open free entry point window' },
    },
    {
      id: 'whatsapp.service_free',
      rule: { channel: 'whatsapp', category: 'free_form', credits: 0, until: switchover, note: 'Service (non-template) messages are free until Meta starts charging them' },
    },
    {
      id: 'whatsapp.utility_in_window_free',
      rule: { channel: 'whatsapp', category: 'UTILITY', windowState: 'open', credits: 0, until: switchover, note: 'Utility templates delivered inside an open customer service window are free' },
    },
  ];
  for (const [market, prices] of Object.entries(pricing.templates)) {
    for (const category of ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const) {
      const credits = prices[category];
      if (credits === undefined) continue;
      out.push({
        id: `whatsapp.templates.${market}.${category}`,
        rule: { channel: 'whatsapp', category, credits, ...(market === '*' ? {} : { country: market }) },
      });
    }
  }
  for (const [market, credits] of Object.entries(pricing.service ?? {})) {
    out.push({
      id: `whatsapp.service.${market}`,
      rule: { channel: 'whatsapp', category: 'free_form', credits, from: switchover, ...(market === '*' ? {} : { country: market }) },
    });
  }
  return out;
}
