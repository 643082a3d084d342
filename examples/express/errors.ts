// One JSON shape for every error the REST API answers: `{ error: SwitchboardError#toJSON() }`
// (redacted: no token, secret or credential-shaped string ever reaches the client), with an
// HTTP status the front end can act on. The `remedy` tells it what to offer instead: a template
// when the window is closed, a "claim" button, a top-up.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { isSwitchboardError, redact, SwitchboardError } from './switchboard.js';
import type { Logger } from './switchboard.js';

/** The app's own error codes (the SDK's are mapped to HTTP statuses below). */
export type ExampleErrorCode = 'INVALID_CONFIG' | 'OPERATOR_REQUIRED' | 'ROUTE_NOT_FOUND' | 'PAYLOAD_TOO_LARGE';

/** HTTP status per SDK error code; a code not listed falls back by `retryable` and `provider`. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // Bad input: the request itself is wrong.
  INVALID_INPUT: 400, INVALID_ID: 400, INVALID_PHONE: 400, INVALID_CURSOR: 400, INVALID_AMOUNT: 400,
  INVALID_TEMPLATE: 400, UNKNOWN_MODULE: 400, UNKNOWN_FIELD: 400, INVALID_PARAMETER: 400, UNKNOWN_CHANNEL: 400,
  // Who is asking.
  OPERATOR_REQUIRED: 401,
  NOT_AN_OPERATOR: 403, NOT_ASSIGNEE: 403, NOT_A_PARTICIPANT: 403,
  // Not there.
  NOT_FOUND: 404, CONVERSATION_NOT_FOUND: 404, TEMPLATE_NOT_FOUND: 404, ROUTE_NOT_FOUND: 404,
  // The state does not allow it now (someone else holds the dialog, it already exists, ...).
  CONFLICT: 409, VERSION_CONFLICT: 409, DUPLICATE: 409, CONCURRENT_UPDATE: 409, ALREADY_CLAIMED: 409, ALREADY_OPEN: 409,
  OPEN_DIALOG_EXISTS: 409, CONVERSATION_CLOSED: 409, IDEMPOTENCY_CONFLICT: 409, INVALID_TRANSITION: 409,
  TEMPLATE_NOT_EDITABLE: 409,
  // Channel rules refused it before anything was sent or charged; `remedy` says what to do.
  WINDOW_CLOSED: 422, CONSENT_REQUIRED: 422, OPTED_OUT: 422, TEMPLATE_NOT_APPROVED: 422, TEMPLATE_VALUES_REFUSED: 422,
  TEMPLATE_LINT_FAILED: 422, MISSING_FIELDS: 422, UNSUPPORTED_CONTENT: 422, TOO_MANY_PARTICIPANTS: 422,
  TOO_MANY_LINKS: 422, PRICE_NOT_FOUND: 422, DEAD_LETTER_NOT_RETRYABLE: 422,
  // Money.
  INSUFFICIENT_CREDITS: 402,
  // Slow down.
  RATE_LIMITED: 429,
  // Body parser failures (see `fromBodyParser`).
  PAYLOAD_TOO_LARGE: 413,
};

/** The HTTP status for an error: by code, then 503 when a retry may succeed, 502 for a provider's refusal. */
export function statusFor(error: SwitchboardError): number {
  const status = STATUS_BY_CODE[error.code];
  if (status !== undefined) return status;
  if (error.retryable) return 503;
  if (error.provider !== undefined) return 502;
  return 500;
}

/** A loggable, redacted view of anything thrown. */
export function describeError(error: unknown): Record<string, unknown> {
  if (isSwitchboardError(error)) return error.toJSON();
  return error instanceof Error ? { name: error.name, message: redact(error.message) } : { message: redact(String(error)) };
}

/** Thrown by routes for a missing `X-Operator-Id` header and unknown routes. */
export function exampleError(code: ExampleErrorCode, message: string, field?: string): SwitchboardError<ExampleErrorCode> {
  return new SwitchboardError(code, message, field === undefined ? {} : { field });
}

/** Answers unknown API routes with the JSON error shape instead of Express's HTML page. */
export function notFound(req: Request, _res: Response, next: (error: unknown) => void): void {
  next(exampleError('ROUTE_NOT_FOUND', `No route ${req.method} ${req.path}`));
}

/** The error middleware: mount it last. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = isSwitchboardError(error) ? error : fromBodyParser(error);
    if (known === undefined) {
      // Not ours: log it (a bug), answer without details.
      logger.error({ err: describeError(error) }, 'Unhandled error in a request');
      res.status(500).json({ error: { name: 'SwitchboardError', code: 'INTERNAL', message: 'Internal server error', retryable: false } });
      return;
    }
    const status = statusFor(known);
    if (status >= 500) logger.warn({ err: known.toJSON() }, 'A request failed');
    if (known.retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(known.retryAfterMs / 1000))));
    else if (status === 503) res.setHeader('Retry-After', '5');
    res.status(status).json({ error: known.toJSON() });
  };
}

/** Express's body parsers throw `http-errors` with a `type`; turn the usual ones into our shape. */
function fromBodyParser(error: unknown): SwitchboardError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return new SwitchboardError('INVALID_INPUT', 'The request body is not valid JSON', { remedy: 'fix_input' });
  if (type === 'entity.too.large') return exampleError('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new SwitchboardError('INVALID_INPUT', 'Unsupported body encoding', { remedy: 'fix_input' });
  return undefined;
}
