// Sending: a reply in a conversation (text with merge fields, attachments, or a template) and a
// template to an address (a CRM record's phone), always as the requesting operator.
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { idempotencyKeyOf, operatorOf } from '../operator.js';
import { attachmentSchema, crmLinkSchema } from '../switchboard.js';
import type { SendOutcome, Switchboard } from '../switchboard.js';
import { conversationIdOf, definedOnly } from './params.js';
import { parseWith } from '../validate.js';

const templateRef = z.union([z.string().min(1), z.object({ name: z.string().min(1), language: z.string().min(1) }).strict()]);
const content = {
  text: z.string().min(1).optional(),
  template: templateRef.optional(),
  /** Values for `{{merge_fields}}`: the CRM record the message is about. */
  data: z.record(z.string(), z.unknown()).optional(),
  attachments: z.array(attachmentSchema).max(5).optional(),
};

const replyBody = z.object(content).strict()
  .refine((b) => b.text !== undefined || b.template !== undefined || b.attachments !== undefined, 'give text, template or attachments');

const addressBody = z.object({
  ...content,
  /** A phone number (any format) or a VK user id. */
  to: z.string().min(1),
  channel: z.string().min(1),
  accountId: z.string().min(1).optional(),
  /** CRM records stored on the conversation this starts: `[{ type: 'lead', id: '42' }]`. */
  links: z.array(crmLinkSchema).max(32).optional(),
}).strict().refine((b) => b.text !== undefined || b.template !== undefined, 'give text or template');

/**
 * `POST /conversations/:id/messages` `{ text?, template?, data?, attachments? }`
 * `POST /messages` `{ to, channel, accountId?, template?, text?, data?, links? }`
 * Send `Idempotency-Key` to make a retried request send and charge once. Answers 201 with
 * `{ message, conversation, duplicate, quote }` (200 for a repeat of a key). Refusals come back as
 * 422 (`WINDOW_CLOSED` with remedy `template`, ...), 402 (`INSUFFICIENT_CREDITS`), 403 (`NOT_ASSIGNEE`).
 */
export function messageRoutes(sb: Switchboard): Router {
  const router = express.Router();

  router.post('/conversations/:id/messages', async (req, res) => {
    const operatorId = operatorOf(req);
    const body = parseWith(replyBody, req.body, 'body');
    const outcome = await sb.send({
      conversationId: conversationIdOf(req),
      operatorId,
      ...idempotencyKeyOf(req),
      ...definedOnly(body),
    });
    answer(res, outcome);
  });

  router.post('/messages', async (req, res) => {
    const operatorId = operatorOf(req);
    const body = parseWith(addressBody, req.body, 'body');
    const outcome = await sb.send({ operatorId, ...idempotencyKeyOf(req), ...definedOnly(body), to: body.to, channel: body.channel });
    answer(res, outcome);
  });

  return router;
}

function answer(res: express.Response, outcome: SendOutcome): void {
  res.status(outcome.duplicate ? 200 : 201).json(outcome);
}
