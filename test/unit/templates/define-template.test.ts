import { describe, expect, it } from 'vitest';
import { defineTemplate } from '../../../src/templates/define-template.js';
import type { TemplateDefinition } from '../../../src/templates/definition.js';
import { modules, orderShipped, thrown } from './helpers.js';

const issuesOf = (error: { details?: Record<string, unknown> }) => (error.details?.issues ?? []) as { path: string; message: string }[];

describe('defineTemplate', () => {
  it('returns a deeply frozen template that knows its parameter format and fields', () => {
    const template = defineTemplate(orderShipped, { modules });
    expect(template.parameterFormat).toBe('named');
    expect(template.fields).toEqual(['Deals.Deal Name', 'Deals.Order Number']);
    expect(Object.isFrozen(template)).toBe(true);
    expect(Object.isFrozen(template.variables)).toBe(true);
    expect(Object.isFrozen(template.variables.customer)).toBe(true);
    expect(() => { (template as { body: string }).body = 'changed'; }).toThrow(TypeError);
  });

  it('does not freeze or keep the caller\'s objects', () => {
    const variables = { ...orderShipped.variables };
    defineTemplate({ ...orderShipped, variables });
    expect(Object.isFrozen(variables)).toBe(false);
  });

  it('detects positional templates', () => {
    const template = defineTemplate({
      name: 'reminder', language: 'ru', category: 'UTILITY',
      body: 'Напоминаем: запись {{2}} завтра, {{1}}.',
      variables: { 1: { bind: 'time', example: '10:00' }, 2: { bind: 'service', example: 'к врачу' } },
    });
    expect(template.parameterFormat).toBe('positional');
  });

  it('rejects names that are not lowercase letters, digits and underscores', () => {
    const error = thrown(() => defineTemplate({ ...orderShipped, name: 'Order-Shipped' }));
    expect(error.code).toBe('INVALID_TEMPLATE');
    expect(error.field).toBe('name');
  });

  it('rejects a body over 1024 characters, a header or footer over 60', () => {
    const error = thrown(() => defineTemplate({ ...orderShipped, body: 'x'.repeat(1025), footer: 'f'.repeat(61), header: { type: 'text', text: 'h'.repeat(61) } }));
    expect(issuesOf(error).map((i) => i.path).sort()).toEqual(['body', 'footer', 'header.text']);
  });

  it('never mixes named and positional placeholders', () => {
    const error = thrown(() => defineTemplate({
      ...orderShipped, body: 'Hi {{customer}}, order {{1}} shipped today.',
      variables: { customer: orderShipped.variables!.customer!, 1: { bind: 'Order Number', example: '1' } },
    }));
    expect(error.code).toBe('INVALID_TEMPLATE');
    expect(error.message).toContain('mix');
  });

  it('requires positional placeholders numbered 1..n without gaps or repeats', () => {
    const spec = { bind: 'Amount', example: '1' };
    const gap = thrown(() => defineTemplate({ ...orderShipped, body: 'A {{1}} b {{3}} c', variables: { 1: spec, 3: spec } }));
    expect(gap.message).toContain('{{2}} is missing');
    const repeat = thrown(() => defineTemplate({ ...orderShipped, body: 'A {{1}} b {{1}} c', variables: { 1: spec } }));
    expect(repeat.message).toContain('more than once');
  });

  it('requires a non-empty example for every variable (Meta reviews samples)', () => {
    const error = thrown(() => defineTemplate({
      ...orderShipped, body: 'Hi {{customer}}, order {{order_id}} shipped.',
      variables: { customer: { bind: 'Deal Name', example: '' }, order_id: { bind: 'Amount', example: '1' } },
    }));
    expect(error.code).toBe('INVALID_TEMPLATE');
    expect(issuesOf(error).map((i) => i.path)).toContain('variables.customer.example');
  });

  it('reports an undefined and an unused variable together', () => {
    const error = thrown(() => defineTemplate({
      ...orderShipped, body: 'Hi {{customer}}, order {{order_id}} shipped.',
      variables: { customer: { bind: 'Deal Name', example: 'Ivan' }, extra: { bind: 'Amount', example: '1' } },
    }));
    expect(issuesOf(error).map((i) => i.path).sort()).toEqual(['variables.extra', 'variables.order_id']);
  });

  it('reports malformed placeholders with their position', () => {
    const error = thrown(() => defineTemplate({ ...orderShipped, body: 'Hi {{ customer }}, order {{order_id}} shipped.' }));
    expect(issuesOf(error)[0]?.message).toMatch(/not a placeholder.*at 3/);
  });

  it('refuses variables in the footer and more than one in a text header', () => {
    const error = thrown(() => defineTemplate({
      ...orderShipped, footer: 'Order {{order_id}}',
      header: { type: 'text', text: '{{customer}} {{order_id}}' },
    }));
    expect(issuesOf(error).map((i) => i.path)).toEqual(expect.arrayContaining(['footer', 'header.text']));
  });

  it('names the unknown field when a binding leaves the module', () => {
    const error = thrown(() => defineTemplate({
      ...orderShipped,
      variables: { ...orderShipped.variables, customer: { bind: 'Leads.First Name', example: 'Ivan' } },
    }, { modules }));
    expect(error.code).toBe('UNKNOWN_FIELD');
    expect(error.field).toBe('variables.customer.bind');
    expect(error.message).toContain('"Leads.First Name" is not a field of module Deals');
  });

  it('rejects an undeclared module', () => {
    const error = thrown(() => defineTemplate({ ...orderShipped, module: 'Invoices', variables: { customer: { bind: (r) => r.x, example: 'I' }, order_id: { bind: (r) => r.y, example: '1' } } }, { modules }));
    expect(error.code).toBe('UNKNOWN_MODULE');
  });

  it('checks module-qualified paths of templates without a module', () => {
    const error = thrown(() => defineTemplate({
      ...orderShipped, module: undefined,
      variables: { customer: { bind: 'Leads.Nickname', example: 'Ivan' }, order_id: { bind: 'order.id', example: '1' } },
    } as unknown as TemplateDefinition, { modules }));
    expect(error.code).toBe('UNKNOWN_FIELD');
    expect(issuesOf(error)).toHaveLength(1);
  });

  it('accepts function bindings without a module check', () => {
    const template = defineTemplate({ ...orderShipped, variables: { customer: { bind: (r) => r['Deal Name'], example: 'Ivan' }, order_id: orderShipped.variables!.order_id! } }, { modules });
    expect(template.fields).toEqual(['Deals.Order Number']);
  });

  describe('buttons', () => {
    const url = (n: number) => ({ type: 'url' as const, text: `Open ${n}`, url: `https://shop.example/${n}` });
    it('enforces Meta\'s per-type limits and grouping', () => {
      const error = thrown(() => defineTemplate({
        ...orderShipped,
        buttons: [
          { type: 'quick_reply', text: 'Yes' }, url(1), { type: 'quick_reply', text: 'No' }, url(2), url(3),
          { type: 'phone_number', text: 'Call', phoneNumber: '+15550001' }, { type: 'phone_number', text: 'Call 2', phoneNumber: '+15550002' },
        ],
      }));
      expect(issuesOf(error).map((i) => i.message)).toEqual(expect.arrayContaining([
        'At most 2 URL buttons', 'At most 1 phone-number button', expect.stringContaining('grouped') as string,
      ]));
    });

    it('rejects more than 10 buttons and labels over 25 characters', () => {
      const many = Array.from({ length: 11 }, (_, i) => ({ type: 'quick_reply' as const, text: `Option ${i}` }));
      expect(issuesOf(thrown(() => defineTemplate({ ...orderShipped, buttons: many }))).map((i) => i.path)).toContain('buttons');
      expect(issuesOf(thrown(() => defineTemplate({ ...orderShipped, buttons: [{ type: 'quick_reply', text: 'x'.repeat(26) }] })))[0]?.path).toBe('buttons[0].text');
    });

    it('requires a URL variable to end the URL and to be bound', () => {
      const middle = thrown(() => defineTemplate({ ...orderShipped, buttons: [{ type: 'url', text: 'Track', url: 'https://t.example/{{1}}/x', variable: { bind: 'Tracking Code', example: 'Z1' } }] }));
      expect(middle.message).toContain('end of the URL');
      const unbound = thrown(() => defineTemplate({ ...orderShipped, buttons: [{ type: 'url', text: 'Track', url: 'https://t.example/{{1}}' }] }));
      expect(unbound.field).toBe('buttons[0].variable');
    });

    it('limits a copy-code example to 20 characters', () => {
      const error = thrown(() => defineTemplate({ ...orderShipped, buttons: [{ type: 'copy_code', code: { bind: 'Coupon', example: 'C'.repeat(21) } }] }));
      expect(error.field).toBe('buttons[0].code.example');
    });
  });
});
