import type { ChannelAdapter, InboundEvent, WebhookResult } from '../../channels/adapter.js';
import { SwitchboardError, isSwitchboardError } from '../../core/errors.js';
import type { CustomerMessagePayload, Runtime } from '../runtime.js';
import { facadeError } from '../errors.js';
import { receiveCustomerMessage } from './customer-message.js';
import { applyConsentEvent, applyEcho, applyTemplateCategory, applyTemplateQuality, applyTemplateStatus } from './other-events.js';
import { applyStatusEvent } from './status.js';

/** Seconds a provider is asked to wait before retrying a webhook we could not store. */
const RETRY_AFTER_SECONDS = 5;

/**
 * How long an item's dedupe claim lasts until the item is stored (then it is confirmed for
 * `inbound.dedupeTtlMs`). Far longer than storing one item takes (a few store writes), so a
 * concurrent redelivery is still skipped; short, so an item whose instance died mid-way is
 * processed by the provider's next retry instead of being skipped for good.
 */
const PROVISIONAL_CLAIM_MS = 30_000;

/**
 * The adapters a request may be for: `/webhooks/<channel>/<accountId>` names one,
 * `/webhooks/<channel>` every account of the channel; any other path is tried on every adapter
 * (the first that accepts the request wins: signatures and secrets tell the channels apart).
 */
export function candidatesFor(adapters: readonly ChannelAdapter[], url: string): ChannelAdapter[] {
  const segments = new URL(url).pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  for (let i = segments.length - 1; i >= 0; i--) {
    const channel = segments[i];
    const ofChannel = adapters.filter((a) => a.channel === channel);
    if (ofChannel.length === 0) continue;
    const account = segments[i + 1];
    const exact = ofChannel.filter((a) => a.accountId === account);
    return exact.length > 0 ? exact : ofChannel;
  }
  return [...adapters];
}

async function verifyWithAny(candidates: readonly ChannelAdapter[], request: Request): Promise<{ adapter: ChannelAdapter | undefined; result: WebhookResult }> {
  let first: { adapter: ChannelAdapter; result: WebhookResult } | undefined;
  for (const adapter of candidates) {
    const result = await adapter.handleWebhook(candidates.length === 1 ? request : request.clone());
    if (result.response.status < 400) return { adapter, result };
    first ??= { adapter, result };
  }
  if (first === undefined) return { adapter: undefined, result: { response: new Response('not found', { status: 404 }), events: [] } };
  return first;
}

/**
 * The inbound pipeline behind `sb.handleWebhook`. The provider's answer is returned only after
 * every item is stored; if storing fails, the dedupe claims taken by this request are released
 * and the provider is answered `503` with `Retry-After`, so it delivers again and the retry is
 * processed in full (everything it touches is idempotent).
 *
 * Each item is processed exactly once: it is claimed first, briefly (`PROVISIONAL_CLAIM_MS`),
 * and the claim is confirmed for the full dedupe TTL only after the item is stored. A crash in
 * between leaves a claim that expires on its own, so the provider's redelivery is processed.
 * Claiming before storing (rather than relying on storage uniqueness) is what keeps every
 * event type exactly-once: messages are unique by provider id and statuses idempotent by
 * rank, but consent records are append-only and would be recorded twice.
 */
