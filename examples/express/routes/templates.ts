// Templates for the CRM's template editor: each listed with the category linter's findings, so
// the editor can underline promotional wording in a UTILITY template before Meta recategorizes
// or rejects it.
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { lintTemplate, templateFilterSchema } from '../switchboard.js';
import type { Switchboard, TemplateDefinition, TemplateRecord } from '../switchboard.js';
import { definedOnly, pageOf, pageQuery } from './params.js';
import { parseWith } from '../validate.js';

const listQuery = templateFilterSchema.extend(pageQuery).strict();
const submitBody = z.object({ force: z.boolean().optional(), channel: z.string().min(1).optional(), accountId: z.string().min(1).optional() }).strict();
// The SDK validates a definition in full (`INVALID_TEMPLATE` naming the field); here only its shape.
const definitionBody = z.custom<TemplateDefinition>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected a template definition object');

/** A stored template and what the linter says about it (against the category asked for). */
function withLint(template: TemplateRecord): { template: TemplateRecord; lint: ReturnType<typeof lintTemplate> } {
  return { template, lint: lintTemplate({ ...template, category: template.requestedCategory }) };
}

/**
 * `GET /templates?status=&category=&language=&cursor=&limit=` → `{ items: [{ template, lint }], nextCursor }`
 * `POST /templates` (a definition) → 201 `{ template, lint }`, stored as a draft
 * `POST /templates/:name/:language/submit` `{ force? }` → the template in review (422 `TEMPLATE_LINT_FAILED` with the issues)
 * `POST /templates/sync` → `{ changed }`: statuses and categories from the provider
 */
export function templateRoutes(sb: Switchboard): Router {
  const router = express.Router();

  router.get('/', async (req, res) => {
    const { cursor, limit, ...filter } = parseWith(listQuery, req.query, 'query');
    const page = await sb.templates.list(definedOnly(filter), pageOf({ cursor, limit }));
    res.json({ items: page.items.map(withLint), nextCursor: page.nextCursor });
  });

  router.post('/', async (req, res) => {
    const template = await sb.templates.define(parseWith(definitionBody, req.body, 'body'));
    res.status(201).json(withLint(template));
  });

  router.post('/sync', async (_req, res) => {
    res.json({ changed: await sb.templates.sync() });
  });

  router.post('/:name/:language/submit', async (req, res) => {
    const body = parseWith(submitBody, req.body ?? {}, 'body');
    res.json(await sb.templates.submit(req.params.name, req.params.language, definedOnly(body)));
  });

  return router;
}
