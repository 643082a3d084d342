import { describe, expect, it } from 'vitest';
import { listMergeFields, renderText } from '../../../src/templates/render-text.js';
import { thrown } from './helpers.js';

describe('renderText (merge fields in replies, SPEC F8)', () => {
  const lead = { 'First Name': 'Ivan', Company: '', Tags: ['vip', 'b2b'] };

  it('fills bound names and field paths in one pass', () => {
    const result = renderText('Hi, {{first_name}}! Tags: {{ Tags }}.', lead, { bindings: { first_name: 'Leads.First Name' }, module: 'Leads' });
    expect(result).toEqual({ text: 'Hi, Ivan! Tags: vip, b2b.', missing: [] });
  });

  it('reads nested records when no module is given', () => {
    expect(renderText('Hi, {{Leads.First Name}}', { Leads: lead }).text).toBe('Hi, Ivan');
  });

  it('reads the same text differently per module and per call options (nothing leaks between calls)', () => {
    const text = 'Hi, {{Leads.First Name}}';
    expect(renderText(text, lead, { module: 'Leads' }).text).toBe('Hi, Ivan');
    expect(renderText(text, lead, { onMissing: 'empty' }).text).toBe('Hi, ');
    expect(renderText(text, lead, { module: 'Leads', fallbacks: { 'Leads.First Name': 'x' } }).text).toBe('Hi, Ivan');
    expect(renderText(text, {}, { module: 'Leads', fallbacks: { 'Leads.First Name': 'friend' } }).text).toBe('Hi, friend');
    expect(thrown(() => renderText(text, {}, { module: 'Leads' })).code).toBe('MISSING_FIELDS');
  });

  it('applies fallbacks and reports all missing fields at once', () => {
    expect(renderText('{{Company}}', lead, { fallbacks: { Company: 'your company' } }).text).toBe('your company');
    const error = thrown(() => renderText('{{Company}} {{Phone}}', lead));
    expect(error.code).toBe('MISSING_FIELDS');
    expect((error.details?.missing as unknown[]).length).toBe(2);
  });

  it('keeps or empties missing placeholders for previews when asked', () => {
    expect(renderText('Hi {{ Nick }}!', lead, { onMissing: 'keep' })).toEqual({ text: 'Hi {{ Nick }}!', missing: [{ variable: 'Nick', component: 'text', field: 'Nick' }] });
    expect(renderText('Hi {{Nick}}!', lead, { onMissing: 'empty' }).text).toBe('Hi !');
  });

  it('accepts function bindings and never reads Object.prototype members', () => {
    expect(renderText('{{greeting}}', lead, { bindings: { greeting: (r) => `Hello ${String(r['First Name'])}` } }).text).toBe('Hello Ivan');
    expect(renderText('[{{constructor}}][{{__proto__}}]', {}, { onMissing: 'empty' }).text).toBe('[][]');
  });

  it('lists the merge fields of a text', () => {
    expect(listMergeFields('{{a}} {{ b }} {{a}} {{}}')).toEqual(['a', 'b']);
  });
});
