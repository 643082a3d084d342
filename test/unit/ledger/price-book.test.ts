import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../../../src/core/errors.js';
import { META_SERVICE_CHARGES_FROM, definePriceBook } from '../../../src/ledger/index.js';
import type { PriceCategory, PriceRuleInput, QuoteInput, WindowState } from '../../../src/ledger/index.js';

// The numbers below are a host's own credit prices (test data), not Meta's rates.
const host = {
  whatsapp: {
    templates: { '*': { MARKETING: 250, UTILITY: 40, AUTHENTICATION: 35 }, IN: { MARKETING: 110, UTILITY: 14 } },
  },
};
const INDIA = '+919876543210';
const BRAZIL = '+5511987654321';
const BEFORE = Date.parse('2026-09-30T23:59:59.999Z');
const AFTER = Date.parse(META_SERVICE_CHARGES_FROM);

function quote(book: ReturnType<typeof definePriceBook>, input: Partial<QuoteInput>) {
  return book.quote({ channel: 'whatsapp', category: 'MARKETING', to: INDIA, windowState: 'closed', at: BEFORE, ...input });
}

function codeOf(run: () => unknown): { code: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (isSwitchboardError(error)) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('definePriceBook: Meta per-message shape', () => {
  const book = definePriceBook(host);

  it('charges a delivered template by category and the country of the recipient (from E.164)', () => {
    expect(quote(book, {})).toMatchObject({ amount: 110, country: 'IN', rule: { id: 'whatsapp.templates.IN.MARKETING' } });
    expect(quote(book, { to: BRAZIL })).toMatchObject({ amount: 250, country: 'BR', rule: { id: 'whatsapp.templates.*.MARKETING' } });
  });

  it('falls back to the any-market price for a category the market does not list', () => {
    expect(quote(book, { category: 'AUTHENTICATION' })).toMatchObject({ amount: 35, rule: { id: 'whatsapp.templates.*.AUTHENTICATION' } });
  });

  it('makes every message free inside an open free entry point window, marketing included', () => {
    expect(quote(book, { windowState: 'free_entry_point', at: AFTER })).toMatchObject({ amount: 0, rule: { id: 'whatsapp.free_entry_point' } });
  });

  it('makes utility templates free inside an open window until Meta starts charging them, then uses the country price', () => {
    expect(quote(book, { category: 'UTILITY', windowState: 'open', at: BEFORE })).toMatchObject({ amount: 0, rule: { id: 'whatsapp.utility_in_window_free' } });
    expect(quote(book, { category: 'UTILITY', windowState: 'open', at: AFTER })).toMatchObject({ amount: 14, rule: { id: 'whatsapp.templates.IN.UTILITY' } });
    expect(quote(book, { category: 'UTILITY', windowState: 'closed', at: BEFORE }).amount).toBe(14);
  });

  it('makes service (free-form) messages free before October 2026 and refuses to guess a price after it', () => {
    expect(quote(book, { category: 'free_form', windowState: 'open', at: BEFORE })).toMatchObject({ amount: 0, rule: { id: 'whatsapp.service_free' } });
    expect(codeOf(() => quote(book, { category: 'free_form', windowState: 'open', at: AFTER })).code).toBe('PRICE_NOT_FOUND');
  });

  it('prices service messages from the announced date once the host sets a service price', () => {
    const priced = definePriceBook({ whatsapp: { ...host.whatsapp, service: { '*': 9, IN: 3 } } });
    expect(quote(priced, { category: 'free_form', windowState: 'open', at: AFTER })).toMatchObject({ amount: 3, rule: { id: 'whatsapp.service.IN', from: AFTER } });
    expect(quote(priced, { category: 'free_form', windowState: 'open', at: BEFORE }).amount).toBe(0);
  });

  it('moves the switchover with serviceChargedFrom', () => {
    const later = definePriceBook({ whatsapp: { ...host.whatsapp, service: { '*': 9 }, serviceChargedFrom: '2027-01-01T00:00:00Z' } });
    expect(quote(later, { category: 'free_form', windowState: 'open', at: AFTER }).amount).toBe(0);
    expect(quote(later, { category: 'free_form', windowState: 'open', at: Date.parse('2027-01-01T00:00:00Z') }).amount).toBe(9);
  });

  it('never bills zero for a template it has no price for', () => {
    const empty = definePriceBook();
    expect(codeOf(() => quote(empty, {}))).toEqual({ code: 'PRICE_NOT_FOUND', field: undefined });
  });
});

describe('definePriceBook: VK, overrides and dated rules', () => {
  it('prices VK messages at 0 by default and at a configured flat rate', () => {
    const at = BEFORE;
    expect(definePriceBook().quote({ channel: 'vk', category: 'free_form', windowState: 'open', at })).toMatchObject({ amount: 0, rule: { id: 'vk.flat' } });
    expect(definePriceBook({ vk: { credits: 2 } }).quote({ channel: 'vk', category: 'free_form', windowState: 'open', at }).amount).toBe(2);
  });

  it('lets an equally specific host rule override a default, and a dated rule apply only from its date', () => {
    const book = definePriceBook({
      ...host,
      rules: [
        { id: 'india-marketing', channel: 'whatsapp', category: 'MARKETING', country: 'IN', credits: 120 },
        { id: 'india-marketing-2027', channel: 'whatsapp', category: 'MARKETING', country: 'IN', credits: 130, from: '2027-01-01T00:00:00Z' },
      ],
    });
    expect(quote(book, {})).toMatchObject({ amount: 120, rule: { id: 'india-marketing' } });
    expect(quote(book, { at: new Date('2027-02-01T00:00:00Z') })).toMatchObject({ amount: 130, rule: { id: 'india-marketing-2027' } });
  });

  it('refuses a malformed definition with INVALID_CONFIG naming the field', () => {
    expect(codeOf(() => definePriceBook({ rules: [{ channel: 'whatsapp', country: 'XX', credits: 1 }] }))).toEqual({ code: 'INVALID_CONFIG', field: 'rules[0].country' });
    expect(codeOf(() => definePriceBook({ rules: [{ credits: -1 }] }))).toEqual({ code: 'INVALID_CONFIG', field: 'rules[0].credits' });
    expect(codeOf(() => definePriceBook({ rules: [{ credits: 1.5 }] })).field).toBe('rules[0].credits');
    expect(codeOf(() => definePriceBook({ whatsapp: { templates: { '*': { MARKETING: -3 } } } })).field).toBe('whatsapp.templates.*.MARKETING');
    expect(codeOf(() => definePriceBook({ whatsapp: { templates: { XX: { MARKETING: 1 } } } }))).toEqual({ code: 'INVALID_CONFIG', field: 'whatsapp.templates.XX' });
    expect(codeOf(() => definePriceBook({ whatsapp: { templates: {}, service: { ZZ: 1 } } })).field).toBe('whatsapp.service.ZZ');
    expect(codeOf(() => definePriceBook({ rules: [{ credits: 1, from: 'yesterday' }] })).field).toBe('rules[0].from');
    expect(codeOf(() => definePriceBook({ rules: [{ credits: 1, from: 10, until: 10 }] })).code).toBe('INVALID_CONFIG');
    expect(codeOf(() => definePriceBook({ rules: [{ channel: 'vk', credits: 1 }, { channel: 'vk', credits: 2 }] })).code).toBe('INVALID_CONFIG');
  });

  it('refuses a quote for a number that is not E.164 or a category it does not know', () => {
    const book = definePriceBook(host);
    expect(codeOf(() => quote(book, { to: '9876543210' })).code).toBe('INVALID_PHONE');
    expect(codeOf(() => quote(book, { category: 'PROMO' as PriceCategory })).field).toBe('category');
  });
});

describe('definePriceBook: the winning rule', () => {
  const dims = {
    channel: fc.option(fc.constantFrom('whatsapp', 'vk'), { nil: undefined }),
    category: fc.option(fc.constantFrom<PriceCategory>('MARKETING', 'UTILITY', 'AUTHENTICATION', 'free_form'), { nil: undefined }),
    country: fc.option(fc.constantFrom('IN', 'BR'), { nil: undefined }),
    windowState: fc.option(fc.constantFrom<WindowState>('open', 'closed', 'free_entry_point'), { nil: undefined }),
  };
  const ruleArb = fc.record({ ...dims, credits: fc.nat(1000), from: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }) });
  const weight = (r: PriceRuleInput) => (r.windowState ? 8 : 0) + (r.category ? 4 : 0) + (r.country ? 2 : 0) + (r.channel ? 1 : 0);

  it('matches the message and no matching rule is more specific (or as specific and newer)', () => {
    fc.assert(fc.property(
      fc.uniqueArray(ruleArb, { selector: (r) => JSON.stringify([r.channel, r.category, r.country, r.windowState, r.from]), maxLength: 12 }),
      fc.constantFrom('whatsapp', 'vk'), fc.constantFrom<PriceCategory>('MARKETING', 'UTILITY', 'AUTHENTICATION', 'free_form'),
      fc.constantFrom(INDIA, BRAZIL), fc.constantFrom<WindowState>('open', 'closed', 'free_entry_point'), fc.integer({ min: 0, max: 120 }),
      (raw, channel, category, to, windowState, at) => {
        // A catch-all keeps every quote answerable; the whatsapp/vk defaults are in the book too.
        const rules: PriceRuleInput[] = raw
          .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as PriceRuleInput)
          // A generated rule with no condition and no start would duplicate the catch-all (refused as a config error).
          .filter((r) => weight(r) > 0 || r.from !== undefined);
        const book = definePriceBook({ rules: [...rules, { id: 'catch-all', credits: 1 }] });
        const country = to === INDIA ? 'IN' : 'BR';
        const result = book.quote({ channel, category, to, windowState, at });
        const matching = book.rules.filter((r) => (r.channel ?? channel) === channel && (r.category ?? category) === category &&
          (r.country ?? country) === country && (r.windowState ?? windowState) === windowState && (r.from ?? 0) <= at && at < (r.until ?? Infinity));
        expect(matching).toContainEqual(result.rule);
        for (const other of matching) {
          expect(weight(other) < weight(result.rule) || (weight(other) === weight(result.rule) && (other.from ?? -1) <= (result.rule.from ?? -1))).toBe(true);
        }
        expect(result.amount).toBe(result.rule.credits);
      },
    ), { numRuns: 300 });
  });
});
