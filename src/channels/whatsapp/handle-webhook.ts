import type { WebhookResult } from '../adapter.js';
import type { Clock } from '../../core/clock.js';
import { SwitchboardError, isSwitchboardError, toSwitchboardError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { constantTimeEqual } from '../webhook/constant-time.js';
import type { WebhookErrorCode } from '../webhook/errors.js';
import { WEBHOOK_ERROR_STATUS } from '../webhook/errors.js';
import { parseJsonBytes } from '../webhook/parse-json.js';
import { readBodyBytes } from '../webhook/read-body.js';
import { textResponse, webhookErrorResponse } from '../webhook/responses.js';
import { normalizeWebhook } from './normalize.js';
import { verifyWhatsAppSignature } from './signature.js';
import { envelopeSchema } from './webhook-schema.js';

export interface WebhookHandlerOptions {
  appSecrets: readonly string[];
  verifyToken: string;
  maxBytes: number;
  clock: Clock;
  logger: Logger;
}

// Meta's challenge is a number in practice; anything else is refused rather than reflected.
const CHALLENGE = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * The WhatsApp webhook endpoint: GET answers the subscription handshake, POST verifies the
 * signature over the raw bytes, then parses once and normalizes every item. Never throws.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<WebhookResult> {
  function refuse(code: WebhookErrorCode, message: string, cause?: unknown): WebhookResult {
    return {
      response: webhookErrorResponse(code, 'GET, POST'),
      events: [],
      error: new SwitchboardError<WebhookErrorCode>(code, message, { provider: 'whatsapp', ...(cause === undefined ? {} : { cause }) }),
    };
  }

  function handshake(request: Request): WebhookResult {
    const params = new URL(request.url).searchParams;
    const mode = params.get('hub.mode');
    const token = params.get('hub.verify_token');
    const challenge = params.get('hub.challenge');
    if (mode !== 'subscribe' || token === null || challenge === null || !CHALLENGE.test(challenge)) return refuse('WEBHOOK_MALFORMED_BODY', 'The verification request lacks hub.mode=subscribe, hub.verify_token or a plain hub.challenge');
    if (!constantTimeEqual(token, options.verifyToken)) return refuse('WEBHOOK_FORBIDDEN', 'The verification request carried the wrong verify token');
    return { response: textResponse(200, challenge), events: [] };
  }

  async function notification(request: Request): Promise<WebhookResult> {
    const bytes = await readBodyBytes(request, options.maxBytes);
    if (!verifyWhatsAppSignature(bytes, request.headers.get('x-hub-signature-256'), options.appSecrets)) {
      return refuse('WEBHOOK_BAD_SIGNATURE', 'The X-Hub-Signature-256 header is missing, malformed or does not match the body');
    }
    const envelope = envelopeSchema.safeParse(parseJsonBytes(bytes));
    if (!envelope.success) return refuse('WEBHOOK_MALFORMED_BODY', 'The webhook body is not a WhatsApp Business Account notification');
    return { response: textResponse(200, 'EVENT_RECEIVED'), events: normalizeWebhook(envelope.data, options.clock.now()) };
  }

  return async (request) => {
    try {
      if (request.method === 'GET') return handshake(request);
      if (request.method === 'POST') return await notification(request);
      return refuse('WEBHOOK_METHOD_NOT_ALLOWED', `The WhatsApp webhook accepts GET and POST, not ${request.method}`);
    } catch (error) {
      if (isSwitchboardError(error) && error.code in WEBHOOK_ERROR_STATUS) return refuse(error.code as WebhookErrorCode, error.message, error);
      // Not the sender's fault: answer 500 so Meta retries, and tell the host.
      const internal = toSwitchboardError(error);
      options.logger.error({ err: internal.toJSON() }, 'WhatsApp webhook handling failed');
      return { response: textResponse(500, 'internal error'), events: [], error: internal };
    }
  };
}
