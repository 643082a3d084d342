import { z } from 'zod';
import type { ChannelAdapter, ChannelCapabilities, OutboundMessage, ProviderTemplateSummary, SendOptions, SendResult, WebhookResult } from '../adapter.js';
import { DAY, systemClock } from '../../core/clock.js';
import { SwitchboardError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { ContactAddress } from '../../model/contact.js';
import type { TemplateCategory, TemplateRecord, TemplateStatus } from '../../model/template.js';
import { templateCategorySchema } from '../../model/template.js';
import type { ProviderResponse, ResponseFailure } from '../http/classify.js';
import { classifyByStatus } from '../http/classify.js';
import type { HttpErrorCode } from '../http/errors.js';
import type { RequestRateLimit } from '../http/http-client.js';
import { createHttpClient } from '../http/http-client.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import type { WhatsAppAdapterConfig } from './config.js';
import { resolveWhatsAppConfig } from './config.js';
import { graphErrorBodySchema, whatsAppErrorFromGraph } from './errors.js';
import { createWebhookHandler } from './handle-webhook.js';
import { CHANNEL } from './normalize-messages.js';
import { MAX_TEXT_LENGTH, buildSendBodies, markReadBody } from './send-payload.js';
import type { TemplateSyncUpdate } from './templates.js';
import { TEMPLATE_LIST_FIELDS, diffTemplateStatuses, listResponseSchema, submitResponseSchema, templateStatusFromGraph, templateSubmission, templateSummaryFromGraph } from './templates.js';

/** The WhatsApp adapter: a {@link ChannelAdapter} with template management always present. */
export interface WhatsAppAdapter extends ChannelAdapter {
  readonly channel: 'whatsapp';
  markRead(providerMessageId: string, options?: { typing?: boolean; to?: ContactAddress; signal?: AbortSignal }): Promise<void>;
  submitTemplate(template: TemplateRecord, options?: SendOptions): Promise<{ providerTemplateId: string; status: TemplateStatus; category?: TemplateCategory }>;
  listTemplates(options?: SendOptions): Promise<ProviderTemplateSummary[]>;
  /** Lists the provider's templates and returns the updates to apply to the stored ones. */
  syncTemplates(stored: readonly TemplateRecord[], options?: SendOptions): Promise<TemplateSyncUpdate[]>;
}

const MB = 1024 * 1024;
const sendResponseSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1).max(512) })).min(1) });
const MAX_TEMPLATE_PAGES = 50;

/**
 * Creates the WhatsApp Cloud API adapter.
 *
 * Sends are rate-limited per phone number (80/s by default) and per recipient (the pair limit),
 * retried only for errors Meta calls transient, and never repeated after a failure that may have
 * reached Meta (`SEND_OUTCOME_UNKNOWN`: the send API has no idempotency key). Every body carries
 * `biz_opaque_callback_data` = the Switchboard message id, so status webhooks reconcile it.
 *
 * @throws SwitchboardError `INVALID_CONFIG` naming each bad option.
 * @example
 * ```ts
 * const whatsapp = createWhatsAppAdapter({
 *   phoneNumberId: process.env.WA_PHONE_NUMBER_ID!,
 *   wabaId: process.env.WA_WABA_ID!,
 *   accessToken: process.env.WA_TOKEN!,
 *   appSecret: process.env.WA_APP_SECRET!,
 *   verifyToken: process.env.WA_VERIFY_TOKEN!,
 *   graphVersion: 'v25.0',
 * });
 * ```
 */
