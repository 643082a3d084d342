import type { Clock } from '../../core/clock.js';
import { SwitchboardError, isSwitchboardError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { registerSecret } from '../../core/redact.js';
import type { InboundEvent } from '../adapter.js';
import { backoffDelay } from '../http/backoff.js';
import type { Sleep } from '../rate-limit/sleep.js';
import type { VkApiClient } from './api-client.js';
import type { VkLongPollServer } from './api-schemas.js';
import { vkLongPollResponseSchema, vkLongPollServerSchema } from './api-schemas.js';
import { vkEnvelopeSchema } from './callback-schemas.js';
import { vkDedupeKey } from './callback.js';
import { normalizeVkEvent } from './normalize.js';

/** Error codes of the Long Poll loop (reported through `onError`, never thrown). */
export type VkLongPollErrorCode = 'VK_LONG_POLL_GAP' | 'VK_LONG_POLL_HANDLER_FAILED' | 'VK_LONG_POLL_SERVER_REJECTED';

/** One Long Poll batch handed to the host. */
export interface VkLongPollBatch {
  events: InboundEvent[];
  /** The `ts` after this batch; persist it to resume with `startTs` without gaps. */
  ts: string;
  /** Updates that could not be used (other groups, schema mismatches, unsupported types). */
  errors: SwitchboardError[];
}

/** Options for {@link VkAdapter.poll}. */
export interface VkPollOptions {
  /** Stops the loop; `poll` then resolves. */
  signal: AbortSignal;
  /**
   * Receives each non-empty batch. The loop waits for it and moves `ts` forward only after it
   * resolves; if it throws, the same batch is fetched and handed over again after a backoff
   * (at-least-once; dedupe on `dedupeKey`).
   */
  onEvents(batch: VkLongPollBatch): Promise<void> | void;
  /** Resume from a saved `ts` instead of the server's current one. */
  startTs?: string;
  /** Told about every recoverable problem (network errors, failed 3, handler failures). */
  onError?(error: SwitchboardError): void;
}

export interface VkLongPollContext {
  api: VkApiClient;
  groupId: number;
  wait: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  sleep: Sleep;
  random: () => number;
  clock: Clock;
  logger: Logger;
}

/**
 * Runs the Bots Long Poll loop until `signal` aborts: `groups.getLongPollServer`, then
 * `act=a_check` with `key`, `ts` and `wait`, through the same parsing as the Callback API.
 *
 * `failed: 1` → continue with the new `ts`; `failed: 2` → new `key`, keep our `ts` (nothing
 * skipped); `failed: 3` → new `key` and `ts` — VK says events in between may be lost, reported
 * through `onError` as `VK_LONG_POLL_GAP`. Network errors and VK 5xx back off exponentially
 * with jitter. Resolves when aborted.
 *
 * @throws SwitchboardError for permanent failures of `groups.getLongPollServer` (token revoked,
 *   Long Poll disabled in the community settings).
 */
export async function runVkLongPoll(ctx: VkLongPollContext, options: VkPollOptions): Promise<void> {
  const { signal } = options;
  // A function, not the property: the compiler would keep the loop condition's narrowing across awaits.
  const aborted = (): boolean => signal.aborted;
  let failures = 0;
  let server: VkLongPollServer | undefined;
  let ts: string | undefined = options.startTs;

  const report = (error: SwitchboardError): void => {
    ctx.logger.warn({ err: error.toJSON() }, 'VK Long Poll problem');
    options.onError?.(error);
  };
  const backoff = async (): Promise<void> => {
    failures += 1;
    await ctx.sleep(backoffDelay(failures, { minDelayMs: ctx.minBackoffMs, maxDelayMs: ctx.maxBackoffMs }, ctx.random), signal);
  };

  while (!aborted()) {
    try {
      if (server === undefined) {
        server = await getServer(ctx, signal);
        ts ??= server.ts;
      }
      const answer = await check(ctx, server, ts ?? server.ts, signal);
      if ('failed' in answer) {
        if (answer.failed === 1) ts = answer.ts;
        else {
          const fresh = await getServer(ctx, signal);
          server = fresh;
          if (answer.failed === 3) {
            report(new SwitchboardError<VkLongPollErrorCode>('VK_LONG_POLL_GAP', `VK Long Poll lost its history (failed 3); events between ts ${ts ?? '?'} and ${fresh.ts} may be missing — backfill with messages.getConversations`, { provider: 'vk', details: { from: ts, to: fresh.ts } }));
            ts = fresh.ts;
          }
        }
        failures = 0;
        continue;
      }
      const batch = toBatch(ctx, answer.updates, answer.ts);
      if (batch.events.length > 0 || batch.errors.length > 0) {
        try {
          await options.onEvents(batch);
        } catch (error) {
          report(new SwitchboardError<VkLongPollErrorCode>('VK_LONG_POLL_HANDLER_FAILED', 'The onEvents handler failed; the batch will be fetched again', { provider: 'vk', cause: error, retryable: true }));
          await backoff();
          continue;
        }
      }
      ts = answer.ts;
      failures = 0;
    } catch (error) {
      if (aborted()) break;
      const typed = isSwitchboardError(error) ? error : new SwitchboardError('NETWORK_ERROR', 'VK Long Poll request failed', { provider: 'vk', cause: error, retryable: true });
      if (!typed.retryable) throw typed;
      report(typed);
      if (typed.code === 'VK_LONG_POLL_SERVER_REJECTED') server = undefined;
      try {
        await backoff();
      } catch {
        break;
      }
    }
  }
}

async function getServer(ctx: VkLongPollContext, signal: AbortSignal): Promise<VkLongPollServer> {
  const server = await ctx.api.call('groups.getLongPollServer', { group_id: ctx.groupId }, vkLongPollServerSchema, { idempotent: true, signal });
  // The key authorizes reading the community's events: keep it out of logs and errors.
  registerSecret(server.key);
  return server;
}

async function check(ctx: VkLongPollContext, server: VkLongPollServer, ts: string, signal: AbortSignal) {
  const url = new URL(server.server);
  url.searchParams.set('act', 'a_check');
  url.searchParams.set('key', server.key);
  url.searchParams.set('ts', ts);
  url.searchParams.set('wait', String(ctx.wait));
  // Proxies cut idle connections; give VK `wait` seconds plus a margin before giving up.
  const timeout = AbortSignal.timeout((ctx.wait + 10) * 1000);
  const response = await ctx.fetch(url, { signal: AbortSignal.any([signal, timeout]) });
  const text = await response.text();
  if (response.status >= 500 || response.status === 429) {
    throw new SwitchboardError<VkLongPollErrorCode>('VK_LONG_POLL_SERVER_REJECTED', `VK Long Poll server answered HTTP ${response.status}`, { provider: 'vk', retryable: true, details: { status: response.status } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = vkLongPollResponseSchema.safeParse(json);
  if (!response.ok || !parsed.success) {
    throw new SwitchboardError<VkLongPollErrorCode>('VK_LONG_POLL_SERVER_REJECTED', `VK Long Poll server answered HTTP ${response.status} with an unexpected body`, { provider: 'vk', retryable: true, details: { status: response.status } });
  }
  return parsed.data;
}

function toBatch(ctx: VkLongPollContext, updates: readonly unknown[], ts: string): VkLongPollBatch {
  const events: InboundEvent[] = [];
  const errors: SwitchboardError[] = [];
  const now = ctx.clock.now();
  for (const update of updates) {
    const parsed = vkEnvelopeSchema.safeParse(update);
    if (!parsed.success) {
      errors.push(new SwitchboardError('VK_EVENT_INVALID', 'A Long Poll update is not a VK event envelope', { provider: 'vk' }));
      continue;
    }
    const envelope = parsed.data;
    if (envelope.group_id !== ctx.groupId) {
      errors.push(new SwitchboardError('VK_EVENT_INVALID', `Long Poll update for community ${envelope.group_id}, expected ${ctx.groupId}`, { provider: 'vk' }));
      continue;
    }
    const eventId = envelope.event_id ?? `lp:${ts}:${events.length + errors.length}`;
    const result = normalizeVkEvent(envelope, { accountId: String(ctx.groupId), dedupeKey: vkDedupeKey(ctx.groupId, eventId), now });
    events.push(...result.events);
    if (result.error !== undefined) errors.push(result.error);
  }
  return { events, ts, errors };
}
