import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateId } from '../../../../src/core/ids.js';
import type { TemplateRecord } from '../../../../src/model/template.js';
import { diffTemplateStatuses } from '../../../../src/channels/whatsapp/index.js';
import { templateSubmission } from '../../../../src/channels/whatsapp/templates.js';
import { simulated } from './helpers.js';

const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterEach(() => { server.resetHandlers(); });
afterAll(() => { server.close(); });

function template(overrides: Partial<TemplateRecord> = {}): TemplateRecord {
  return {
    id: 'tpl_01JD0000000000000000000000' as TemplateId,
    name: 'order_shipped',
    language: 'en_US',
    category: 'UTILITY',
    requestedCategory: 'UTILITY',
    status: 'draft',
    header: { type: 'text', text: 'Order {{order_id}}' },
    body: 'Hi {{first_name}}, your order {{order_id}} has shipped.',
    footer: 'Reply STOP to opt out',
    buttons: [{ type: 'url', text: 'Track', url: 'https://shop.test/track/{{1}}', example: 'https://shop.test/track/42' }, { type: 'quick_reply', text: 'Thanks' }],
    variables: [{ name: 'first_name', example: 'Ivan', path: 'Leads.First Name' }, { name: 'order_id', example: '#42' }],
    createdAt: 1, updatedAt: 1, version: 1,
    ...overrides,
  };
}

describe('WhatsApp template management', () => {
  it('builds a named submission with examples for every variable', () => {
    expect(templateSubmission(template())).toEqual({
      name: 'order_shipped', language: 'en_US', category: 'UTILITY', parameter_format: 'named',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{order_id}}', example: { header_text_named_params: [{ param_name: 'order_id', example: '#42' }] } },
        { type: 'BODY', text: 'Hi {{first_name}}, your order {{order_id}} has shipped.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ivan' }, { param_name: 'order_id', example: '#42' }] } },
        { type: 'FOOTER', text: 'Reply STOP to opt out' },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.test/track/{{1}}', example: ['https://shop.test/track/42'] }, { type: 'QUICK_REPLY', text: 'Thanks' }] },
      ],
    });
  });

  it('builds a positional submission', () => {
    const body = templateSubmission(template({ header: undefined, footer: undefined, buttons: [], body: 'Hi {{1}}, order {{2}} shipped.', variables: [{ name: '1', example: 'Ivan' }, { name: '2', example: '#42' }] }));
    expect(body).toMatchObject({ parameter_format: 'positional', components: [{ type: 'BODY', example: { body_text: [['Ivan', '#42']] } }] });
  });

  it('refuses a variable without an example, naming the field', () => {
    expect(() => templateSubmission(template({ variables: [{ name: 'first_name', example: 'Ivan' }] }))).toThrow(expect.objectContaining({ code: 'WHATSAPP_INVALID_MESSAGE', field: 'header.text' }));
  });

  it('submits, lists (across pages) and syncs statuses with the simulator', async () => {
    const { sim, adapter } = simulated(server, { sim: { templates: Array.from({ length: 120 }, (_, i) => ({ name: `t_${i}`, language: 'en', status: 'APPROVED' as const })) } });
    const submitted = await adapter.submitTemplate(template());
    expect(submitted).toMatchObject({ status: 'pending', category: 'UTILITY' });
    expect(submitted.providerTemplateId).toMatch(/^\d+$/);
    expect(sim.requests.at(-1)?.path).toBe('/v25.0/102290129340398/message_templates');

    sim.setTemplateStatus('order_shipped', 'en_US', 'REJECTED');
    const listed = await adapter.listTemplates();
    expect(listed).toHaveLength(121);
    expect(listed.find((t) => t.name === 'order_shipped')).toMatchObject({ status: 'rejected', category: 'UTILITY' });

    const stored = template({ status: 'pending', providerTemplateId: submitted.providerTemplateId });
    const updates = await adapter.syncTemplates([stored]);
    expect(updates).toEqual([{ templateId: stored.id, providerTemplateId: submitted.providerTemplateId, status: 'rejected', category: 'UTILITY' }]);
  });

  it('diffTemplateStatuses keeps Meta\'s category and skips unchanged templates', () => {
    const stored = [template({ status: 'approved', providerTemplateId: '1' }), template({ id: 'tpl_01JD0000000000000000000001' as TemplateId, name: 'other', status: 'approved', providerTemplateId: '2' })];
    const updates = diffTemplateStatuses(stored, [
      { providerTemplateId: '1', name: 'order_shipped', language: 'en_US', status: 'approved', category: 'MARKETING' },
      { providerTemplateId: '2', name: 'other', language: 'en_US', status: 'approved', category: 'UTILITY' },
    ]);
    expect(updates).toEqual([{ templateId: stored[0]?.id, providerTemplateId: '1', status: 'approved', category: 'MARKETING' }]);
  });
});
