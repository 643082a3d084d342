import { defineModules } from '../../../src/templates/modules.js';
import type { TemplateDefinition } from '../../../src/templates/definition.js';

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export function thrown(fn: () => unknown): Error & { code: string; field?: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code: string; details?: Record<string, unknown> };
  }
  throw new Error('Expected the call to throw');
}

export const modules = defineModules({
  Leads: ['First Name', 'Last Name', 'Company', 'Owner', 'Tags', 'Created'],
  Deals: ['Deal Name', 'Amount', 'Order Number', 'Tracking Code', 'Coupon'],
});

export const orderShipped: TemplateDefinition = {
  name: 'order_shipped',
  language: 'en_US',
  category: 'UTILITY',
  module: 'Deals',
  body: 'Hello {{customer}}, your order {{order_id}} has shipped and arrives soon.',
  footer: 'Reply STOP to opt out',
  variables: {
    customer: { bind: 'Deals.Deal Name', example: 'Ivan', fallback: 'there' },
    order_id: { bind: 'Deals.Order Number', example: 'A-1042' },
  },
};
