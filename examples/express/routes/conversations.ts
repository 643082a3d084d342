// The conversation list (one inbox across channels) and one conversation with its messages.
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { operatorOf } from '../operator.js';
import { SwitchboardError } from '../switchboard.js';
import type { Switchboard } from '../switchboard.js';
import { conversationIdOf, definedOnly, pageOf, pageQuery, pageSchema } from './params.js';
import { parseWith } from '../validate.js';

type ConversationFilters = NonNullable<Parameters<Switchboard['conversations']['list']>[0]>;
type Duration = NonNullable<ConversationFilters['unrepliedFor']>;

const UNITS = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;

/** `30m`, `4h`, `2d`, `1w` → the SDK's duration parts. */
const duration = z.string().regex(/^\d{1,5}[mhdw]$/, 'expected a duration like 30m, 4h, 2d or 1w').transform((v): Duration => {
  const unit = UNITS[v.slice(-1) as keyof typeof UNITS];
  return { [unit]: Number(v.slice(0, -1)) };
});

const listQuery = z
  .object({
    status: z.enum(['open', 'closed']).optional(),
    /** An operator id, `me` (the X-Operator-Id) or `none` (unclaimed). */
    assignee: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
    accountId: z.string().min(1).optional(),
    owner: z.string().min(1).optional(),
    contactId: z.string().min(1).optional(),
    /** A CRM record: `lead:42`. */
    link: z.string().regex(/^[^:]+:.+$/, 'expected type:id, e.g. lead:42').optional(),
    unrepliedFor: duration.optional(),
    repliedWithin: duration.optional(),
    lastMessageWithin: duration.optional(),
    repliedBy: z.string().min(1).optional(),
    windowClosingWithin: duration.optional(),
    ...pageQuery,
  })
  .strict();

/**
 * `GET /conversations?status=open&assignee=me&unrepliedFor=2d&windowClosingWithin=2h&channel=whatsapp`
 * `GET /conversations/:id`, `GET /conversations/:id/messages?cursor=&limit=`
 */
export function conversationRoutes(sb: Switchboard): Router {
  const router = express.Router();

  router.get('/', async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const { cursor, limit, assignee, link, ...rest } = q;
    const filters: ConversationFilters = {
      ...definedOnly(rest),
      ...(assignee === undefined ? {} : { assignee: assignee === 'none' ? null : assignee === 'me' ? operatorOf(req) : assignee }),
      ...(link === undefined ? {} : { link: { type: link.slice(0, link.indexOf(':')), id: link.slice(link.indexOf(':') + 1) } }),
    };
    res.json(await sb.conversations.list(filters, pageOf({ cursor, limit })));
  });

  router.get('/:id', async (req, res) => {
    const id = conversationIdOf(req);
    const conversation = await sb.conversations.get(id);
    if (conversation === null) throw new SwitchboardError('CONVERSATION_NOT_FOUND', `Conversation ${id} does not exist`, { field: 'id' });
    res.json(conversation);
  });

  router.get('/:id/messages', async (req, res) => {
    const page = parseWith(pageSchema, req.query, 'query');
    res.json(await sb.messages.list(conversationIdOf(req), pageOf(page)));
  });

  return router;
}
