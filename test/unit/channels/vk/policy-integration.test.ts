import { describe, expect, it } from 'vitest';
import { windowFactFromInbound, classifyProviderRefusal } from '../../../../src/policy/index.js';
import { callbackRequest, fixtureBytes, rejection, useMswServer, vkWorld } from './helpers.js';

const server = useMswServer();

describe('VK events and errors feed the permission rule of the window guard', () => {
  it('message_allow / message_deny become permission facts; a new message counts as a customer message', async () => {
    const { adapter } = vkWorld(server);
    const rule = adapter.capabilities.window;
    const facts = [];
    for (const name of ['message-allow.json', 'message-deny.json', 'message-new.json', 'message-typing-state.json', 'message-reply.json']) {
      const { events } = await adapter.handleWebhook(callbackRequest(fixtureBytes(name)));
      facts.push(...events.map((e) => windowFactFromInbound(e, rule)));
    }
    expect(facts.map((f) => (f === null ? null : f.type === 'permission' ? `permission:${f.allowed}` : f.type))).toEqual([
      'permission:true', 'permission:false', 'customer_message', null, null,
    ]);
  });

  it('a 901 from messages.send is classified by the policy as permission_denied with remedy ask_permission', async () => {
    const { adapter } = vkWorld(server);
    const error = await rejection(adapter.sendMessage({ peerId: 5, idempotencyKey: 'x', text: 'Hi' }));
    expect(classifyProviderRefusal(error, 1_000)).toMatchObject({ kind: 'permission_denied', provider: 'vk', providerCode: 901, remedy: 'ask_permission' });
  });
});
