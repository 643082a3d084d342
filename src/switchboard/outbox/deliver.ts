import type { ChannelAdapter, OutboundMessage, OutboundTemplate } from '../../channels/adapter.js';
import { SwitchboardError, hasErrorCode, toSwitchboardError } from '../../core/errors.js';
import type { OutboxJobId } from '../../core/ids.js';
import type { Contact } from '../../model/contact.js';
import type { Conversation } from '../../model/conversation.js';
import type { Message, MessageError } from '../../model/message.js';
import type { WindowFact } from '../../policy/window-state.js';
import { applyWindowFact, recordEntryPoint } from '../../policy/window-state.js';
import { classifyProviderRefusal } from '../../policy/provider-refusals.js';
import { consentRecordFromProviderError } from '../../policy/consent-records.js';
import { changedFields, updateConversation } from '../conversation-update.js';
import { settlementOf } from '../registry.js';
import { recordObservedConsent } from '../consent.js';
import type { Runtime } from '../runtime.js';
import { settleMessage } from '../settlement.js';
import { addressFor } from '../send/resolve-target.js';

/** What one delivery attempt did. */
export type DeliveryOutcome =
  /** The provider accepted it; the message is `sent`. */
  | { kind: 'sent'; message: Message; conversation: Conversation }
  /** The provider refused it for good; the message is `failed` and its hold released. */
  | { kind: 'failed'; message: Message; error: SwitchboardError }
  /** It may have reached the provider (no answer, channel without idempotent sends): `unknown`, hold kept, reconciled by status webhooks. */
  | { kind: 'unknown'; message: Message; error: SwitchboardError }
  /**
   * A transient failure: safe to try again (the outbox decides when). `message` is the updated
   * message when the attempt changed it (a lost answer on a channel with idempotent sends makes it `unknown`).
   */
  | { kind: 'retry'; error: SwitchboardError; message?: Message }
  /**
   * Refused for good after an earlier attempt whose answer was lost (`unknown`): the provider may
   * already have delivered the message, so it is not failed and its hold is kept; the outbox
   * dead-letters it with the reason for a human to decide.
   */
  | { kind: 'refused_after_unknown'; message: Message; error: SwitchboardError }
  /** Nothing to do: the message already left (another attempt or instance sent it). */
  | { kind: 'skipped'; message: Message };

/**
 * Makes one provider attempt for a stored `queued` message and records the outcome: status,
 * provider id, conversation activity, settlement, consent and window facts from the refusal,
 * and events. Never throws for provider errors (they become outcomes); storage errors propagate.
 */
export interface DeliverOptions {
  /** The caller's signal (a `send` caller, or an outbox run being shut down). */
  signal?: AbortSignal | undefined;
  /**
   * Fires when the attempt must stop because the job's lease (or the inline send's head start)
   * is about to run out; past it another worker may take the job. An attempt stopped before its
   * request left stays `queued` for a retry; one stopped after it left becomes `unknown` (or is
   * retried under the same idempotency key where the provider de-duplicates), so it is never sent twice.
   */
  deadline?: AbortSignal | undefined;
  /** What the caller's own abort means: give up on the message (`fail`, a `send` caller) or try later (`retry`, an outbox shutdown). */
  onCallerAbort?: 'fail' | 'retry';
  /**
   * The message's outbox job and who may act on it (its lease owner, or the inline `send`
   * before the job falls due). On channels without idempotent sends the attempt is recorded
   * on it (`markInFlight`) before the request leaves, so a crash after the provider accepted
   * the message is never followed by a second copy.
   */
  job?: { id: OutboxJobId; owner: string } | undefined;
  /**
   * The message's contact and conversation when the caller has just read them (an inline
   * `send`): the attempt then reads neither again. A conversation changed since is re-read by
   * the compare-and-set update that records the reply.
   */
  known?: { contact: Contact; conversation: Conversation } | undefined;
}

/** The longest an attempt may run inside a lease of `leaseMs`, leaving a margin before it expires. */
export function attemptBudgetMs(leaseMs: number, remainingMs: number = leaseMs): number {
  return remainingMs - Math.min(5_000, leaseMs / 10);
}

