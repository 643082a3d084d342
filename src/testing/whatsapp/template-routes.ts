import type { HttpHandler } from 'msw';
import { http, HttpResponse } from 'msw';
import { graphError } from './graph-errors.js';
import type { Account } from './payloads.js';
import type { SimulatedTemplate } from './types.js';

interface TemplateRouteContext {
  baseUrl: string;
  account: Account;
  templates: SimulatedTemplate[];
  record: (request: Request, body: unknown) => void;
  authorized: (request: Request) => boolean;
}

/** Business Management API: list (paged) and submit templates. */
export function templateRoutes(context: TemplateRouteContext): HttpHandler[] {
  const { baseUrl, account, templates, record, authorized } = context;
  return [
    http.get(`${baseUrl}/:version/:node/message_templates`, ({ request, params }) => {
      record(request, undefined);
      if (!authorized(request)) return graphError(190, 'Invalid OAuth access token', 'Error validating access token.', 401);
      if (params.node !== account.wabaId) return graphError(100, 'Invalid parameter', 'Unknown WhatsApp Business Account id.');
      const url = new URL(request.url);
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? '25') || 25);
      const start = Number(url.searchParams.get('after') ?? '0') || 0;
      const page = templates.slice(start, start + limit);
      const more = start + limit < templates.length;
      return HttpResponse.json({
        data: page.map((t) => ({ id: t.id, name: t.name, language: t.language, status: t.status, category: t.category })),
        paging: { cursors: { before: String(start), after: String(start + limit) }, ...(more ? { next: `${url.origin}${url.pathname}?after=${start + limit}` } : {}) },
      });
    }),
    http.post(`${baseUrl}/:version/:node/message_templates`, async ({ request, params }) => {
      let body: unknown;
      try { body = JSON.parse(await request.text()); } catch { body = undefined; }
      record(request, body);
      if (!authorized(request)) return graphError(190, 'Invalid OAuth access token', 'Error validating access token.', 401);
      if (params.node !== account.wabaId) return graphError(100, 'Invalid parameter', 'Unknown WhatsApp Business Account id.');
      const t = body as { name?: unknown; language?: unknown; category?: unknown; components?: unknown } | undefined;
      if (typeof t?.name !== 'string' || typeof t.language !== 'string' || typeof t.category !== 'string' || !Array.isArray(t.components)) {
        return graphError(100, 'Invalid parameter', 'name, language, category and components are required.');
      }
      if (templates.some((x) => x.name === t.name && x.language === t.language)) {
        return graphError(2388024, 'Content in this language already exists', 'A template with this name and language exists.');
      }
      const created: SimulatedTemplate = { id: String(1_000_000 + templates.length), name: t.name, language: t.language, category: t.category, status: 'PENDING', components: t.components };
      templates.push(created);
      return HttpResponse.json({ id: created.id, status: created.status, category: created.category });
    }),
  ];
}
