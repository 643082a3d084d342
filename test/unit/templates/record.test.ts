import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src/core/clock.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import { templateRecordSchema } from '../../../src/model/template.js';
import { defineTemplate } from '../../../src/templates/define-template.js';
import type { TemplateDefinition } from '../../../src/templates/definition.js';
import { editTemplate, fromTemplateRecord, toTemplateContent, toTemplateRecord } from '../../../src/templates/record.js';
import type { LintableTemplate } from '../../../src/templates/lint/types.js';
import { renderTemplate } from '../../../src/templates/render-template.js';
import { transitionTemplate } from '../../../src/templates/lifecycle.js';
import { modules, orderShipped, thrown } from './helpers.js';

const clock = createVirtualClock(Date.UTC(2026, 5, 1));
const ids = createIdGenerator({ clock });

const full: TemplateDefinition = {
  ...orderShipped,
  header: { type: 'text', text: 'Order {{order_id}}' },
  buttons: [
    { type: 'quick_reply', text: 'Thanks' },
    { type: 'url', text: 'Track', url: 'https://t.example/track/{{1}}', variable: { bind: 'Tracking Code', example: 'Z 1' } },
    { type: 'copy_code', code: { bind: (r) => r.Coupon, example: 'SAVE10' } },
  ],
};
const data = { 'Deal Name': 'Ivan', 'Order Number': 'A-7', 'Tracking Code': 'Z9', Coupon: 'WELCOME5' };

describe('template records', () => {
  it('stores a definition as a valid TemplateRecord, with Meta\'s URL example', () => {
    const record = toTemplateRecord(defineTemplate(full), { id: ids.next('tpl'), clock });
    expect(templateRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({ status: 'draft', category: 'UTILITY', requestedCategory: 'UTILITY', version: 1, createdAt: clock.now(), updatedAt: clock.now() });
    expect(record.buttons[1]).toEqual({ type: 'url', text: 'Track', url: 'https://t.example/track/{{1}}', example: 'https://t.example/track/Z%201' });
    expect(record.variables).toEqual([
      { name: 'customer', path: 'Deals.Deal Name', example: 'Ivan', fallback: 'there' },
      { name: 'order_id', path: 'Deals.Order Number', example: 'A-1042' },
      { name: '1', path: 'Tracking Code', example: 'Z 1', component: 'button', button: 1 },
      { name: '1', example: 'SAVE10', component: 'button', button: 2 },
    ]);
  });

  it('gives the stored definition without storage facts, in the shape the linter reads', () => {
    const content: LintableTemplate = toTemplateContent(defineTemplate(full));
    const record = toTemplateRecord(defineTemplate(full), { id: ids.next('tpl'), clock });
    expect(content).toEqual({
      name: record.name, language: record.language, category: record.category, module: record.module,
      header: record.header, body: record.body, footer: record.footer, buttons: record.buttons, variables: record.variables,
    });
  });

  it('round-trips: a template loaded from its record renders the same', () => {
    const original = defineTemplate(full);
    const record = toTemplateRecord(original, { id: ids.next('tpl'), clock });
    const loaded = fromTemplateRecord(record, { bindings: { 'buttons.2': (r) => r.Coupon }, modules });
    expect(renderTemplate(loaded, data)).toEqual(renderTemplate(original, data));
    expect(toTemplateRecord(loaded, { id: record.id, clock })).toEqual(record);
  });

  it('needs the function bindings that storage could not keep', () => {
    const record = toTemplateRecord(defineTemplate(full), { id: ids.next('tpl'), clock });
    const error = thrown(() => fromTemplateRecord(record));
    expect(error.code).toBe('INVALID_TEMPLATE');
    expect(error.message).toContain('buttons.2');
  });

  it('round-trips a positional template with a header variable of its own', () => {
    const original = defineTemplate({
      name: 'visit', language: 'ru', category: 'UTILITY', header: { type: 'text', text: 'Запись {{1}}', variable: { bind: 'date', example: '12.05' } },
      body: 'Ждём вас {{1}} в {{2}}.', variables: { 1: { bind: 'date', example: '12.05' }, 2: { bind: 'time', example: '10:00' } },
    });
    const loaded = fromTemplateRecord(toTemplateRecord(original, { id: ids.next('tpl'), clock }));
    const rendered = renderTemplate(loaded, { date: '12.05', time: '10:00' });
    expect(rendered.outbound).toEqual({ name: 'visit', language: 'ru', header: { type: 'text', parameters: ['12.05'] }, body: ['12.05', '10:00'] });
    expect(rendered.preview).toBe('Запись 12.05\nЖдём вас 12.05 в 10:00.');
  });

  describe('editTemplate', () => {
    const stored = toTemplateRecord(defineTemplate(orderShipped), { id: ids.next('tpl'), clock, version: 3 });

    it('returns a rejected template to draft with the new definition and category', () => {
      const rejected = { ...transitionTemplate(transitionTemplate(stored, 'submit'), 'reject', { reason: 'INCORRECT_CATEGORY' }), providerTemplateId: '42' };
      clock.advance(60_000);
      const edited = editTemplate(rejected, { body: 'Hi {{customer}}, order {{order_id}} is on its way to you.', category: 'MARKETING' }, { clock, modules });
      expect(edited).toMatchObject({ status: 'draft', category: 'MARKETING', requestedCategory: 'MARKETING', providerTemplateId: '42', version: 3, updatedAt: clock.now() });
      expect(edited).not.toHaveProperty('rejectionReason');
      expect(edited.body).toContain('on its way');
    });

    it('refuses edits of approved templates and invalid changes', () => {
      const approved = transitionTemplate(transitionTemplate(stored, 'submit'), 'approve');
      expect(thrown(() => editTemplate(approved, { footer: 'New footer' })).code).toBe('TEMPLATE_NOT_EDITABLE');
      expect(thrown(() => editTemplate(stored, { body: 'Hi {{someone}} and more words here.' })).code).toBe('INVALID_TEMPLATE');
    });

    it('refuses renaming a template the provider already knows', () => {
      expect(thrown(() => editTemplate({ ...stored, providerTemplateId: '42' }, { name: 'order_sent' })).field).toBe('name');
      expect(editTemplate(stored, { name: 'order_sent' }).name).toBe('order_sent');
    });
  });
});
