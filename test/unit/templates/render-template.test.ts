import { fixturePath } from '../../fixtures/paths.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineTemplate } from '../../../src/templates/define-template.js';
import { renderTemplate } from '../../../src/templates/render-template.js';
import { modules, orderShipped, thrown } from './helpers.js';

interface FixtureParameter { type: string; text: string; parameter_name?: string }
function fixtureParameters(file: string): FixtureParameter[] {
  const bytes = readFileSync(fixturePath(`whatsapp/${file}`));
  const payload = JSON.parse(bytes.toString('utf8')) as { template: { name: string; language: { code: string }; components: { type: string; parameters: FixtureParameter[] }[] } };
  return payload.template.components.find((c) => c.type === 'body')?.parameters ?? [];
}

const confirmation = {
  name: 'order_confirmation', language: 'en_US', category: 'UTILITY' as const,
  body: 'Thank you, {{first_name}}! Your order {{order_number}} is confirmed.',
  variables: { first_name: { bind: 'contact.first_name', example: 'Pablo' }, order_number: { bind: 'order.number', example: '860198-230332' } },
};
const record = { contact: { first_name: 'Jessica' }, order: { number: 'SKBUP2-4CPIG9' } };

describe('renderTemplate', () => {
  it('produces the named body parameters of Meta\'s named send request, in order', () => {
    const rendered = renderTemplate(defineTemplate(confirmation), record);
    const expected = fixtureParameters('send-request-template-named.json');
    expect(Object.entries(rendered.bodyParameters)).toEqual(expected.map((p) => [p.parameter_name, p.text]));
    expect(rendered.outbound).toEqual({ name: 'order_confirmation', language: 'en_US', body: rendered.bodyParameters });
    expect(rendered.preview).toBe('Thank you, Jessica! Your order SKBUP2-4CPIG9 is confirmed.');
  });

  it('produces the positional body parameters of Meta\'s positional send request, by number', () => {
    const template = defineTemplate({
      ...confirmation,
      body: 'Order {{2}} for {{1}} is confirmed. Thank you!',
      variables: { 1: confirmation.variables.first_name, 2: confirmation.variables.order_number },
    });
    const rendered = renderTemplate(template, record);
    expect(rendered.bodyParameters).toEqual(fixtureParameters('send-request-template-positional.json').map((p) => p.text));
    expect(rendered.text.body).toBe('Order SKBUP2-4CPIG9 for Jessica is confirmed. Thank you!');
  });

  it('reads a module record flat: "Deals.Order Number" reads record["Order Number"]', () => {
    const rendered = renderTemplate(defineTemplate(orderShipped, { modules }), { 'Deal Name': 'Ivan', 'Order Number': 'A-7' });
    expect(rendered.text.body).toBe('Hello Ivan, your order A-7 has shipped and arrives soon.');
    expect(rendered.preview).toBe(`${rendered.text.body}\nReply STOP to opt out`);
  });

  it('reports every missing field at once and applies fallbacks', () => {
    const template = defineTemplate({
      ...orderShipped,
      header: { type: 'text', text: 'Order {{order_id}}' },
      buttons: [{ type: 'url', text: 'Track', url: 'https://t.example/{{1}}', variable: { bind: 'Tracking Code', example: 'Z1' } }],
    });
    const error = thrown(() => renderTemplate(template, { 'Deal Name': '   ' }));
    expect(error.code).toBe('MISSING_FIELDS');
    expect(error.details?.missing).toEqual([
      { variable: 'order_id', component: 'body', field: 'Deals.Order Number' },
      { variable: '1', component: 'button', field: 'Tracking Code' },
    ]);
    const filled = renderTemplate(template, { 'Order Number': 'A-7', 'Tracking Code': 'Z 9' });
    expect(filled.text.body).toContain('Hello there,');
    expect(filled.headerParameters).toEqual({ order_id: 'A-7' });
    expect(filled.buttonParameters).toEqual([{ index: 0, subType: 'url', parameter: 'Z%209' }]);
    expect(filled.outbound.header).toEqual({ type: 'text', parameters: { order_id: 'A-7' } });
  });

  it('never re-renders a value that contains a placeholder and never HTML-escapes', () => {
    const rendered = renderTemplate(defineTemplate(orderShipped), { 'Deal Name': '{{order_id}} <b>&', 'Order Number': '{{customer}}' });
    expect(rendered.text.body).toBe('Hello {{order_id}} <b>&, your order {{customer}} has shipped and arrives soon.');
  });

  it('fixes line breaks, tabs and long space runs in parameters by default', () => {
    const rendered = renderTemplate(defineTemplate(orderShipped), { 'Deal Name': 'Ivan\n\tPetrov', 'Order Number': 'A      7' });
    expect(rendered.bodyParameters).toEqual({ customer: 'Ivan Petrov', order_id: 'A 7' });
  });

  it('fails instead of fixing when asked, naming error 132018', () => {
    const error = thrown(() => renderTemplate(defineTemplate(orderShipped), { 'Deal Name': 'Ivan\nPetrov', 'Order Number': 'A-7' }, { onInvalidParameter: 'fail' }));
    expect(error.code).toBe('INVALID_PARAMETER');
    expect((error as unknown as { providerCode: number }).providerCode).toBe(132018);
    expect(error.details?.parameters).toEqual([{ variable: 'customer', component: 'body', field: 'Deals.Deal Name', reason: 'line_break_or_spaces' }]);
  });

  it('formats numbers and dates predictably, and lets the caller format instead', () => {
    const template = defineTemplate({ ...orderShipped, variables: { customer: { bind: 'Deal Name', example: 'I' }, order_id: { bind: 'Amount', example: '1' } } });
    expect(renderTemplate(template, { 'Deal Name': new Date(Date.UTC(2026, 0, 2)), Amount: 1500.5 }).bodyParameters)
      .toEqual({ customer: '2026-01-02T00:00:00.000Z', order_id: '1500.5' });
    const custom = renderTemplate(template, { 'Deal Name': 'Ivan', Amount: 1500.5 }, { format: (v) => (typeof v === 'number' ? `${v.toFixed(2)} ₽` : undefined) });
    expect(custom.bodyParameters).toEqual({ customer: 'Ivan', order_id: '1500.50 ₽' });
  });

  it('refuses object values with a typed error instead of printing [object Object]', () => {
    const error = thrown(() => renderTemplate(defineTemplate(orderShipped), { 'Deal Name': { id: 1 }, 'Order Number': 'A' }));
    expect(error.code).toBe('INVALID_PARAMETER');
  });

  it('wraps a throwing function binding in BINDING_FAILED with the cause', () => {
    const boom = new Error('lookup failed');
    const template = defineTemplate({ ...orderShipped, variables: { ...orderShipped.variables, customer: { bind: () => { throw boom; }, example: 'I' } } });
    const error = thrown(() => renderTemplate(template, {}));
    expect(error.code).toBe('BINDING_FAILED');
    expect(error.cause).toBe(boom);
  });

  it('caps AUTHENTICATION parameters at 15 characters', () => {
    const otp = defineTemplate({ name: 'login_code', language: 'en', category: 'AUTHENTICATION', body: '{{1}} is your verification code.', variables: { 1: { bind: 'code', example: '123456' } } });
    expect(renderTemplate(otp, { code: 482913 }).bodyParameters).toEqual(['482913']);
    expect(thrown(() => renderTemplate(otp, { code: '1234567890123456' })).details?.parameters).toEqual([{ variable: '1', component: 'body', field: 'code', reason: 'too_long' }]);
  });

  it('requires the media of a media header and passes it through', () => {
    const template = defineTemplate({ ...orderShipped, header: { type: 'document', example: 'https://cdn.example/invoice.pdf' } });
    const data = { 'Deal Name': 'Ivan', 'Order Number': 'A-7' };
    expect(thrown(() => renderTemplate(template, data)).details?.missing).toEqual([{ variable: 'headerMedia', component: 'header' }]);
    expect(renderTemplate(template, data, { headerMedia: { link: 'https://cdn.example/a.pdf', filename: 'a.pdf' } }).outbound.header)
      .toEqual({ type: 'document', link: 'https://cdn.example/a.pdf', filename: 'a.pdf' });
  });

  it('fills a copy-code button', () => {
    const template = defineTemplate({ ...orderShipped, category: 'MARKETING', buttons: [{ type: 'quick_reply', text: 'Thanks' }, { type: 'copy_code', code: { bind: 'Coupon', example: 'SAVE10' } }] });
    const rendered = renderTemplate(template, { 'Deal Name': 'Ivan', 'Order Number': 'A-7', Coupon: 'WELCOME5' });
    expect(rendered.outbound.buttons).toEqual([{ index: 1, subType: 'copy_code', parameter: 'WELCOME5' }]);
  });

  it('renders a template without variables with an empty positional parameter list', () => {
    const plain = defineTemplate({ name: 'store_closed', language: 'en', category: 'UTILITY', body: 'Our store is closed today for inventory.' });
    const rendered = renderTemplate(plain, {});
    expect(rendered.parameterFormat).toBe('positional');
    expect(rendered.outbound).toEqual({ name: 'store_closed', language: 'en', body: [] });
  });

  it('refuses a look-alike object that was not defined', () => {
    const copy = { ...defineTemplate(orderShipped) };
    expect(thrown(() => renderTemplate(copy, {})).code).toBe('INVALID_TEMPLATE');
  });
});
