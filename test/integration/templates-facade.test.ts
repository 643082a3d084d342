import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { CUSTOMER_PHONE, ORDER_SHIPPED, createHarness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

describe('templates through the facade', () => {
  it('a defined template is submitted for review, synced when Meta approves it, and can then be sent', async () => {
    h = await createHarness();
    const draft = await h.sb.templates.define(ORDER_SHIPPED);
    expect(draft.status).toBe('draft');
    await h.optIn();
    await expect(h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'A-1' } }))
      .rejects.toMatchObject({ code: 'TEMPLATE_NOT_APPROVED' });

    const submitted = await h.sb.templates.submit('order_shipped', 'en_US');
    expect(submitted).toMatchObject({ status: 'pending', providerTemplateId: h.whatsapp.sim.templates[0]?.id });
    // In review: no edits, no second submission.
    await expect(h.sb.templates.submit('order_shipped', 'en_US')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

    h.whatsapp.sim.setTemplateStatus('order_shipped', 'en_US', 'APPROVED');
    const changed = await h.sb.templates.sync();
    expect(changed.map((t) => t.status)).toEqual(['approved']);
    expect(h.recorded('template.status_changed')).toMatchObject([{ previousStatus: 'draft' }, { previousStatus: 'pending', template: { status: 'approved' } }]);
    expect((await h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { order_id: 'A-1' } })).message.status).toBe('sent');
  });

  it('a notification template with promotional wording is stopped by the linter before it reaches Meta', async () => {
    h = await createHarness();
    await h.sb.templates.define({ ...ORDER_SHIPPED, name: 'order_promo', body: 'Hello {{first_name}}, your order {{order_id}} has shipped. Get 50% off your next order with code SAVE50!' });
    await expect(h.sb.templates.submit('order_promo', 'en_US')).rejects.toMatchObject({ code: 'TEMPLATE_LINT_FAILED', remedy: 'fix_input' });
    expect(h.whatsapp.sim.templates).toHaveLength(0);
  });

  it('record values that would make a notification promotional are refused before sending', async () => {
    h = await createHarness();
    await h.seedTemplate(ORDER_SHIPPED);
    await h.optIn();
    await expect(h.sb.send({ to: CUSTOMER_PHONE, channel: 'whatsapp', template: 'order_shipped', data: { first_name: 'Ada', order_id: '50% OFF everything, use coupon SAVE50' } }))
      .rejects.toMatchObject({ code: 'TEMPLATE_VALUES_REFUSED', field: 'data' });
    expect(h.whatsapp.sim.sent).toHaveLength(0);
  });
});
