import { describe, expect, it } from 'vitest';
import { createVkAdapter, vkLeadTitle, vkRetryLaterResponse } from '../../../../src/channels/vk/index.js';
import type { InboundEvent } from '../../../../src/channels/adapter.js';
import { newId } from '../../../../src/core/ids.js';
import { createVkSimulator } from '../../../../src/testing/vk.js';
import { useMswServer } from './helpers.js';

const server = useMswServer();

// The examples of docs/channels/vk.md, run against the simulator so the guide stays true.
describe('docs/channels/vk.md examples', () => {
  it('"Testing with the simulator" and "Names for lead titles"', async () => {
    const sim = createVkSimulator({ users: { 100: { firstName: 'Ivan', lastName: 'Petrov' } }, groupName: 'Shop' });
    server.use(...sim.handlers);
    const vk = createVkAdapter({ groupId: sim.groupId, accessToken: sim.accessToken, secret: sim.secret, confirmation: sim.confirmation });
    const { events } = await vk.handleWebhook(sim.callbackRequest(sim.userWrites(100, 'Hello')));
    expect(events[0]?.type).toBe('message.received');
    await vk.send({ messageId: newId('msg'), idempotencyKey: 'k1', to: { kind: 'vk_user', value: '100' }, content: { type: 'text', text: 'Hi!' } });
    expect(sim.sent[0]).toMatchObject({ peerId: 100, text: 'Hi!', messageId: 1 });
    expect(vkLeadTitle(await vk.resolveProfile({ kind: 'vk_user', value: '100' }))).toBe('Shop: Ivan Petrov');
  });

  it('"Webhook": store first, answer ok; a failing store answers 503 with Retry-After', async () => {
    const sim = createVkSimulator();
    const vk = createVkAdapter({ groupId: sim.groupId, accessToken: sim.accessToken, secret: sim.secret, confirmation: sim.confirmation });
    const stored: InboundEvent[] = [];
    let storeUp = true;
    const saveOnce = (event: InboundEvent): Promise<void> => {
      if (!storeUp) return Promise.reject(new Error('database down'));
      if (!stored.some((e) => e.dedupeKey === event.dedupeKey)) stored.push(event);
      return Promise.resolve();
    };
    async function vkWebhook(request: Request): Promise<Response> {
      const result = await vk.handleWebhook(request);
      try {
        for (const event of result.events) await saveOnce(event);
      } catch {
        return vkRetryLaterResponse(60_000);
      }
      return result.response;
    }
    const event = sim.events.messageNew({ fromId: 7, text: 'Где мой заказ?' });
    storeUp = false;
    const down = await vkWebhook(sim.callbackRequest(event));
    expect([down.status, down.headers.get('retry-after')]).toEqual([503, '60']);
    storeUp = true;
    for (const request of sim.callbackDeliveries(event, 2)) expect(await (await vkWebhook(request)).text()).toBe('ok');
    expect(stored).toHaveLength(1);
  });

  it('"Sending": keyboard with intent, bulk with per-recipient errors, upload then send', async () => {
    const sim = createVkSimulator({ allowedUsers: [1, 3, 100200300] });
    server.use(...sim.handlers);
    const vk = createVkAdapter({ groupId: sim.groupId, accessToken: sim.accessToken, secret: sim.secret, confirmation: sim.confirmation });
    await vk.sendMessage({
      peerId: 100200300, idempotencyKey: 'order-42-shipped', text: 'Ваш заказ отправлен',
      keyboard: { inline: true, buttons: [[{ action: { type: 'callback', label: 'Где посылка?', payload: '{"cmd":"track"}' }, color: 'primary' }]] },
      intent: 'purchase_update',
    });
    expect(sim.sent[0]).toMatchObject({ intent: 'purchase_update' });
    const results = await vk.sendBulk({ peerIds: [1, 2, 3], idempotencyKey: 'campaign-7', text: 'Новости' });
    expect(results.flatMap((r) => (r.ok ? [] : [r.error.code]))).toEqual(['PERMISSION_DENIED']);
    const doc = await vk.uploadDocument(100200300, { bytes: new Uint8Array([1, 2]), filename: 'invoice.pdf' }, { title: 'Счёт №42' });
    await vk.sendMessage({ peerId: 100200300, idempotencyKey: 'invoice-42', text: 'Счёт', attachments: [doc] });
    expect(sim.sent.at(-1)?.attachment).toBe(doc);
  });
});