export async function deliver(rt: Runtime, message: Message, options: DeliverOptions = {}): Promise<DeliveryOutcome> {
  const adapter = rt.channels.get(message.channel, message.accountId);
  const resumable = message.status === 'queued' || (message.status === 'unknown' && adapter.capabilities.idempotentSends);
  if (!resumable) return { kind: 'skipped', message };
  const known = options.known?.contact.id === message.contactId && options.known.conversation.id === message.conversationId ? options.known : undefined;
  const contact = known?.contact ?? await rt.store.contacts.get(message.contactId);
  if (contact === null) return await fail(rt, adapter, message, new SwitchboardError('NOT_FOUND', `The contact of message ${message.id} was deleted`));
  const outbound: OutboundMessage = {
    messageId: message.id,
    idempotencyKey: message.idempotencyKey,
    to: addressFor(adapter, contact),
    content: message.content,
    ...(message.content.type === 'template' ? { template: outboundTemplate(message.content) } : {}),
    ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
  };
  const signals = [options.signal, options.deadline].filter((signal): signal is AbortSignal => signal !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const job = adapter.capabilities.idempotentSends ? undefined : options.job;
  if (job !== undefined) {
    try {
      await rt.store.outbox.markInFlight(job.id, job.owner, rt.clock.now());
    } catch (error) {
      // Another worker took the job: it makes the attempt.
      if (hasErrorCode(error, 'LEASE_LOST')) return { kind: 'retry', error };
      throw error;
    }
  }
  try {
    const result = await adapter.send(outbound, signal === undefined ? {} : { signal });
    rt.metrics.sendAttempt(false);
    const applied = await rt.store.messages.applyStatus(message.id, { status: 'sent', at: result.acceptedAt, providerMessageId: result.providerMessageId });
    rt.metrics.outbound(message.channel);
    const conversation = await recordReply(rt, applied.message, result.acceptedAt, known?.conversation);
    await settleMessage(rt, applied.message, settlementOf(adapter));
    if (applied.advanced) rt.events.emit('message.sent', { message: applied.message, conversation });
    return { kind: 'sent', message: applied.message, conversation };
  } catch (thrown) {
    rt.metrics.sendAttempt(true);
    const error = toSwitchboardError(thrown);
    await recordPolicyFacts(rt, message, error);
    if (error.code === 'SEND_OUTCOME_UNKNOWN') {
      const unknown = await markUnknown(rt, message);
      // Where the provider de-duplicates, the same request may simply be repeated.
      if (error.retryable && adapter.capabilities.idempotentSends) return { kind: 'retry', error, message: unknown };
      rt.logger.warn({ messageId: message.id, channel: message.channel }, 'Send outcome unknown; waiting for the provider\'s status webhook');
      return { kind: 'unknown', message: unknown, error };
    }
    // Stopped before the request left: nothing reached the provider, so it is safe to try again
    // later — unless the send's own caller gave up on the message.
    const callerGaveUp = options.signal?.aborted === true && (options.onCallerAbort ?? 'fail') === 'fail';
    const retry = (error.code === 'ABORTED' && !callerGaveUp) || error.retryable;
    if (retry) {
      await clearInFlight(rt, job);
      return { kind: 'retry', error };
    }
    if (message.status === 'unknown') {
      rt.logger.warn({ messageId: message.id, channel: message.channel, code: error.code }, 'A retry of a message an earlier attempt may have delivered was refused; dead-lettered with its hold kept');
      return { kind: 'refused_after_unknown', message, error };
    }
    return await fail(rt, adapter, message, error);
  }
}

/** The message becomes `unknown`: the request may have reached the provider and no answer came. */
export async function markUnknown(rt: Runtime, message: Message): Promise<Message> {
  const applied = await rt.store.messages.applyStatus(message.id, { status: 'unknown', at: rt.clock.now() });
  if (applied.advanced) rt.events.emit('message.status', { message: applied.message, previousStatus: message.status });
  return applied.message;
}

/** The attempt did not reach the provider: drop the in-flight mark so nobody takes it for an ambiguous send. */
async function clearInFlight(rt: Runtime, job: DeliverOptions['job']): Promise<void> {
  if (job === undefined) return;
  try {
    await rt.store.outbox.markInFlight(job.id, job.owner, null);
  } catch (error) {
    if (!hasErrorCode(error, 'LEASE_LOST')) throw error;
  }
}

/** Marks a message failed for good, releases its hold and tells listeners. */
export async function fail(rt: Runtime, adapter: ChannelAdapter, message: Message, error: SwitchboardError): Promise<DeliveryOutcome> {
  const applied = await rt.store.messages.applyStatus(message.id, { status: 'failed', at: rt.clock.now(), error: messageError(error) });
  await settleMessage(rt, applied.message, settlementOf(adapter));
  if (applied.advanced) rt.events.emit('message.failed', { message: applied.message, error });
  return { kind: 'failed', message: applied.message, error };
}

export function messageError(error: SwitchboardError): MessageError {
  return {
    code: error.code.slice(0, 64),
    message: error.message.slice(0, 2048),
    ...(error.provider === undefined ? {} : { provider: error.provider.slice(0, 32) }),
    ...(error.providerCode === undefined ? {} : { providerCode: typeof error.providerCode === 'string' ? error.providerCode.slice(0, 64) : error.providerCode }),
    retryable: error.retryable,
  };
}

function outboundTemplate(content: Extract<Message['content'], { type: 'template' }>): OutboundTemplate {
  return {
    name: content.name,
    language: content.language,
    body: content.parameters,
    ...(content.header === undefined ? {} : { header: headerOf(content.header) }),
    ...(content.buttons === undefined ? {} : { buttons: content.buttons }),
  };
}

function headerOf(header: NonNullable<Extract<Message['content'], { type: 'template' }>['header']>): NonNullable<OutboundTemplate['header']> {
  if (header.type === 'text') return { type: 'text', parameters: header.parameters };
  return {
    type: header.type,
    ...(header.mediaId === undefined ? {} : { mediaId: header.mediaId }),
    ...(header.link === undefined ? {} : { link: header.link }),
    ...(header.filename === undefined ? {} : { filename: header.filename }),
  };
}

/**
 * Conversation bookkeeping for a reply that left: last outbound, who replied, first response,
 * entry point. Starts from `recent` when the caller has it (a stale copy costs one more read).
 */
async function recordReply(rt: Runtime, message: Message, at: number, recent?: Conversation): Promise<Conversation> {
  const current = recent ?? await rt.store.conversations.get(message.conversationId);
  if (current === null) throw new SwitchboardError('NOT_FOUND', `Conversation ${message.conversationId} was deleted`);
  let firstResponse: number | undefined;
  const updated = await updateConversation(rt.store, current, (c) => {
    const operator = message.operatorId;
    const entry = recordEntryPoint(c, { repliedAt: at });
    const firstReply = c.firstResponseAt === undefined && c.lastInboundAt !== undefined;
    firstResponse = firstReply ? at - c.createdAt : undefined;
    return {
      ...(c.lastOutboundAt === undefined || at > c.lastOutboundAt ? { lastOutboundAt: at } : {}),
      ...(operator === undefined ? {} : { lastRepliedBy: operator }),
      ...(operator === undefined || (c.repliedBy ?? []).includes(operator) ? {} : { repliedBy: [...(c.repliedBy ?? []), operator].slice(-256) }),
      ...(firstReply ? { firstResponseAt: at } : {}),
      ...(entry.entryPointExpiresAt === c.entryPointExpiresAt || entry.entryPointExpiresAt === undefined ? {} : { entryPointExpiresAt: entry.entryPointExpiresAt }),
    };
  });
  if (firstResponse !== undefined) rt.metrics.firstResponse(Math.max(0, firstResponse));
  return updated;
}

/**
 * A refusal can be a fact about the customer: WhatsApp 131050 is a marketing opt-out (recorded
 * as consent), VK 901/902/950 mean the user does not allow messages and WhatsApp 131047 that
 * the session window is closed (both recorded on the window).
 */
async function recordPolicyFacts(rt: Runtime, message: Message, error: SwitchboardError): Promise<void> {
  const now = rt.clock.now();
  const fact = classifyProviderRefusal(error, now);
  if (fact === null) return;
  if (fact.kind === 'marketing_opt_out') {
    const record = consentRecordFromProviderError(error, { contactId: message.contactId, channel: message.channel, recordedAt: now, messageId: message.id, ids: rt.ids });
    if (record === null) return;
    const { id: _id, ...fields } = record;
    await recordObservedConsent(rt, fields);
    return;
  }
  if (fact.kind === 'permission_denied' || fact.kind === 'reply_timed_out' || fact.kind === 'window_closed') await recordWindowFact(rt, message, fact.fact, now);
}

const REFUSAL_WINDOW_FIELDS = ['messagesAllowed', 'messagesAllowedAt', 'windowClosedAt'] as const;

/**
 * Moves the window of a message's conversation by a provider refusal (VK deny, WhatsApp
 * 131047 window closed), never backwards: the reducer keeps the newest fact.
 */
export async function recordWindowFact(rt: Runtime, message: Message, fact: WindowFact, now: number): Promise<void> {
  const conversation = await rt.store.conversations.get(message.conversationId);
  if (conversation === null) return;
  const rule = rt.channels.get(message.channel, message.accountId).capabilities.window;
  await updateConversation(rt.store, conversation, (c) => {
    const next = applyWindowFact(c, fact, { rule, now });
    return next === c ? null : changedFields(c, next, REFUSAL_WINDOW_FIELDS);
  });
}
