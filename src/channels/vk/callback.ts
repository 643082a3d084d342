import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { SwitchboardError, isSwitchboardError } from '../../core/errors.js';
import { inboundDedupeKey } from '../../model/dedupe.js';
import type { WebhookResult } from '../adapter.js';
import { constantTimeEqual } from '../webhook/constant-time.js';
import type { WebhookErrorCode } from '../webhook/errors.js';
import { parseJsonBytes } from '../webhook/parse-json.js';
import { readBodyBytes } from '../webhook/read-body.js';
import { textResponse, webhookErrorResponse } from '../webhook/responses.js';
import type { VkEnvelope } from './callback-schemas.js';
import { vkEnvelopeSchema } from './callback-schemas.js';
import { normalizeVkEvent } from './normalize.js';

/** The only answer VK accepts as "delivered"; anything else makes it retry. */
export const VK_OK = 'ok';

export interface VkCallbackContext {
  groupId: number;
  /** Accepted secret keys (several during a rotation). */
  secrets: readonly string[];
  confirmation: string;
  maxBodyBytes: number;
  clock: Clock;
}

/** The dedupe key of a VK event: `vk:<groupId>:<event_id>` (a body hash for pre-5.103 events without one). */
export function vkDedupeKey(groupId: number | string, eventId: string): string {
  return inboundDedupeKey('vk', String(groupId), eventId);
}

/**
 * Handles one Callback API request. Never throws for bad input:
 * - `confirmation` → the confirmation string, `text/plain`, no events;
 * - any other event from our group with the right secret → `ok` (to send once the events are
 *   stored) and the normalized events; unsupported types are acknowledged with no events and
 *   `error.code === 'VK_EVENT_UNSUPPORTED'`;
 * - wrong or missing secret, another group → 403, no events, `WEBHOOK_FORBIDDEN`;
 * - not POST → 405; body above the limit → 413; not JSON or not a VK envelope → 400.
 * VK counts every non-`ok` answer as a failed delivery and retries it; it never gets `remove`.
 */
export async function handleVkCallback(request: Request, ctx: VkCallbackContext): Promise<WebhookResult> {
  const retryCount = parseRetryCounter(request.headers.get('x-retry-counter'));
  const withRetry = retryCount === undefined ? {} : { retryCount };
  if (request.method !== 'POST') return failed('WEBHOOK_METHOD_NOT_ALLOWED', `VK callbacks are POST requests, got ${request.method}`, withRetry);
  let bytes: Uint8Array;
  let body: unknown;
  try {
    bytes = await readBodyBytes(request, ctx.maxBodyBytes);
    body = parseJsonBytes(bytes);
  } catch (error) {
    if (isSwitchboardError(error)) return { response: webhookErrorResponse(error.code as WebhookErrorCode), events: [], error, ...withRetry };
    throw error;
  }
  const parsed = vkEnvelopeSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 4).map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`);
    return failed('WEBHOOK_MALFORMED_BODY', `The body is not a VK Callback API event: ${issues.join('; ')}`, withRetry);
  }
  const envelope = parsed.data;
  // Compare the secret even when the group is wrong, so both refusals take the same time.
  const secretOk = envelope.secret !== undefined && matchesAnySecret(envelope.secret, ctx.secrets);
  if (envelope.group_id !== ctx.groupId) {
    return failed('WEBHOOK_FORBIDDEN', `VK event for community ${envelope.group_id}, but this adapter serves ${ctx.groupId}`, withRetry, { groupId: envelope.group_id });
  }
  if (!secretOk) {
    return failed('WEBHOOK_FORBIDDEN', envelope.secret === undefined ? 'VK event without a secret; set the secret key in the callback server settings' : 'VK event with a wrong secret', withRetry);
  }
  if (envelope.type === 'confirmation') {
    return { response: textResponse(200, ctx.confirmation), events: [], ...withRetry };
  }
  const result = normalizeVkEvent(envelope, {
    accountId: String(ctx.groupId),
    dedupeKey: vkDedupeKey(ctx.groupId, eventIdOf(envelope, bytes)),
    now: ctx.clock.now(),
  });
  return { response: textResponse(200, VK_OK), events: result.events, ...(result.error === undefined ? {} : { error: result.error }), ...withRetry };
}

/** The event id, or (for payloads older than 5.103, which have none) a hash of the exact body, which VK repeats on retries. */
export function eventIdOf(envelope: VkEnvelope, bytes: Uint8Array): string {
  return envelope.event_id ?? `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Asks VK to deliver the event again later (HTTP 503 with `Retry-After`), for a host that is
 * overloaded or whose store is down. VK accepts delays under 3 hours; `delayMs` is clamped to
 * [1 s, 2 h 59 min]. Never `ok`, never `remove`.
 */
export function vkRetryLaterResponse(delayMs: number): Response {
  const seconds = Math.min(3 * 3600 - 60, Math.max(1, Math.ceil((Number.isFinite(delayMs) ? delayMs : 0) / 1000)));
  return textResponse(503, 'retry later', { 'retry-after': String(seconds) });
}

function parseRetryCounter(value: string | null): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function failed(code: WebhookErrorCode, message: string, extra: { retryCount?: number }, details?: Record<string, unknown>): WebhookResult {
  const error = new SwitchboardError<WebhookErrorCode>(code, message, { provider: 'vk', ...(details === undefined ? {} : { details }) });
  return { response: webhookErrorResponse(code), events: [], error, ...extra };
}

/** Compares against every accepted key (no early exit), so the time taken does not tell which one matched. */
function matchesAnySecret(given: string, secrets: readonly string[]): boolean {
  let ok = false;
  for (const secret of secrets) ok = constantTimeEqual(given, secret) || ok;
  return ok;
}
