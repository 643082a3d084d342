import { fixturePath } from '../fixtures/paths.js';
import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createVkAdapter } from '../../src/channels/vk/index.js';
import { newId } from '../../src/core/ids.js';
import { adapterContract } from '../../src/testing/adapter-contract.js';
import { createVkSimulator } from '../../src/testing/vk.js';

const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

const USER = 100200300;
const messageNew = new Uint8Array(readFileSync(fixturePath('vk/message-new.json')));

function request(body: Uint8Array | string): Request {
  return new Request('https://crm.example.test/webhooks/vk', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
}

adapterContract({
  name: 'VK adapter',
  setup: () => {
    const sim = createVkSimulator({ allowedUsers: [USER] });
    server.resetHandlers(...sim.handlers);
    const adapter = createVkAdapter({ groupId: sim.groupId, accessToken: sim.accessToken, secret: sim.secret, confirmation: sim.confirmation, sleep: () => Promise.resolve() });
    return {
      adapter,
      validWebhook: () => request(messageNew),
      badSignatureWebhook: () => request(new TextDecoder().decode(messageNew).replace('"test_vk_secret"', '"forged_secret"')),
      malformedWebhook: () => request(JSON.stringify({ type: 42, group_id: sim.groupId, secret: sim.secret })),
      rawWebhook: (body, headers) => new Request('https://crm.example.test/webhooks/vk', { method: 'POST', body, headers }),
      // VK's shared secret travels inside the JSON body; there is no signature header.
      authentication: 'body',
      sendableMessage: () => ({ messageId: newId('msg'), idempotencyKey: 'contract-1', to: { kind: 'vk_user', value: String(USER) }, content: { type: 'text', text: 'Здравствуйте!' } }),
      arrangeSendFailure: () => { sim.deny(USER); },
      teardown: () => { server.resetHandlers(); },
    };
  },
});
