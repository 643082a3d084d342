// Consent the CRM collected (a signup form's checkbox, an import): business-initiated templates
// to a number need one on record, marketing ones an explicit marketing opt-in.
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { operatorOf } from '../operator.js';
import { consentRecordSchema } from '../switchboard.js';
import type { Switchboard } from '../switchboard.js';
import { definedOnly } from './params.js';
import { parseWith } from '../validate.js';

const consentBody = z.object({
  channel: z.string().min(1),
  to: z.string().min(1),
  purpose: consentRecordSchema.shape.purpose,
  status: consentRecordSchema.shape.status,
  source: consentRecordSchema.shape.source.optional(),
  /** The signup form or import it came from. */
  formId: z.string().min(1).max(256).optional(),
}).strict();

/** `POST /consents` `{ channel, to, purpose, status, source?, formId? }` → 201 the stored consent record (the operator is kept as proof). */
export function consentRoutes(sb: Switchboard): Router {
  const router = express.Router();
  router.post('/', async (req, res) => {
    const userId = operatorOf(req);
    const { formId, ...body } = parseWith(consentBody, req.body, 'body');
    res.status(201).json(await sb.recordConsent({ ...definedOnly(body), channel: body.channel, to: body.to, purpose: body.purpose, status: body.status, proof: { userId, ...(formId === undefined ? {} : { formId }) } }));
  });
  return router;
}
