import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src/core/clock.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import { createMemoryStore } from '../../../src/ports/memory/store.js';
import { defineCannedResponse, updateCannedResponse } from '../../../src/templates/canned-responses.js';
import { defineTemplate } from '../../../src/templates/define-template.js';
import { applyProviderCategory, applySubmission } from '../../../src/templates/lifecycle.js';
import { fromTemplateRecord, toTemplateRecord } from '../../../src/templates/record.js';
import { renderTemplate } from '../../../src/templates/render-template.js';
import { modules, orderShipped } from './helpers.js';

describe('templates and canned responses through the store ports', () => {
  const clock = createVirtualClock(Date.UTC(2026, 5, 1));
  const ids = createIdGenerator({ clock });

  it('saves a template record, applies provider updates and loads it back for rendering', async () => {
    const store = createMemoryStore({ clock, ids });
    const created = await store.templates.save(toTemplateRecord(defineTemplate(orderShipped, { modules }), { id: ids.next('tpl'), clock }), null);
    const submitted = applySubmission(created, { providerTemplateId: '278077987957091', status: 'pending', category: 'UTILITY' }, { clock });
    const saved = await store.templates.save(submitted, created.version);
    const recategorized = await store.templates.save(applyProviderCategory(saved, { newCategory: 'MARKETING', stage: 'completed' }, { clock }), saved.version);
    const loaded = await store.templates.getByProviderId('278077987957091');
    expect(loaded).toMatchObject({ category: 'MARKETING', requestedCategory: 'UTILITY', status: 'pending', version: recategorized.version });
    expect(renderTemplate(fromTemplateRecord(loaded!, { modules }), { 'Deal Name': 'Ivan', 'Order Number': 'A-7' }).bodyParameters).toEqual({ customer: 'Ivan', order_id: 'A-7' });
  });

  it('creates and updates canned responses with validated input', async () => {
    const store = createMemoryStore({ clock, ids });
    const created = await store.cannedResponses.create(defineCannedResponse({ name: 'Greeting', module: 'Leads', body: 'Hi, {{First Name}}!' }, { modules }));
    const updated = await store.cannedResponses.update(created.id, updateCannedResponse(created, { body: 'Hello, {{First Name}}!' }, { modules }), created.version);
    expect(updated).toMatchObject({ module: 'Leads', body: 'Hello, {{First Name}}!', version: created.version + 1 });
  });
});
