/**
 * The WhatsApp Cloud API simulator and webhook signing helpers for host tests (msw is an
 * optional peer dependency).
 */

// --- The simulator ----------------------------------------------------------------------------
export { createWhatsAppSimulator } from './whatsapp/simulator.js';
export type { WhatsAppSimulator, InjectedFault as WhatsAppInjectedFault, WebhookTarget } from './whatsapp/simulator.js';
export type {
  WhatsAppSimulatorOptions, RecordedRequest as WhatsAppRecordedRequest, SentMessage as WhatsAppSentMessage,
  SimulatedTemplate as WhatsAppSimulatedTemplate,
} from './whatsapp/types.js';
export type { WhatsAppFaultKind, WhatsAppFaultOptions } from './whatsapp/faults.js';

// --- Signed webhooks for host tests -------------------------------------------------------------
export { signWhatsAppWebhook } from '../channels/whatsapp/signature.js';
export {
  signedWebhookRequest as signedWhatsAppWebhookRequest, verificationRequest as whatsAppVerificationRequest,
  metaJson as whatsAppWebhookJson,
} from './whatsapp/payloads.js';
export type {
  WhatsAppWebhookPayload, SignedRequestOptions as WhatsAppSignedRequestOptions, InboundSpec as WhatsAppInboundSpec,
  StatusSpec as WhatsAppStatusSpec, Account as WhatsAppSimulatedAccount,
} from './whatsapp/payloads.js';