export function createWhatsAppAdapter(input: WhatsAppAdapterConfig): WhatsAppAdapter {
  const config = resolveWhatsAppConfig(input);
  const clock = config.clock ?? systemClock;
  const logger = config.logger ?? silentLogger;
  const auth = config.authHeader ?? { name: 'authorization', value: `Bearer ${config.accessToken}` };
  const http = createHttpClient({
    provider: CHANNEL,
    baseUrl: `${config.baseUrl.replace(/\/+$/, '')}/${config.graphVersion}/`,
    headers: { [auth.name]: auth.value },
    timeoutMs: config.timeoutMs,
    classify: classifyGraphResponse,
    rateLimiter: config.rateLimiter ?? createMemoryRateLimiter({ clock }),
    clock,
    ...(config.retry === undefined ? {} : { retry: config.retry }),
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    ...(config.sleep === undefined ? {} : { sleep: config.sleep }),
    ...(config.random === undefined ? {} : { random: config.random }),
  });
  // Paced (a bucket of one), not a bucket of `perSecond`: a full bucket would let a quiet number
  // burst to twice its limit within one second, which Meta answers with 130429.
  const numberLimit: RequestRateLimit = { key: `whatsapp:${config.phoneNumberId}`, limit: { tokens: 1, intervalMs: 1_000 / config.rateLimit.perSecond } };
  const pairLimit = (to: ContactAddress): RequestRateLimit => ({
    key: `whatsapp:${config.phoneNumberId}:pair:${to.value}`,
    limit: config.rateLimit.pair,
    maxWaitMs: config.rateLimit.pairMaxWaitMs,
  });

  const capabilities: ChannelCapabilities = {
    templates: true,
    window: { kind: 'session', durationMs: DAY },
    maxTextLength: MAX_TEXT_LENGTH,
    splitsLongText: false,
    media: {
      image: { maxBytes: 5 * MB, mimeTypes: ['image/jpeg', 'image/png'] },
      video: { maxBytes: 16 * MB, mimeTypes: ['video/mp4', 'video/3gpp'] },
      audio: { maxBytes: 16 * MB, mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
      document: { maxBytes: 100 * MB },
      sticker: { maxBytes: 500 * 1024, mimeTypes: ['image/webp'] },
    },
    attachmentsPerMessage: 1,
    idempotentSends: false,
    rateLimit: { perSecond: config.rateLimit.perSecond },
    // Meta bills per delivered message: holds are captured on `delivered` (or `pricing.billable`).
    settlement: 'on_delivery',
  };

  const messagesPath = `${config.phoneNumberId}/messages`;
  const templatesPath = `${config.wabaId}/message_templates`;

  async function sendOne(body: Record<string, unknown>, to: ContactAddress, signal: AbortSignal | undefined): Promise<string> {
    const answer = await http.request({
      method: 'POST', path: messagesPath, json: body, idempotent: false, rateLimits: [numberLimit, pairLimit(to)],
      ...(signal === undefined ? {} : { signal }),
    });
    const parsed = sendResponseSchema.safeParse(answer.body);
    const first = parsed.success ? parsed.data.messages[0] : undefined;
    if (first === undefined) {
      // Meta answered 2xx, so it probably took the message, but we cannot tell which id it got.
      throw new SwitchboardError<HttpErrorCode>('SEND_OUTCOME_UNKNOWN', 'WhatsApp accepted the send but its answer had no message id', {
        provider: CHANNEL, retryable: false, details: { reason: 'unreadable_response', status: answer.status },
      });
    }
    return first.id;
  }

  const handleWebhook = createWebhookHandler({ appSecrets: config.appSecrets, verifyToken: config.verifyToken, maxBytes: config.webhookMaxBytes, clock, logger });

  async function listTemplates(options?: SendOptions): Promise<ProviderTemplateSummary[]> {
    const out: ProviderTemplateSummary[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
      const answer = await http.request({
        method: 'GET', path: templatesPath, idempotent: true,
        searchParams: { fields: TEMPLATE_LIST_FIELDS, limit: '100', ...(after === undefined ? {} : { after }) },
        ...(options?.signal === undefined ? {} : { signal: options.signal }),
      });
      const parsed = listResponseSchema.safeParse(answer.body);
      if (!parsed.success) throw invalidResponse('template list');
      for (const item of parsed.data.data) {
        const summary = templateSummaryFromGraph(item);
        if (summary === undefined) logger.warn({ item: typeof item }, 'Skipped a WhatsApp template the adapter could not read');
        else out.push(summary);
      }
      after = parsed.data.paging?.next === undefined ? undefined : parsed.data.paging.cursors?.after;
      if (after === undefined) break;
    }
    return out;
  }

  return {
    channel: CHANNEL,
    accountId: config.phoneNumberId,
    capabilities,

    async send(message: OutboundMessage, options?: SendOptions): Promise<SendResult> {
      const bodies = buildSendBodies(message);
      const ids: string[] = [];
      for (const body of bodies) {
        try {
          ids.push(await sendOne(body, message.to, options?.signal));
        } catch (error) {
          throw ids.length === 0 ? error : partialFailure(error, ids);
        }
      }
      const [first, ...rest] = ids;
      if (first === undefined) throw invalidResponse('send');
      return { providerMessageId: first, ...(rest.length === 0 ? {} : { additionalProviderMessageIds: rest }), acceptedAt: clock.now() };
    },

    handleWebhook: (request: Request): Promise<WebhookResult> => handleWebhook(request),

    async markRead(providerMessageId, options) {
      await http.request({
        method: 'POST', path: messagesPath, json: markReadBody(providerMessageId, options?.typing ?? false), idempotent: true, rateLimits: [numberLimit],
        ...(options?.signal === undefined ? {} : { signal: options.signal }),
      });
    },

    async submitTemplate(template, options) {
      const answer = await http.request({
        method: 'POST', path: templatesPath, json: templateSubmission(template), idempotent: false,
        ...(options?.signal === undefined ? {} : { signal: options.signal }),
      });
      const parsed = submitResponseSchema.safeParse(answer.body);
      if (!parsed.success) throw invalidResponse('template submission');
      const category = templateCategorySchema.safeParse(parsed.data.category?.toUpperCase()).data;
      return {
        providerTemplateId: parsed.data.id,
        status: templateStatusFromGraph(parsed.data.status ?? 'PENDING'),
        ...(category !== undefined ? { category } : {}),
      };
    },

    listTemplates,

    async syncTemplates(stored, options) {
      return diffTemplateStatuses(stored, await listTemplates(options));
    },
  };
}

/** Graph answers: 2xx succeeds; an error body becomes a classified WhatsApp error. */
export function classifyGraphResponse(response: ProviderResponse): ResponseFailure | undefined {
  if (response.status >= 200 && response.status < 300) return undefined;
  const body = graphErrorBodySchema.safeParse(response.body);
  if (body.success) return { error: whatsAppErrorFromGraph(body.data, response.status, response.retryAfterMs) };
  return fallback(response);
}
const fallback = classifyByStatus(CHANNEL);

function invalidResponse(what: string): SwitchboardError<HttpErrorCode> {
  return new SwitchboardError<HttpErrorCode>('INVALID_PROVIDER_RESPONSE', `WhatsApp's answer to the ${what} did not have the expected shape`, { provider: CHANNEL });
}

/** A later part of a multi-part message failed: keep the ids of the parts that went out. */
function partialFailure(error: unknown, sentIds: readonly string[]): unknown {
  if (!(error instanceof SwitchboardError)) return error;
  return new SwitchboardError(error.code, `${error.message} (after ${sentIds.length} part(s) of the message were sent)`, {
    cause: error,
    retryable: false,
    provider: CHANNEL,
    ...(error.providerCode === undefined ? {} : { providerCode: error.providerCode }),
    ...(error.traceId === undefined ? {} : { traceId: error.traceId }),
    ...(error.remedy === undefined ? {} : { remedy: error.remedy }),
    details: { ...error.details, partial: true, sentProviderMessageIds: [...sentIds] },
  });
}
