import { describe, expect, it } from 'vitest';
import { defineCannedResponse, renderCannedResponse, updateCannedResponse } from '../../../src/templates/canned-responses.js';
import { modules, thrown } from './helpers.js';

describe('canned responses', () => {
  it('validates a response whose merge fields belong to its module', () => {
    const draft = defineCannedResponse({ name: '  Greeting ', module: 'Leads', body: 'Hi, {{First Name}} from {{Leads.Company}}!' }, { modules });
    expect(draft).toEqual({ name: 'Greeting', module: 'Leads', body: 'Hi, {{First Name}} from {{Leads.Company}}!' });
  });

  it('names every merge field outside the module', () => {
    const error = thrown(() => defineCannedResponse({ name: 'Deal', module: 'Leads', body: '{{Deals.Amount}} for {{Nickname}}' }, { modules }));
    expect(error.code).toBe('UNKNOWN_FIELD');
    expect((error.details?.issues as unknown[]).length).toBe(2);
    expect(error.message).toContain('"Nickname" is not a field of module Leads');
  });

  it('rejects an undeclared module and an empty name', () => {
    expect(thrown(() => defineCannedResponse({ name: 'x', module: 'Invoices', body: 'Hello' }, { modules })).code).toBe('UNKNOWN_MODULE');
    expect(thrown(() => defineCannedResponse({ name: '  ', module: 'Leads', body: 'Hello' })).field).toBe('name');
  });

  it('refuses a module change with MODULE_LOCKED and accepts the same module', () => {
    const current = { name: 'Greeting', module: 'Leads' };
    const error = thrown(() => updateCannedResponse(current, { module: 'Deals' }));
    expect(error.code).toBe('MODULE_LOCKED');
    expect(error.field).toBe('module');
    expect(updateCannedResponse(current, { module: 'Leads', body: 'Hello {{Company}}' }, { modules })).toEqual({ module: 'Leads', body: 'Hello {{Company}}' });
  });

  it('checks an updated body against the fixed module', () => {
    expect(thrown(() => updateCannedResponse({ name: 'Greeting', module: 'Leads' }, { body: 'Deal {{Amount}}' }, { modules })).code).toBe('UNKNOWN_FIELD');
  });

  it('renders with the record of its module and keeps line breaks (free text, not a template parameter)', () => {
    const response = { module: 'Leads', body: 'Hi, {{Leads.First Name}}!\nYour manager: {{Owner.name}}' };
    expect(renderCannedResponse(response, { 'First Name': 'Ivan', Owner: { name: 'Olga' } }).text).toBe('Hi, Ivan!\nYour manager: Olga');
    const error = thrown(() => renderCannedResponse(response, {}));
    expect(error.code).toBe('MISSING_FIELDS');
    expect(error.details?.missing).toEqual([
      { variable: 'Leads.First Name', component: 'text', field: 'Leads.First Name' },
      { variable: 'Owner.name', component: 'text', field: 'Owner.name' },
    ]);
  });
});
