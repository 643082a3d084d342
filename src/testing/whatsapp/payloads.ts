import { signWhatsAppWebhook } from '../../channels/whatsapp/signature.js';

/** Any WhatsApp webhook payload (the simulator builds them; hosts may write their own). */
export type WhatsAppWebhookPayload = Record<string, unknown>;

/**
 * Serializes a payload the way Meta does: JSON with every non-ASCII character escaped as
 * `\uXXXX` (lowercase hex) and `/` as `\/`. Signatures are computed over exactly these bytes.
 */
export function metaJson(payload: unknown): string {
  let out = '';
  for (const char of JSON.stringify(payload)) {
    if (char === '/') out += '\\/';
    else if (char.length === 1 && char.charCodeAt(0) <= 0x7e) out += char;
    else for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Options of a signed webhook request: where it is posted and, for refusal tests, a replaced signature. */
export interface SignedRequestOptions {
  /** Where the webhook is posted. Default `https://switchboard.test/webhooks/whatsapp`. */
  url?: string;
  /** Replaces the computed signature header (use it to test refusals). */
  signature?: string | null;
}

/**
 * A POST request exactly as Meta would send it: Meta-style JSON bytes and a valid
 * `X-Hub-Signature-256` for `appSecret`. A string body is sent as is.
 */
export function signedWebhookRequest(payload: unknown, appSecret: string, options: SignedRequestOptions = {}): Request {
  const body = typeof payload === 'string' ? payload : metaJson(payload);
  const signature = options.signature === undefined ? signWhatsAppWebhook(body, appSecret) : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return new Request(options.url ?? 'https://switchboard.test/webhooks/whatsapp', { method: 'POST', body, headers });
}

/** The GET subscription handshake Meta sends when the callback URL is saved. */
export function verificationRequest(verifyToken: string, challenge = '1158201444', url = 'https://switchboard.test/webhooks/whatsapp'): Request {
  const target = new URL(url);
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.verify_token', verifyToken);
  target.searchParams.set('hub.challenge', challenge);
  return new Request(target, { method: 'GET' });
}

/** The ids of a simulated WhatsApp Business account: WABA id, phone number id and display number. */
export interface Account {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

/** Wraps one `messages` change value in the webhook envelope. */
export function messagesEnvelope(account: Account, value: Record<string, unknown>): WhatsAppWebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: account.wabaId,
      changes: [{
        value: { messaging_product: 'whatsapp', metadata: { display_phone_number: account.displayPhoneNumber, phone_number_id: account.phoneNumberId }, ...value },
        field: 'messages',
      }],
    }],
  };
}

/** An inbound customer message: `from` is the wa_id (digits), or a business-scoped id alone. */
export interface InboundSpec {
  wamid: string;
  timestamp: number;
  from?: string;
  userId?: string;
  name?: string;
  /** A text, or a full type-specific part (`{ type: 'image', image: {...} }`). */
  text?: string;
  part?: { type: string } & Record<string, unknown>;
  replyTo?: string;
}

export function inboundPayload(account: Account, spec: InboundSpec): WhatsAppWebhookPayload {
  const contact = {
    profile: { name: spec.name ?? 'Test Customer' },
    ...(spec.from === undefined ? {} : { wa_id: spec.from }),
    ...(spec.userId === undefined ? {} : { user_id: spec.userId }),
  };
  const message = {
    ...(spec.replyTo === undefined ? {} : { context: { from: account.displayPhoneNumber, id: spec.replyTo } }),
    ...(spec.from === undefined ? {} : { from: spec.from }),
    ...(spec.userId === undefined ? {} : { from_user_id: spec.userId }),
    id: spec.wamid,
    timestamp: String(Math.floor(spec.timestamp / 1000)),
    ...(spec.part ?? { type: 'text', text: { body: spec.text ?? 'Hello' } }),
  };
  return messagesEnvelope(account, { contacts: [contact], messages: [message] });
}

/** One status of an outbound message. */
export interface StatusSpec {
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp: number;
  recipientId?: string;
  bizOpaqueCallbackData?: string;
  error?: { code: number; title?: string; details?: string };
  pricing?: { billable: boolean; category: string; type?: string };
}

export function statusPayload(account: Account, spec: StatusSpec): WhatsAppWebhookPayload {
  const status = {
    id: spec.wamid,
    status: spec.status,
    timestamp: String(Math.floor(spec.timestamp / 1000)),
    ...(spec.recipientId === undefined ? {} : { recipient_id: spec.recipientId }),
    ...(spec.bizOpaqueCallbackData === undefined ? {} : { biz_opaque_callback_data: spec.bizOpaqueCallbackData }),
    ...(spec.pricing === undefined ? {} : { pricing: { billable: spec.pricing.billable, pricing_model: 'PMP', type: spec.pricing.type ?? 'regular', category: spec.pricing.category } }),
    ...(spec.error === undefined
      ? {}
      : { errors: [{ code: spec.error.code, title: spec.error.title ?? `Error ${spec.error.code}`, message: spec.error.title ?? `Error ${spec.error.code}`, error_data: { details: spec.error.details ?? `Simulated error ${spec.error.code}` } }] }),
  };
  return messagesEnvelope(account, { statuses: [status] });
}
