// Who is acting. This example trusts an `X-Operator-Id` header so it can be driven with curl and
// tests; a real CRM takes the operator from its authenticated session (cookie, JWT) and never
// from a header the browser controls.
import type { Request } from 'express';
import { exampleError } from './errors.js';

const OPERATOR_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;

/**
 * The acting operator's id.
 * @throws SwitchboardError `OPERATOR_REQUIRED` (401) when the header is missing or malformed.
 */
export function operatorOf(req: Request): string {
  const id = req.get('x-operator-id')?.trim();
  if (id === undefined || id === '' || !OPERATOR_ID.test(id)) {
    throw exampleError('OPERATOR_REQUIRED', 'Send the acting operator in the X-Operator-Id header (letters, digits, _.:@-, at most 128)', 'X-Operator-Id');
  }
  return id;
}

/** The `Idempotency-Key` header, when the client sent one (a retried request then sends and charges once). */
export function idempotencyKeyOf(req: Request): { idempotencyKey: string } | Record<string, never> {
  const key = req.get('idempotency-key')?.trim();
  return key === undefined || key === '' ? {} : { idempotencyKey: key };
}