export async function handleWebhook(rt: Runtime, request: Request): Promise<Response> {
  const started = rt.clock.now();
  const { adapter, result } = await verifyWithAny(candidatesFor(rt.channels.all(), request.url), request);
  const status = result.response.status;
  if (status >= 400 || adapter === undefined) {
    const error = result.error ?? new SwitchboardError(status === 401 || status === 403 ? 'WEBHOOK_BAD_SIGNATURE' : 'WEBHOOK_REJECTED', `The ${adapter?.channel ?? 'webhook'} request was refused with HTTP ${status}`, { ...(adapter === undefined ? {} : { provider: adapter.channel }), details: { status } });
    if (status < 500) rt.events.emit('webhook.rejected', { channel: adapter?.channel, status, error });
    rt.metrics.webhook(rt.clock.now() - started, status < 500 ? 'rejected' : 'failed');
    return result.response;
  }
  if (result.error !== undefined) rt.logger.info({ channel: adapter.channel, code: result.error.code }, result.error.message);

  const claimed: string[] = [];
  const received: CustomerMessagePayload[] = [];
  try {
    for (const event of result.events) {
      if (!(await rt.store.dedupe.claim(event.dedupeKey, PROVISIONAL_CLAIM_MS))) continue;
      claimed.push(event.dedupeKey);
      const payload = await processPoisonSafe(rt, adapter, event);
      await rt.store.dedupe.confirm(event.dedupeKey, rt.config.inbound.dedupeTtlMs);
      if (payload !== null) received.push(payload);
    }
  } catch (error) {
    await Promise.allSettled(claimed.map((key) => rt.store.dedupe.release(key)));
    rt.reportError(facadeError('INBOUND_FAILED', `Storing a ${adapter.channel} webhook failed; the provider will deliver it again`, { cause: error, retryable: true, details: { channel: adapter.channel, events: result.events.length } }), 'pipeline.inbound');
    rt.metrics.webhook(rt.clock.now() - started, 'failed');
    return new Response('retry later', { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'content-type': 'text/plain' } });
  }
  rt.metrics.webhook(rt.clock.now() - started, 'ok');
  const automation = rt.onCustomerMessage;
  if (automation !== undefined) {
    for (const payload of received) rt.background.run('automation', async () => { await automation(payload); });
  }
  return result.response;
}

/**
 * An item the store refuses as invalid (a provider value outside the model's limits) would fail
 * every redelivery too: it is reported and skipped instead of holding the whole request back.
 */
async function processPoisonSafe(rt: Runtime, adapter: ChannelAdapter, event: InboundEvent): Promise<CustomerMessagePayload | null> {
  try {
    return await processEvent(rt, adapter, event);
  } catch (error) {
    if (!(isSwitchboardError(error) && (error.code === 'INVALID_INPUT' || error.code === 'INVALID_ID'))) throw error;
    rt.reportError(error, `pipeline.inbound.${event.type}`);
    return null;
  }
}

async function processEvent(rt: Runtime, receiver: ChannelAdapter, event: InboundEvent): Promise<CustomerMessagePayload | null> {
  // Template and account events are about the business account, not one number: any adapter of it will do.
  const accountWide = event.type.startsWith('template.') || event.type === 'account.alert';
  const adapter = adapterFor(rt, receiver, event) ?? (accountWide ? receiver : undefined);
  if (adapter === undefined) {
    rt.logger.warn({ channel: event.channel, accountId: event.accountId }, 'Webhook event for a channel account that is not configured; ignored');
    return null;
  }
  switch (event.type) {
    case 'message.received': return await receiveCustomerMessage(rt, adapter, event);
    case 'message.status': await applyStatusEvent(rt, adapter, event); return null;
    case 'message.echo':
    case 'message.edited': await applyEcho(rt, event); return null;
    case 'consent.changed': await applyConsentEvent(rt, adapter, event); return null;
    case 'template.status_changed': await applyTemplateStatus(rt, event); return null;
    case 'template.category_changed': await applyTemplateCategory(rt, event); return null;
    case 'template.quality_changed': await applyTemplateQuality(rt, event); return null;
    case 'interaction': rt.events.emit('interaction', { event }); return null;
    case 'account.alert': rt.events.emit('account.alert', { event }); return null;
  }
}

/** One app's webhook may carry events for several numbers of one business account. */
function adapterFor(rt: Runtime, receiver: ChannelAdapter, event: InboundEvent): ChannelAdapter | undefined {
  if (event.channel === receiver.channel && event.accountId === receiver.accountId) return receiver;
  return rt.channels.all().find((a) => a.channel === event.channel && a.accountId === event.accountId);
}
