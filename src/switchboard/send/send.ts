import { z } from 'zod';
import { SwitchboardError } from '../../core/errors.js';
import { parseWith } from '../../core/validation.js';
import type { Quote } from '../../ledger/price-book.js';
import type { Message } from '../../model/message.js';
import type { OutboxJob } from '../../model/outbox.js';
import { checkConsent, consentRefusalError } from '../../policy/check-consent.js';
import { checkWindow, pricingWindowState, windowRefusalError } from '../../policy/check-window.js';
import type { WindowAllowed } from '../../policy/check-window.js';
import { purposeForCategory } from '../../policy/consent-records.js';
import { assertMayReply } from '../dialogs/permissions.js';
import { attemptBudgetMs, deliver } from '../outbox/deliver.js';
import type { Runtime } from '../runtime.js';
import type { SendInput, SendOutcome } from '../send-types.js';
import type { PreparedContent } from './content.js';
import { prepareContent } from './content.js';
import type { SendTarget, StoredTarget } from './resolve-target.js';
import { ensureTarget, permissionFromConsent, resolveTarget } from './resolve-target.js';
import type { ConsentRecord } from '../../model/consent.js';
import type { ConversationWindowState } from '../../policy/window-state.js';

const common = {
  idempotencyKey: z.string().min(1).max(200).optional(),
  operatorId: z.string().min(1).max(128).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  replyTo: z.string().min(1).max(512).optional(),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal).optional(),
  text: z.string().max(65_536).optional(),
  attachments: z.array(z.unknown()).optional(),
  template: z.union([z.string().min(1), z.object({ name: z.string().min(1), language: z.string().min(2) }).strict()]).optional(),
};
const inputSchema = z.union([
  z.object({ conversationId: z.string().min(1), ...common }).strict(),
  z.object({ to: z.union([z.string().min(1), z.object({ kind: z.string(), value: z.string() }).strict()]), channel: z.string().min(1), accountId: z.string().min(1).optional(), links: z.array(z.object({ type: z.string(), id: z.string() }).strict()).optional(), ...common }).strict(),
]);

/**
 * The send pipeline: resolve → window, consent, claim rule → content (template approved,
 * rendered, values linted) → price → reserve → store `queued` + outbox job → provider (inline,
 * with one immediate retry) → `sent` and settlement. Refusals throw before anything is stored,
 * sent or charged.
 */
export async function sendMessage(rt: Runtime, raw: SendInput): Promise<SendOutcome> {
  parseWith(inputSchema, raw, 'send input');
  const input = raw;
  if (input.idempotencyKey !== undefined) {
    const previous = await rt.store.messages.getByIdempotencyKey(input.idempotencyKey);
    if (previous !== null) return await duplicateOutcome(rt, previous);
  }
  const found = await resolveTarget(rt, input);
  if (found.conversation !== null) assertMayReply(found.conversation, input.operatorId, rt.policy);
  const prepared = await prepareContent(rt, found.adapter, input);
  const now = rt.clock.now();
  const records = found.contact === null ? [] : await rt.store.consents.listByContact(found.contact.id, found.adapter.channel);
  const window = checkRules(rt, found, prepared, now, records, await windowState(rt, found));
  const quote = priceOf(rt, found, prepared, window, now);
  const target = await ensureTarget(rt, found);

  const id = rt.ids.next('msg');
  const message: Message = {
    id,
    conversationId: target.conversation.id,
    contactId: target.contact.id,
    channel: target.adapter.channel,
    accountId: target.adapter.accountId,
    direction: 'outbound',
    content: prepared.content,
    idempotencyKey: input.idempotencyKey ?? id,
    status: 'queued',
    timestamps: { queued: now },
    ...(input.operatorId === undefined ? {} : { operatorId: input.operatorId }),
    ...(input.replyTo === undefined ? {} : { replyTo: input.replyTo }),
    createdAt: now,
  };
  const reserved = await reserve(rt, target, message, quote, prepared, now);
  let stored: Message;
  let job: OutboxJob;
  try {
    // The job is enqueued before the message is stored, so a crash between the two leaves at
    // worst a job without a message (the outbox completes it and releases the hold), never a
    // queued message that nothing will send. It waits one lease period: this call sends inline;
    // if it dies mid-way, any instance's `outbox.run` takes over.
    job = await rt.store.outbox.enqueue({ messageId: id, channel: message.channel, accountId: message.accountId, runAt: now + rt.config.outbox.leaseMs });
    const appended = await rt.store.messages.append(message);
    if (!appended.created) {
      // The same idempotency key won a race from another call or instance: that send stands.
      await releaseHold(rt, reserved, id);
      return await duplicateOutcome(rt, appended.message);
    }
    stored = appended.message;
  } catch (error) {
    await releaseHold(rt, reserved, id);
    throw error;
  }

  // Both inline attempts finish before the job falls due for the outbox, so it never sends twice.
  const deadline = AbortSignal.timeout(Math.max(1, attemptBudgetMs(rt.config.outbox.leaseMs)));
  // The job is not due yet: this call may mark the attempt in flight on it (see `markInFlight`).
  const inline = { signal: input.signal, deadline, job: { id: job.id, owner: rt.config.outbox.instanceId }, known: { contact: target.contact, conversation: target.conversation } };
  let outcome = await deliver(rt, stored, inline);
  if (outcome.kind === 'retry' && !deadline.aborted) outcome = await deliver(rt, outcome.message ?? stored, inline);
  // A permanent provider refusal: the message is stored as `failed` (same idempotency key → same message).
  if (outcome.kind === 'failed') throw outcome.error;
  // A refusal after a lost answer (`refused_after_unknown`) returns the `unknown` message; the outbox tries it once more and dead-letters it if refused again.
  const final = outcome.kind === 'retry' ? (outcome.message ?? stored) : outcome.message;
  const conversation = outcome.kind === 'sent' ? outcome.conversation : ((await rt.store.conversations.get(final.conversationId)) ?? target.conversation);
  return { message: final, conversation, duplicate: false, ...(quote === undefined ? {} : { quote }) };
}

