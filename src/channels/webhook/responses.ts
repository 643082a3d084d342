import type { WebhookErrorCode } from './errors.js';
import { WEBHOOK_ERROR_STATUS } from './errors.js';

/** A plain-text response; webhook answers never reflect request content as HTML. */
export function textResponse(status: number, body: string, headers?: Record<string, string>): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

/**
 * The plain-text error answer for a webhook error code (no details that could help an attacker).
 * @param allow - for `WEBHOOK_METHOD_NOT_ALLOWED`: the methods the endpoint accepts.
 */
export function webhookErrorResponse(code: WebhookErrorCode, allow = 'POST'): Response {
  const status = WEBHOOK_ERROR_STATUS[code];
  if (code === 'WEBHOOK_METHOD_NOT_ALLOWED') return textResponse(status, 'method not allowed', { allow });
  return textResponse(status, code.slice('WEBHOOK_'.length).toLowerCase().replaceAll('_', ' '));
}
