import { describe, expect, it } from 'vitest';
import { createVirtualClock, DAY } from '../../../src/core/clock.js';
import { createMemoryLedger, definePriceBook } from '../../../src/ledger/index.js';
import type { PaymentRequest } from '../../../src/ledger/index.js';

// The examples of docs/credits.md, run as written (the payment provider is a recorder).
describe('docs/credits.md examples', () => {
  it('quick start: top up, quote, reserve, capture', async () => {
    const charged: PaymentRequest[] = [];
    const payments = { charge: (account: string, amount: number, options: { idempotencyKey: string }) => {
      charged.push({ account, amount: amount as PaymentRequest['amount'], idempotencyKey: options.idempotencyKey });
      return Promise.resolve();
    } };
    const clock = createVirtualClock(Date.UTC(2026, 10, 21));
    const ledger = createMemoryLedger({
      clock,
      autoRecharge: {
        below: 500,
        topUp: 5_000,
        pay: ({ account, amount, idempotencyKey }) => payments.charge(account, amount, { idempotencyKey }),
      },
    });
    const prices = definePriceBook({
      whatsapp: {
        templates: {
          '*': { MARKETING: 600, UTILITY: 120, AUTHENTICATION: 110 },
          IN: { MARKETING: 110, UTILITY: 15, AUTHENTICATION: 15 },
        },
        service: { '*': 20 },
      },
    });
    await ledger.topUp({ id: 'payment_8f2c', account: 'acme', amount: 10_000, source: 'purchase' });
    const quote = prices.quote({ channel: 'whatsapp', category: 'MARKETING', to: '+919876543210', windowState: 'closed', at: clock.now() });
    const messageId = 'msg_01JD0000000000000000000000';
    expect(quote.amount).toBe(110);
    await ledger.reserve({
      id: messageId, account: 'acme', amount: quote.amount,
      expiresAt: clock.now() + 31 * DAY, reason: `whatsapp:MARKETING:${quote.country ?? '?'}:${quote.rule.id}`,
    });
    await ledger.capture({ holdId: messageId });
    expect(await ledger.balance('acme')).toEqual({ account: 'acme', available: 9_890, held: 0, posted: 9_890 });
    expect(charged).toEqual([]);
  });

  it('prices as data: the utility-in-window rule and the overrides', () => {
    const prices = definePriceBook({
      whatsapp: {
        templates: { '*': { MARKETING: 600, UTILITY: 120, AUTHENTICATION: 110 }, IN: { MARKETING: 110 } },
        service: { '*': 20, IN: 5 },
        serviceChargedFrom: '2026-10-01T00:00:00Z',
      },
      vk: { credits: 0 },
      rules: [
        { id: 'br-marketing', channel: 'whatsapp', category: 'MARKETING', country: 'BR', credits: 400 },
        { id: 'br-marketing-2027', channel: 'whatsapp', category: 'MARKETING', country: 'BR', credits: 450, from: '2027-01-01T00:00:00Z' },
      ],
    });
    expect(prices.quote({ channel: 'whatsapp', category: 'UTILITY', to: '+919876543210', windowState: 'open', at: Date.parse('2026-09-01') }))
      .toMatchObject({ amount: 0, country: 'IN', rule: { id: 'whatsapp.utility_in_window_free', until: 1790812800000 } });
    const brazil = { channel: 'whatsapp', category: 'MARKETING', to: '+5511987654321', windowState: 'closed' } as const;
    expect(prices.quote({ ...brazil, at: Date.parse('2026-12-01') }).rule.id).toBe('br-marketing');
    expect(prices.quote({ ...brazil, at: Date.parse('2027-01-01') }).amount).toBe(450);
  });
});
