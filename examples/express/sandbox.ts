// Sandbox mode: the WhatsApp Cloud API and VK API simulators from `switchboard/testing` answer
// for the providers, in process, through msw. The adapters are configured exactly as in
// production, only with the simulators' ids and secrets, so everything from signature checks to
// template review runs offline. msw is an optional peer dependency: this file is imported only
// in sandbox mode.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createVkSimulator } from '../../src/testing/vk.js';
import type { VkSimulator } from '../../src/testing/vk.js';
import { createWhatsAppSimulator } from '../../src/testing/whatsapp.js';
import type { WhatsAppSimulatedTemplate, WhatsAppSimulator } from '../../src/testing/whatsapp.js';
import type { VkCredentials, WhatsAppCredentials } from './config.js';
import type { Switchboard, TemplateDefinition, TemplateRecord } from './switchboard.js';

const SANDBOX_ACCESS_TOKEN = 'sandbox-whatsapp-access-token';
/** The verify token of the sandbox's WhatsApp webhook handshake. */
export const SANDBOX_VERIFY_TOKEN = 'sandbox-verify-token';

export interface Sandbox {
  whatsapp: { sim: WhatsAppSimulator; credentials: WhatsAppCredentials };
  vk: { sim: VkSimulator; credentials: VkCredentials };
  /** Stops intercepting outgoing requests. */
  close(): void;
}

/**
 * Starts both simulators. `approvedTemplates` are the WhatsApp templates the store already has
 * as approved (from an earlier run on the same database): the simulated Meta knows them too.
 */
export function startSandbox(approvedTemplates: readonly Pick<TemplateRecord, 'name' | 'language' | 'providerTemplateId' | 'category'>[]): Sandbox {
  const known: (Omit<WhatsAppSimulatedTemplate, 'id' | 'category'> & { id?: string; category?: string })[] = approvedTemplates.map((t) => ({
    name: t.name, language: t.language, status: 'APPROVED', category: t.category,
    ...(t.providerTemplateId === undefined ? {} : { id: t.providerTemplateId }),
  }));
  // `templates` (even empty) makes the simulated Meta refuse templates it has not approved.
  const whatsapp = createWhatsAppSimulator({ accessToken: SANDBOX_ACCESS_TOKEN, templates: known });
  const vk = createVkSimulator({
    groupName: 'Sandbox shop',
    // The database may outlive this process: start where a previous run cannot have been.
    firstMessageId: Math.floor(Date.now() / 1000) * 100,
    users: { 100: { firstName: 'Ivan', lastName: 'Petrov' }, 101: { firstName: 'Olga', lastName: 'Smirnova' } },
  });
  const server = setupServer(
    ...whatsapp.handlers,
    ...vk.handlers,
    // Anything else sent to a provider is a gap in the simulators: answer it as an error rather
    // than letting the sandbox reach the real APIs.
    http.all('https://graph.facebook.com/*', () => HttpResponse.json({ error: { message: 'Not simulated by the Switchboard sandbox', code: 1 } }, { status: 501 })),
    http.all('https://api.vk.ru/*', () => HttpResponse.json({ error: { error_code: 1, error_msg: 'Not simulated by the Switchboard sandbox' } }, { status: 501 })),
  );
  // Every other request (your own HTTP clients, a test calling this server) goes out untouched.
  server.listen({ onUnhandledFrame: 'bypass' });
  return {
    whatsapp: {
      sim: whatsapp,
      credentials: {
        phoneNumberId: whatsapp.account.phoneNumberId, wabaId: whatsapp.account.wabaId, accessToken: SANDBOX_ACCESS_TOKEN,
        appSecret: whatsapp.appSecret, verifyToken: SANDBOX_VERIFY_TOKEN,
      },
    },
    vk: { sim: vk, credentials: { groupId: vk.groupId, accessToken: vk.accessToken, secret: vk.secret, confirmation: vk.confirmation } },
    close: () => { server.close(); },
  };
}

/** The template the sandbox starts with, approved, so a template can be sent right away. */
export const SANDBOX_TEMPLATE: TemplateDefinition = {
  name: 'order_shipped',
  language: 'en_US',
  category: 'UTILITY',
  body: 'Hello {{first_name}}, your order {{order_id}} has shipped.',
  variables: {
    first_name: { bind: 'first_name', example: 'Ivan', fallback: 'there' },
    order_id: { bind: 'order_id', example: 'A-1042' },
  },
};

/**
 * Defines, submits and (in the simulated Meta) approves {@link SANDBOX_TEMPLATE} unless the store
 * already has it; the same lifecycle a real template goes through, minus the waiting.
 */
export async function seedSandboxTemplate(sb: Switchboard, sandbox: Sandbox): Promise<void> {
  const { name, language } = SANDBOX_TEMPLATE;
  if ((await sb.context.store.templates.getByName(name, language)) !== null) return;
  await sb.templates.define(SANDBOX_TEMPLATE);
  await sb.templates.submit(name, language);
  sandbox.whatsapp.sim.setTemplateStatus(name, language, 'APPROVED');
  await sb.templates.sync();
}
