import type { HttpHandler } from 'msw';
import { http, HttpResponse } from 'msw';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { createMemoryRateLimiter } from '../../channels/rate-limit/memory-rate-limiter.js';
import type { WhatsAppFaultKind, WhatsAppFaultOptions } from './faults.js';
import { ALL_FAULTS, faultAcceptsMessage, faultResponse } from './faults.js';
import { graphError } from './graph-errors.js';
import type { Account, InboundSpec, SignedRequestOptions, StatusSpec, WhatsAppWebhookPayload } from './payloads.js';
import { inboundPayload, signedWebhookRequest, statusPayload } from './payloads.js';
import { mulberry32, shuffle } from './prng.js';
import type { RecordedRequest, SentMessage, SimulatedTemplate, WhatsAppSimulatorOptions } from './types.js';
import { templateRoutes } from './template-routes.js';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_TEXT = 4096;
const FREE_FORM = new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'reaction', 'contacts', 'interactive']);

/** A fault injected into the next send(s), or a Graph error to answer with. */
export type InjectedFault = WhatsAppFaultKind | { code: number; status?: number; title?: string; details?: string };

/** What a webhook target returns: a `Response` (a host route) or a `WebhookResult` (an adapter). */
export type WebhookTarget = (request: Request) => Promise<Response | { response: Response }>;

/**
 * The handle of a simulated WhatsApp Business account (see {@link createWhatsAppSimulator}):
 * its msw handlers, what it recorded, and controls to drive customers, statuses and faults.
 */
export interface WhatsAppSimulator {
  /** msw handlers for the Graph API; mount them in your own `setupServer(...)`. */
  readonly handlers: HttpHandler[];
  /** The simulated business account's ids, as they appear in webhooks and Graph URLs. */
  readonly account: Account;
  readonly appSecret: string;
  /** Every request received, in order (authorization redacted). */
  readonly requests: readonly RecordedRequest[];
  /** Every message the simulated Meta accepted, in order. */
  readonly sent: readonly SentMessage[];
  /** Message ids marked as read. */
  readonly markedRead: readonly string[];
  readonly templates: readonly SimulatedTemplate[];
  /** A customer writes in: returns the webhook payload and opens the customer's 24 h window. */
  inbound(spec: Omit<InboundSpec, 'wamid' | 'timestamp'> & { at?: number }): { wamid: string; payload: WhatsAppWebhookPayload };
  /**
   * Status webhooks for a sent message, one payload per status, in the requested order
   * (`shuffled` uses the seed), each repeated `duplicates + 1` times.
   */
  statuses(
    message: SentMessage | string,
    sequence?: readonly StatusSpec['status'][],
    options?: { order?: 'as_given' | 'shuffled' | 'reversed'; duplicates?: number; error?: StatusSpec['error']; pricing?: StatusSpec['pricing'] },
  ): WhatsAppWebhookPayload[];
  /** A signed webhook request for a payload (Meta-style bytes). */
  webhookRequest(payload: WhatsAppWebhookPayload | string, options?: SignedRequestOptions): Request;
  /** Posts signed payloads to a webhook target in order and returns its responses. */
  deliverWebhook(target: WebhookTarget, payloads: WhatsAppWebhookPayload | readonly WhatsAppWebhookPayload[]): Promise<Response[]>;
  /** Makes the next `times` sends (default 1) fail with `fault`, after letting `after` sends (default 0) through. */
  failNext(fault: InjectedFault, options?: { times?: number; after?: number }): void;
  /** Opens a user's customer-service window directly, as if they wrote at `at` (default now). */
  openWindow(user: string, at?: number): void;
  /** Closes a user's customer-service window: free-form sends to them now fail with 131047 (unless `enforceWindow` is false). */
  closeWindow(user: string): void;
  /** Changes a template's review status (e.g. approve a submitted one). */
  setTemplateStatus(name: string, language: string, status: SimulatedTemplate['status']): void;
  /** Forgets every request, message, window and injected fault. */
  reset(): void;
}

/**
 * A stateful WhatsApp Cloud API simulator on msw handlers. It accepts sends and answers with
 * wamids, records every request, enforces the 24 h window (131047), throughput (130429) and
 * pair rate (131056) like the real API, injects seeded faults, and signs webhooks.
 *
 * @example
 * ```ts
 * const sim = createWhatsAppSimulator({ phoneNumberId: '106540352242922', appSecret: 'test_app_secret' });
 * const server = setupServer(...sim.handlers);
 * server.listen({ onUnhandledFrame: 'error' });
 * const { payload } = sim.inbound({ from: '16505551234', text: 'Hi' });
 * const [response] = await sim.deliverWebhook((r) => adapter.handleWebhook(r), payload);
 * ```
 */
