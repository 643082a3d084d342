import { z } from 'zod';
import type { Remedy } from '../../core/errors.js';
import { SwitchboardError } from '../../core/errors.js';
import type { MessageError } from '../../model/message.js';
import { DAY } from '../../core/clock.js';

/**
 * Error codes of the WhatsApp adapter. Provider errors are grouped by what the caller should
 * do; the Graph code itself stays on `providerCode`.
 */
export type WhatsAppErrorCode =
  /** 130429, 4, 80007, 80008: throughput or API call limit; back off. */
  | 'WHATSAPP_RATE_LIMITED'
  /** 131056: too many messages to the same user; wait (other users are unaffected). */
  | 'WHATSAPP_PAIR_RATE_LIMITED'
  /** 1, 2, 131000, 131016, 131057, 133004, 133015: a transient problem at Meta; back off. */
  | 'WHATSAPP_TEMPORARY_ERROR'
  /** 131047: more than 24 h since the customer's last message; send a template instead. */
  | 'WHATSAPP_WINDOW_CLOSED'
  /** 131050: the user stopped marketing messages; record the opt-out, do not retry. */
  | 'WHATSAPP_MARKETING_OPT_OUT'
  /** 131049: held back to keep engagement healthy (per-user marketing limit); retry after 24 h at the earliest. */
  | 'WHATSAPP_ENGAGEMENT_LIMIT'
  /** 132000–132018: template missing, not approved, paused, disabled or given wrong parameters. */
  | 'WHATSAPP_TEMPLATE_ERROR'
  /** 100, 131008, 131009, 131021, 131051, 131053, 135000: the request itself is wrong. */
  | 'WHATSAPP_INVALID_REQUEST'
  /** 131026, 130403, 131062: the recipient cannot receive this message. */
  | 'WHATSAPP_RECIPIENT_UNAVAILABLE'
  /** 0, 190: the access token is invalid or expired. */
  | 'WHATSAPP_AUTH_FAILED'
  /** 3, 10, 200–299, 131005: the token lacks a permission. */
  | 'WHATSAPP_PERMISSION_DENIED'
  /** 33, 368, 130472, 130497, 131031, 131037, 131042, 131045, 131048, 131063, 131064: account-level restriction. */
  | 'WHATSAPP_ACCOUNT_RESTRICTED'
  /** A Graph error code this version does not know. */
  | 'WHATSAPP_PROVIDER_ERROR'
  /** A message this adapter cannot express for WhatsApp (refused before any request; `field` names the part). */
  | 'WHATSAPP_INVALID_MESSAGE';

/** How a Graph error code is handled. */
export interface GraphErrorClass {
  code: WhatsAppErrorCode;
  retryable: boolean;
  retryAfterMs?: number;
  remedy?: Remedy;
}


const TABLE = new Map<number, GraphErrorClass>();
function add(codes: readonly number[], klass: GraphErrorClass): void {
  for (const code of codes) TABLE.set(code, klass);
}
add([130429, 4, 80007, 80008], { code: 'WHATSAPP_RATE_LIMITED', retryable: true, remedy: 'retry_later' });
// Meta: one message per 6 s per user sustained; wait one slot before the next try.
add([131056], { code: 'WHATSAPP_PAIR_RATE_LIMITED', retryable: true, retryAfterMs: 6_000, remedy: 'retry_later' });
add([1, 2, 131000, 131016, 131057, 133004], { code: 'WHATSAPP_TEMPORARY_ERROR', retryable: true, remedy: 'retry_later' });
add([133015], { code: 'WHATSAPP_TEMPORARY_ERROR', retryable: true, retryAfterMs: 5 * 60_000, remedy: 'retry_later' });
add([131047], { code: 'WHATSAPP_WINDOW_CLOSED', retryable: false, remedy: 'template' });
add([131050], { code: 'WHATSAPP_MARKETING_OPT_OUT', retryable: false, remedy: 'opt_in' });
add([131049], { code: 'WHATSAPP_ENGAGEMENT_LIMIT', retryable: true, retryAfterMs: DAY, remedy: 'retry_later' });
add([132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018, 132068, 132069], { code: 'WHATSAPP_TEMPLATE_ERROR', retryable: false, remedy: 'fix_input' });
add([100, 131008, 131009, 131021, 131051, 131052, 131053, 135000], { code: 'WHATSAPP_INVALID_REQUEST', retryable: false, remedy: 'fix_input' });
add([131026, 130403, 131062], { code: 'WHATSAPP_RECIPIENT_UNAVAILABLE', retryable: false, remedy: 'none' });
add([0, 190], { code: 'WHATSAPP_AUTH_FAILED', retryable: false, remedy: 'refresh_token' });
add([3, 10, 131005], { code: 'WHATSAPP_PERMISSION_DENIED', retryable: false, remedy: 'fix_input' });
add([33, 368, 130472, 130497, 131031, 131037, 131042, 131045, 131048, 131063, 131064], { code: 'WHATSAPP_ACCOUNT_RESTRICTED', retryable: false, remedy: 'none' });

