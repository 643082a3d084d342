import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, WebhookResult } from '../../src/channels/adapter.js';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/index.js';
import type { MessageId } from '../../src/core/ids.js';
import { adapterContract, adapterContractCases, AdapterContractViolation } from '../../src/testing/adapter-contract.js';
import type { AdapterContractCase, AdapterContractFixture } from '../../src/testing/adapter-contract.js';
import { createWhatsAppSimulator } from '../../src/testing/whatsapp.js';

const server = setupServer();
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

const APP_SECRET = 'contract_app_secret';
const TOKEN = 'EAAGcontracttoken00000000000000000000';

function fixture(): AdapterContractFixture {
  const sim = createWhatsAppSimulator({ appSecret: APP_SECRET, accessToken: TOKEN });
  server.use(...sim.handlers);
  const adapter = createWhatsAppAdapter({
    phoneNumberId: sim.account.phoneNumberId, wabaId: sim.account.wabaId, accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: 'verify-token',
    sleep: () => Promise.resolve(),
  });
  const { payload } = sim.inbound({ from: '16505551234', text: 'Hello from the contract' });
  let n = 0;
  return {
    adapter,
    validWebhook: () => sim.webhookRequest(payload),
    badSignatureWebhook: () => sim.webhookRequest(payload, { signature: `sha256=${'0'.repeat(64)}` }),
    malformedWebhook: () => sim.webhookRequest('{"object":"whatsapp_business_account","entry":'),
    sendableMessage: () => ({
      messageId: `msg_01JD00000000000000000000${String(++n).padStart(2, '0')}` as MessageId,
      idempotencyKey: `contract-${n}`,
      to: { kind: 'phone', value: '+16505551234' },
      content: { type: 'text', text: 'Hi from the contract' },
    }),
    arrangeSendFailure: () => { sim.failNext({ code: 131026 }); },
    teardown: () => { server.resetHandlers(); },
  };
}

adapterContract({ name: 'WhatsApp adapter', setup: fixture });

/** Deliberately broken adapters: the contract must catch each of them. */
function broken(base: ChannelAdapter, patch: Partial<ChannelAdapter>): ChannelAdapter {
  return { ...base, ...patch, channel: patch.channel ?? base.channel, accountId: base.accountId, capabilities: patch.capabilities ?? base.capabilities };
}

async function violates(name: AdapterContractCase, patch: (base: ChannelAdapter) => Partial<ChannelAdapter>): Promise<void> {
  const f = fixture();
  try {
    await expect(adapterContractCases[name]({ ...f, adapter: broken(f.adapter, patch(f.adapter)) })).rejects.toBeInstanceOf(AdapterContractViolation);
  } finally {
    await f.teardown?.();
  }
}

describe('the adapter contract fails on broken adapters', () => {
  it('catches an adapter that accepts any signature', async () => {
    await violates('a bad signature is answered 4xx with no events', (base) => ({
      handleWebhook: async (request: Request): Promise<WebhookResult> => {
        // Re-signs whatever arrives: the incoming signature is effectively ignored.
        const body = new TextDecoder().decode(await request.arrayBuffer());
        return base.handleWebhook(createWhatsAppSimulator({ appSecret: APP_SECRET }).webhookRequest(body));
      },
    }));
  });

  it('catches a handleWebhook that throws on bad input', async () => {
    await violates('mutated bodies and hostile headers never throw and never yield events', (base) => ({
      handleWebhook: async (request: Request) => {
        const result = await base.handleWebhook(request);
        if (result.response.status >= 400) throw new Error('bad request');
        return result;
      },
    }));
  });

  it('catches unstable dedupe keys', async () => {
    let n = 0;
    await violates('the same webhook delivered twice yields the same dedupe keys', (base) => ({
      handleWebhook: async (request: Request) => {
        const result = await base.handleWebhook(request);
        return { ...result, events: result.events.map((e) => ({ ...e, dedupeKey: `${e.dedupeKey}:${++n}` })) };
      },
    }));
  });

  it('catches a send that rejects with a plain Error', async () => {
    await violates('a refused send rejects with a SwitchboardError', () => ({ send: () => Promise.reject(new Error('boom')) }));
  });

  it('catches malformed capabilities and a send without an id', async () => {
    await violates('capabilities are well-formed', (base) => ({ capabilities: { ...base.capabilities, maxTextLength: 0 } }));
    await violates('send returns a provider message id', () => ({ send: () => Promise.resolve({ providerMessageId: '', acceptedAt: 1 }) }));
  });
});
