import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../../../src/core/errors.js';
import { defineTemplate } from '../../../src/templates/define-template.js';
import { parseMergeFields } from '../../../src/templates/merge-fields.js';
import { renderTemplate } from '../../../src/templates/render-template.js';
import { renderText } from '../../../src/templates/render-text.js';
import { isInvalidParameterText, sanitizeParameterText } from '../../../src/templates/values.js';
import { orderShipped } from './helpers.js';

const template = defineTemplate({
  ...orderShipped,
  header: { type: 'text', text: 'Order {{order_id}}' },
  buttons: [{ type: 'url', text: 'Track', url: 'https://t.example/{{1}}', variable: { bind: 'Tracking.Code', example: 'Z1' } }],
});

/** Text rich in placeholders, braces and the whitespace WhatsApp refuses. */
const trickyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('{{', '}}', '{', '}', '{{customer}}', '{{order_id}}', '{{1}}', '{{ Deal Name }}', ' ', '     ', '\n', '\r\n', '\t', '\u2028', 'a', 'Я', '😀', '\uD800'),
    fc.string({ unit: 'binary', maxLength: 3 }),
  ),
  maxLength: 40,
});

const anyValue = fc.oneof(trickyText, fc.anything(), fc.date(), fc.double(), fc.bigInt(), fc.array(trickyText, { maxLength: 3 }));

const anyRecord = fc.oneof(
  fc.record({ 'Deal Name': anyValue, 'Order Number': anyValue, Tracking: fc.oneof(fc.record({ Code: anyValue }), anyValue) }, { requiredKeys: [] }),
  fc.anything(),
) as fc.Arbitrary<Record<string, unknown>>;

describe('rendering properties', () => {
  it('inserts values once: a value containing {{x}} is never rendered again', () => {
    fc.assert(fc.property(trickyText, trickyText, (name, order) => {
      const safeName = sanitizeParameterText(name).trim() === '' ? 'there' : sanitizeParameterText(name);
      fc.pre(sanitizeParameterText(order).trim() !== '');
      const rendered = renderTemplate(template, { 'Deal Name': name, 'Order Number': order, Tracking: { Code: 'Z' } });
      expect(rendered.text.body).toBe(`Hello ${safeName}, your order ${sanitizeParameterText(order)} has shipped and arrives soon.`);
      expect(rendered.text.header).toBe(`Order ${sanitizeParameterText(order)}`);
    }));
  });

  it('inserts free-text values once as well, keeping them verbatim', () => {
    fc.assert(fc.property(trickyText, (value) => {
      fc.pre(value.trim() !== '');
      expect(renderText('Hi, {{name}}! {{ name }}.', { name: value }).text).toBe(`Hi, ${value}! ${value}.`);
    }));
  });

  it('never throws anything but a typed error, whatever the record', () => {
    fc.assert(fc.property(anyRecord, fc.constantFrom('fix' as const, 'fail' as const), (record, onInvalidParameter) => {
      try {
        const rendered = renderTemplate(template, record, { onInvalidParameter });
        for (const value of Object.values(rendered.bodyParameters)) expect(isInvalidParameterText(value)).toBe(false);
      } catch (error) {
        expect(isSwitchboardError(error)).toBe(true);
      }
      try {
        renderText('{{Deal Name}} / {{Tracking.Code}} / {{Order Number}}', record, { onMissing: 'keep' });
      } catch (error) {
        expect(isSwitchboardError(error)).toBe(true);
      }
    }), { numRuns: 500 });
  });

  it('never throws anything but a typed error, whatever the definition text', () => {
    fc.assert(fc.property(trickyText, trickyText, (body, footer) => {
      try {
        defineTemplate({ name: 'any_text', language: 'en', category: 'UTILITY', body, footer });
      } catch (error) {
        expect(isSwitchboardError(error)).toBe(true);
      }
    }));
  });

  it('sanitized parameters never contain a line break, a tab or five spaces, and sanitizing twice changes nothing', () => {
    fc.assert(fc.property(trickyText, (text) => {
      const clean = sanitizeParameterText(text);
      expect(/[\n\r\t\v\f\u0085\u2028\u2029]/.test(clean)).toBe(false);
      expect(clean.includes('     ')).toBe(false);
      expect(isInvalidParameterText(clean)).toBe(false);
      expect(sanitizeParameterText(clean)).toBe(clean);
    }), { numRuns: 1000 });
  });

  it('parses free text losslessly: literals and placeholders rebuild the source', () => {
    fc.assert(fc.property(trickyText, (text) => {
      const parsed = parseMergeFields(text, 'text');
      let rebuilt = parsed.literals[0] ?? '';
      parsed.fields.forEach((field, i) => { rebuilt += text.slice(field.start, field.end) + (parsed.literals[i + 1] ?? ''); });
      expect(rebuilt).toBe(text);
    }));
  });
});