/** The window state to judge: the conversation's, or for a first message the user's last allow/deny (VK). */
async function windowState(rt: Runtime, target: SendTarget): Promise<ConversationWindowState> {
  if (target.conversation !== null) return target.conversation;
  return target.contact === null ? {} : await permissionFromConsent(rt, target.contact.id, target.adapter);
}

function checkRules(rt: Runtime, target: SendTarget, prepared: PreparedContent, now: number, records: readonly ConsentRecord[], state: ConversationWindowState): WindowAllowed {
  const capabilities = target.adapter.capabilities;
  const window = checkWindow({ capabilities, conversation: state, now, kind: prepared.kind, safetyMarginMs: capabilities.window.kind === 'session' ? rt.policy.windowSafetyMarginMs : 0 });
  if (!window.allowed) throw windowRefusalError(window);
  const purpose = prepared.category === undefined ? 'transactional' : purposeForCategory(prepared.category);
  // On permission channels (VK) the user's allow is what makes service messages lawful.
  if (purpose === 'transactional' && capabilities.window.kind === 'permission') return window;
  const consent = checkConsent({ records, purpose, lastInboundAt: state.lastInboundAt, now });
  if (!consent.allowed) throw consentRefusalError(consent);
  return window;
}

function priceOf(rt: Runtime, target: SendTarget, prepared: PreparedContent, window: WindowAllowed, now: number): Quote | undefined {
  if (rt.ledger === undefined || rt.prices === undefined) return undefined;
  const to = target.address.kind === 'phone' ? target.address.value : undefined;
  return rt.prices.quote({
    channel: target.adapter.channel,
    category: prepared.kind === 'template' && prepared.category !== undefined ? prepared.category : 'free_form',
    windowState: pricingWindowState(window),
    at: now,
    ...(to === undefined ? {} : { to }),
  });
}

/** Reserves the price under the message id (so any retry of this step reserves once); a zero price skips the ledger. */
async function reserve(rt: Runtime, target: StoredTarget, message: Message, quote: Quote | undefined, prepared: PreparedContent, now: number): Promise<boolean> {
  if (rt.ledger === undefined || quote === undefined || quote.amount === 0) return false;
  const account = rt.config.billingAccount({
    channel: target.adapter.channel, accountId: target.adapter.accountId, contactId: target.contact.id, conversationId: target.conversation.id,
    ...(message.operatorId === undefined ? {} : { operatorId: message.operatorId }),
  });
  await rt.ledger.reserve({
    id: message.id, account, amount: quote.amount, expiresAt: now + rt.config.holdTtlMs,
    reason: `${target.adapter.channel}:${prepared.kind === 'template' ? (prepared.category ?? 'template') : 'free_form'}:${quote.country ?? '*'}`,
  });
  return true;
}

async function releaseHold(rt: Runtime, reserved: boolean, id: string): Promise<void> {
  if (reserved && rt.ledger !== undefined) await rt.ledger.release({ holdId: id });
}

async function duplicateOutcome(rt: Runtime, message: Message): Promise<SendOutcome> {
  const conversation = await rt.store.conversations.get(message.conversationId);
  if (conversation === null) throw new SwitchboardError('NOT_FOUND', `The conversation of message ${message.id} was deleted`);
  return { message, conversation, duplicate: true };
}

