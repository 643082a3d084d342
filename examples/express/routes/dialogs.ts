// The operator workflow on one conversation: claim, delegate, close, restore, and its history.
// Every action is done as the operator of the request (`X-Operator-Id`, checked before anything
// else), so the SDK checks their rights and writes them to the audit trail.
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { operatorOf } from '../operator.js';
import { closeReasonSchema } from '../switchboard.js';
import type { Switchboard } from '../switchboard.js';
import { conversationIdOf, pageOf, pageSchema } from './params.js';
import { parseWith } from '../validate.js';

const claimBody = z.object({ takeOver: z.boolean().optional() }).strict();
const delegateBody = z.object({ to: z.string().min(1).max(128), leave: z.boolean().optional() }).strict();
const closeBody = z.object({ as: closeReasonSchema }).strict();

/**
 * `POST /conversations/:id/claim` `{ takeOver? }` — pin to me (409 `ALREADY_CLAIMED` when someone else holds it)
 * `POST /conversations/:id/delegate` `{ to, leave? }` — hand it to another operator
 * `POST /conversations/:id/close` `{ as: 'completed' | 'spam' }`, `POST /conversations/:id/restore`
 * `GET /conversations/:id/history` — who did what, when
 * Each action answers the updated conversation.
 */
export function dialogRoutes(sb: Switchboard): Router {
  const router = express.Router();

  router.post('/:id/claim', async (req, res) => {
    const operator = operatorOf(req);
    const body = parseWith(claimBody, req.body ?? {}, 'body');
    res.json(await sb.dialogs.claim(conversationIdOf(req), operator, body.takeOver === true ? { takeOver: true } : {}));
  });

  router.post('/:id/delegate', async (req, res) => {
    const by = operatorOf(req);
    const body = parseWith(delegateBody, req.body, 'body');
    res.json(await sb.dialogs.delegate(conversationIdOf(req), body.to, { by, ...(body.leave === undefined ? {} : { leave: body.leave }) }));
  });

  router.post('/:id/close', async (req, res) => {
    const by = operatorOf(req);
    const body = parseWith(closeBody, req.body, 'body');
    res.json(await sb.dialogs.close(conversationIdOf(req), { as: body.as, by }));
  });

  router.post('/:id/restore', async (req, res) => {
    const by = operatorOf(req);
    res.json(await sb.dialogs.restore(conversationIdOf(req), { by }));
  });

  router.get('/:id/history', async (req, res) => {
    const page = parseWith(pageSchema, req.query, 'query');
    res.json(await sb.dialogs.history(conversationIdOf(req), pageOf(page)));
  });

  return router;
}