export function createWhatsAppSimulator(options: WhatsAppSimulatorOptions = {}): WhatsAppSimulator {
  const baseUrl = (options.baseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
  const clock: Clock = options.clock ?? systemClock;
  const account: Account = {
    phoneNumberId: options.phoneNumberId ?? '106540352242922',
    wabaId: options.wabaId ?? '102290129340398',
    displayPhoneNumber: options.displayPhoneNumber ?? '15550783881',
  };
  const appSecret = options.appSecret ?? 'test_app_secret';
  const random = mulberry32(options.seed ?? 1);
  const limiter = createMemoryRateLimiter({ clock });
  const perSecond = options.rateLimit?.perSecond ?? 80;
  // Meta: one message per 6 s per user sustained, bursts of up to 45 borrowed from future quota.
  const pair = options.rateLimit?.pair ?? { tokens: 45, intervalMs: 45 * 6_000 };
  const enforceWindow = options.enforceWindow ?? true;

  const requests: RecordedRequest[] = [];
  const sent: SentMessage[] = [];
  const markedRead: string[] = [];
  const inboundIds = new Set<string>();
  const windows = new Map<string, number>();
  // `null` lets one send through untouched (used by `failNext({ after })`).
  const injected: (InjectedFault | null)[] = [];
  const templates: SimulatedTemplate[] = [...(options.templates ?? [])].map((t, i) => ({ id: String(900_000 + i), category: 'UTILITY', ...t }));
  let counter = 0;

  // The start time makes ids of separate runs differ (a sandbox over a kept database must not
  // reuse an old id); on a virtual clock they stay deterministic.
  const runTag = clock.now().toString(36);
  const nextWamid = (): string => `wamid.${Buffer.from(`SIM:${account.phoneNumberId}:${runTag}:${++counter}`).toString('base64')}`;
  const userKey = (value: string): string => value.replace(/^\+/, '');

  function record(request: Request, body: unknown): void {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => { headers[key] = key === 'authorization' ? 'Bearer [REDACTED]' : value; });
    requests.push({ method: request.method, url: request.url, path: new URL(request.url).pathname, headers, body, at: clock.now() });
  }

  function authorized(request: Request): boolean {
    return options.accessToken === undefined || request.headers.get('authorization') === `Bearer ${options.accessToken}`;
  }

  function pickFault(): InjectedFault | undefined {
    if (injected.length > 0) return injected.shift() ?? undefined;
    const faults: WhatsAppFaultOptions | undefined = options.faults;
    if (faults === undefined || random() >= faults.rate) return undefined;
    const kinds = faults.kinds ?? ALL_FAULTS;
    return kinds[Math.floor(random() * kinds.length)];
  }

  function accept(body: Record<string, unknown>, to: string, type: string): Response {
    const wamid = nextWamid();
    const bizOpaque = typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined;
    sent.push({ wamid, to, type, body, at: clock.now(), ...(bizOpaque === undefined ? {} : { bizOpaqueCallbackData: bizOpaque }) });
    return HttpResponse.json({
      messaging_product: 'whatsapp',
      contacts: [{ input: to, ...(/^\+?\d+$/.test(to) ? { wa_id: userKey(to) } : { user_id: to }) }],
      messages: [{ id: wamid }],
    });
  }

  async function handleMessages(request: Request, node: string): Promise<Response> {
    let body: unknown;
    try { body = JSON.parse(await request.text()); } catch { body = undefined; }
    record(request, body);
    if (!authorized(request)) return graphError(190, 'Invalid OAuth access token', 'Error validating access token.', 401);
    if (node !== account.phoneNumberId) return graphError(100, 'Invalid parameter', `Unknown phone number id ${node}.`);
    if (typeof body !== 'object' || body === null || (body as Record<string, unknown>).messaging_product !== 'whatsapp') {
      return graphError(100, 'Invalid parameter', 'messaging_product must be "whatsapp".');
    }
    const message = body as Record<string, unknown>;
    if (message.status === 'read') {
      const id = message.message_id;
      if (typeof id !== 'string' || !inboundIds.has(id)) return graphError(131009, 'Parameter value is not valid', 'Unknown message_id.');
      markedRead.push(id);
      return HttpResponse.json({ success: true });
    }
    const to = typeof message.to === 'string' ? message.to : typeof message.recipient === 'string' ? message.recipient : undefined;
    const type = typeof message.type === 'string' ? message.type : undefined;
    if (to === undefined || type === undefined) return graphError(100, 'Invalid parameter', 'A send needs "to" (or "recipient") and "type".');
    if (type === 'text') {
      const text = (message.text as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT) return graphError(100, 'Invalid parameter', `text.body must have 1 to ${MAX_TEXT} characters.`);
    }
    const fault = pickFault();
    if (fault !== undefined) {
      if (typeof fault === 'object') return graphError(fault.code, fault.title ?? `Error ${fault.code}`, fault.details ?? 'Injected by the simulator.', fault.status ?? 400);
      if (faultAcceptsMessage(fault)) accept(message, to, type);
      return faultResponse(fault);
    }
    if (!(await limiter.take(`number:${account.phoneNumberId}`, { tokens: perSecond, intervalMs: 1_000 })).granted) {
      return graphError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.');
    }
    if (!(await limiter.take(`pair:${userKey(to)}`, pair)).granted) {
      return graphError(131056, '(Business Account, Consumer Account) pair rate limit hit', 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.');
    }
    if (enforceWindow && FREE_FORM.has(type)) {
      const last = windows.get(userKey(to));
      if (last === undefined || clock.now() - last >= WINDOW_MS) {
        return graphError(131047, 'Re-engagement message', 'More than 24 hours have passed since the recipient last replied to the sender number.');
      }
    }
    if (type === 'template' && options.templates !== undefined) {
      const t = message.template as { name?: unknown; language?: { code?: unknown } } | undefined;
      const known = templates.find((x) => x.name === t?.name && x.language === t.language?.code);
      if (known?.status !== 'APPROVED') return graphError(132001, 'Template name does not exist in the translation', 'template name does not exist in the translation or is not approved.');
    }
    return accept(message, to, type);
  }

  const handlers: HttpHandler[] = [
    http.post(`${baseUrl}/:version/:node/messages`, ({ request, params }) => handleMessages(request, String(params.node))),
    ...templateRoutes({ baseUrl, account, templates, record, authorized }),
  ];

  return {
    handlers,
    account,
    appSecret,
    requests,
    sent,
    markedRead,
    templates,
    inbound(spec) {
      const wamid = nextWamid();
      const at = spec.at ?? clock.now();
      inboundIds.add(wamid);
      const key = spec.from ?? spec.userId;
      if (key !== undefined) windows.set(userKey(key), Math.max(windows.get(userKey(key)) ?? 0, at));
      return { wamid, payload: inboundPayload(account, { ...spec, wamid, timestamp: at }) };
    },
    statuses(message, sequence = ['sent', 'delivered', 'read'], statusOptions = {}) {
      const original = typeof message === 'string' ? sent.find((m) => m.wamid === message) : message;
      const wamid = typeof message === 'string' ? message : message.wamid;
      const base = clock.now();
      const payloads = sequence.map((status, i) => statusPayload(account, {
        wamid,
        status,
        timestamp: base + i * 1000,
        ...(original === undefined || !/^\+?\d+$/.test(original.to) ? {} : { recipientId: userKey(original.to) }),
        ...(original?.bizOpaqueCallbackData === undefined ? {} : { bizOpaqueCallbackData: original.bizOpaqueCallbackData }),
        ...(status === 'failed' ? { error: statusOptions.error ?? { code: 131000, details: 'Simulated failure' } } : {}),
        ...(status !== 'failed' && statusOptions.pricing !== undefined && i === 0 ? { pricing: statusOptions.pricing } : {}),
      }));
      const ordered = statusOptions.order === 'shuffled' ? shuffle(payloads, random) : statusOptions.order === 'reversed' ? [...payloads].reverse() : payloads;
      const copies = (statusOptions.duplicates ?? 0) + 1;
      return ordered.flatMap((p) => Array.from({ length: copies }, () => p));
    },
    webhookRequest(payload, requestOptions) {
      return signedWebhookRequest(payload, appSecret, requestOptions);
    },
    async deliverWebhook(target, payloads) {
      const list = Array.isArray(payloads) ? (payloads as readonly WhatsAppWebhookPayload[]) : [payloads as WhatsAppWebhookPayload];
      const responses: Response[] = [];
      for (const payload of list) {
        const answer = await target(signedWebhookRequest(payload, appSecret));
        responses.push(answer instanceof Response ? answer : answer.response);
      }
      return responses;
    },
    failNext(fault, failOptions = {}) {
      for (let i = 0; i < (failOptions.after ?? 0); i++) injected.push(null);
      for (let i = 0; i < (failOptions.times ?? 1); i++) injected.push(fault);
    },
    openWindow(user, at) {
      windows.set(userKey(user), at ?? clock.now());
    },
    closeWindow(user) {
      windows.delete(userKey(user));
    },
    setTemplateStatus(name, language, status) {
      for (const t of templates) if (t.name === name && t.language === language) t.status = status;
    },
    reset() {
      requests.length = 0;
      sent.length = 0;
      markedRead.length = 0;
      injected.length = 0;
      inboundIds.clear();
      windows.clear();
    },
  };
}