/** Classifies a Graph error code (unknown codes are final `WHATSAPP_PROVIDER_ERROR`s). */
export function classifyGraphCode(code: number): GraphErrorClass {
  const known = TABLE.get(code);
  if (known !== undefined) return known;
  if (code >= 200 && code <= 299) return { code: 'WHATSAPP_PERMISSION_DENIED', retryable: false, remedy: 'fix_input' };
  return { code: 'WHATSAPP_PROVIDER_ERROR', retryable: false };
}

/** A Graph API error body: `error.code`, `error_data.details`, `fbtrace_id`; subcode optional. */
export const graphErrorBodySchema = z.object({
  error: z.object({
    message: z.string().max(4096).optional(),
    type: z.string().max(128).optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ messaging_product: z.string().optional(), details: z.string().max(4096).optional() }).optional(),
    error_user_title: z.string().max(1024).optional(),
    error_user_msg: z.string().max(4096).optional(),
    fbtrace_id: z.string().max(256).optional(),
  }),
});
export type GraphErrorBody = z.infer<typeof graphErrorBodySchema>;

/**
 * Builds the typed error for a Graph error body.
 * @param retryAfterMs - a `Retry-After` the response carried; it wins over the table's hint.
 */
export function whatsAppErrorFromGraph(body: GraphErrorBody, httpStatus: number, retryAfterMs?: number): SwitchboardError<WhatsAppErrorCode> {
  const { error } = body;
  const klass = classifyGraphCode(error.code);
  const details = error.error_data?.details;
  const title = error.message ?? `Graph error ${error.code}`;
  const wait = retryAfterMs ?? klass.retryAfterMs;
  return new SwitchboardError<WhatsAppErrorCode>(klass.code, details === undefined ? title : `${title}: ${details}`, {
    provider: 'whatsapp',
    providerCode: error.code,
    retryable: klass.retryable,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
    ...(klass.remedy === undefined ? {} : { remedy: klass.remedy }),
    ...(error.fbtrace_id === undefined ? {} : { traceId: error.fbtrace_id }),
    details: {
      httpStatus,
      ...(details === undefined ? {} : { details }),
      ...(error.error_subcode === undefined ? {} : { subcode: error.error_subcode }),
      ...(error.type === undefined ? {} : { type: error.type }),
    },
  });
}

/** A webhook `errors[]` item (statuses, messages and value-level errors share it). */
export const webhookErrorSchema = z.object({
  code: z.number().int(),
  title: z.string().max(2048).optional(),
  message: z.string().max(2048).optional(),
  error_data: z.object({ details: z.string().max(4096).optional() }).optional(),
  href: z.string().max(2048).optional(),
});
export type WebhookErrorItem = z.infer<typeof webhookErrorSchema>;

/** The classified error of a failed-status webhook, as stored on the message. */
export function messageErrorFromWebhook(item: WebhookErrorItem): MessageError {
  const klass = classifyGraphCode(item.code);
  const text = item.error_data?.details ?? item.message ?? item.title ?? `WhatsApp error ${item.code}`;
  return { code: klass.code, message: text.slice(0, 2048), provider: 'whatsapp', providerCode: item.code, retryable: klass.retryable };
}
