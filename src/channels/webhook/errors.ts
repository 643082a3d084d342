/**
 * Error codes raised by the shared webhook helpers. Adapters turn them into HTTP answers
 * (`WEBHOOK_PAYLOAD_TOO_LARGE` → 413, `WEBHOOK_MALFORMED_BODY` → 400, `WEBHOOK_BAD_SIGNATURE` → 401)
 * instead of letting them escape `handleWebhook`.
 */
export type WebhookErrorCode =
  | 'WEBHOOK_PAYLOAD_TOO_LARGE'
  | 'WEBHOOK_MALFORMED_BODY'
  | 'WEBHOOK_BAD_SIGNATURE'
  | 'WEBHOOK_FORBIDDEN'
  | 'WEBHOOK_METHOD_NOT_ALLOWED';

/** The HTTP status each webhook error code answers with. */
export const WEBHOOK_ERROR_STATUS: Readonly<Record<WebhookErrorCode, number>> = {
  WEBHOOK_PAYLOAD_TOO_LARGE: 413,
  WEBHOOK_MALFORMED_BODY: 400,
  WEBHOOK_BAD_SIGNATURE: 401,
  WEBHOOK_FORBIDDEN: 403,
  WEBHOOK_METHOD_NOT_ALLOWED: 405,
};
