// Chapters 3-6: the 24-hour window closes; templates are reviewed and linted; an approved
// UTILITY template goes out with credits held and auto-recharge; statuses arrive out of order.
import { z } from 'zod';
import { balanceParts, expectRefusal, quote, refusalParts, shortId } from '../format.js';
import { HOUR, isSwitchboardError, MINUTE } from '../sdk.js';
import type { ConversationId, Message, TemplateDefinition } from '../sdk.js';
import type { Transcript } from '../transcript.js';
import { formatTime } from '../transcript.js';
import type { DemoWorld } from '../world.js';
import type { FirstContact } from './whatsapp-first-contact.js';

/** A notification (UTILITY): what Meta accepts outside the 24-hour window. */
export const ORDER_UPDATE: TemplateDefinition = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  body: 'Hello {{first_name}}, your order {{order_id}} has shipped and arrives on {{eta}}. Reply here if anything is wrong.',
  variables: {
    first_name: { bind: 'first_name', example: 'Ada', fallback: 'there' },
    order_id: { bind: 'order_id', example: 'A-1042' },
    eta: { bind: 'eta', example: 'Friday' },
  },
};

/** The same notification with a sales pitch added: Meta would reject or re-categorize it. */
export const ORDER_UPDATE_PROMO: TemplateDefinition = {
  ...ORDER_UPDATE,
  name: 'order_update_promo',
  body: 'Hello {{first_name}}, your order {{order_id}} arrives on {{eta}}. Get 20% off your next order with code THANKS20, today only!',
};

export async function windowCloses(world: DemoWorld, t: Transcript, { conversationId }: FirstContact): Promise<void> {
  const { sb, whatsapp } = world;
  t.section('25 hours pass: the customer-service window closes');
  world.clock.advance(25 * HOUR);
  const before = { sent: whatsapp.sent.length, stored: await countMessages(world, conversationId), balance: await world.balance() };
  const error = await expectRefusal(() => sb.send({ conversationId, text: 'Any questions about your order?', operatorId: 'maria' }));
  t.event('→', 'maria sends a free-form follow-up: ', ...refusalParts(error));
  if (isSwitchboardError(error)) t.detail(['dim', error.message]);
  const after = { sent: whatsapp.sent.length, stored: await countMessages(world, conversationId), balance: await world.balance() };
  t.detail(
    'nothing sent (', String(after.sent - before.sent), '), stored (', String(after.stored - before.stored), ') or charged (',
    String(before.balance.available - after.balance.available), ')',
  );
}

export async function templatesReviewed(world: DemoWorld, t: Transcript): Promise<void> {
  const { sb, whatsapp } = world;
  t.section('Templates: reviewed by Meta, checked by the linter first');
  const statusChanges = world.collect('template.status_changed');
  const draft = await sb.templates.define(ORDER_UPDATE);
  t.event('•', `define ${draft.name} (${draft.requestedCategory}) `, quote(draft.body, 70), ' → ', ['value', draft.status]);
  await sb.templates.submit(draft.name, draft.language);
  whatsapp.setTemplateStatus(draft.name, draft.language, 'APPROVED');
  world.clock.advance(30 * MINUTE);
  await sb.templates.sync();
  statusChanges.stop();
  t.event('•', 'submit, Meta approves, sync → ', ['ok', statusChanges.items.map((c) => `${c.previousStatus}→${c.template.status}`).join(', ')]);

  const promo = await sb.templates.define(ORDER_UPDATE_PROMO);
  const error = await expectRefusal(() => sb.templates.submit(promo.name, promo.language));
  t.event('•', `submit ${promo.name} (UTILITY): `, ...refusalParts(error));
  const issues = isSwitchboardError(error) ? lintIssues(error.details) : [];
  for (const issue of issues) {
    t.detail(['code', issue.reason.padEnd(12)], ` body[${String(issue.start)}..${String(issue.end)})  "${promo.body.slice(issue.start, issue.end)}"`);
  }
  t.detail('never reached Meta, which knows only: ', whatsapp.templates.map((x) => `${x.name} (${x.status})`).join(', '));
}

export async function templateSent(world: DemoWorld, t: Transcript, { conversationId }: FirstContact): Promise<Message> {
  const { sb } = world;
  t.section('The approved template goes out: credits held, auto-recharge fires');
  const consent = await sb.recordConsent({
    channel: 'whatsapp', to: '+1 650-555-1234', purpose: 'transactional', status: 'opted_in', source: 'form', proof: { formId: 'checkout' },
  });
  t.event('•', 'consent recorded from the checkout form: ', consent.purpose, ' ', ['ok', consent.status]);

  const low = world.collect('credits.low');
  const recharged = world.collect('credits.recharged');
  const outcome = await sb.send({
    to: '(650) 555-1234', channel: 'whatsapp', template: 'order_update', operatorId: 'maria',
    data: { first_name: 'Ada', order_id: 'A-1042', eta: 'Friday' }, idempotencyKey: 'order-A-1042-shipped',
  });
  t.event('→', 'template order_update to "(650) 555-1234": message ', shortId(outcome.message.id), ' ', ['ok', outcome.message.status]);
  t.detail(
    'same dialog as the customer\'s message: ', String(outcome.conversation.id === conversationId), ' (', shortId(outcome.conversation.id), ')',
  );
  t.detail('quote ', ['value', String(outcome.quote?.amount ?? 0)], ` credits (rule ${outcome.quote?.rule.id ?? 'none'})`);
  await world.settle();
  low.stop();
  recharged.stop();
  for (const event of low.items) t.detail('credits.low: available ', ['value', String(event.available)], ` < ${String(event.below)} → recharge`);
  for (const event of recharged.items) t.detail('credits.recharged +', ['value', String(event.amount)], ` (payment key ${event.idempotencyKey})`);
  t.detail(...balanceParts(await world.balance()));

  const repeat = await sb.send({
    to: '+16505551234', channel: 'whatsapp', template: 'order_update', operatorId: 'maria',
    data: { first_name: 'Ada', order_id: 'A-1042', eta: 'Friday' }, idempotencyKey: 'order-A-1042-shipped',
  });
  t.event('→', 'the CRM retries the same send (same idempotency key) → duplicate: ', ['ok', String(repeat.duplicate)], `, payments so far: ${String(world.payments.length)}`);
  return outcome.message;
}

export async function statusesOutOfOrder(world: DemoWorld, t: Transcript, message: Message): Promise<void> {
  const { sb, whatsapp } = world;
  t.section('Statuses arrive out of order and never regress');
  const sent = whatsapp.sent.find((m) => m.wamid === message.providerMessageId);
  if (sent === undefined) throw new Error('WhatsApp did not receive the template');
  const captured = world.collect('credits.captured');
  world.clock.advance(2 * MINUTE);
  const payloads = [...whatsapp.statuses(sent, ['sent', 'delivered', 'read'], { order: 'reversed' }), ...whatsapp.statuses(sent, ['failed'])];
  const arrived: string[] = [];
  for (const payload of payloads) {
    await world.deliverWhatsApp(payload);
    const stored = await sb.messages.list(message.conversationId);
    const current = stored.items.find((m) => m.id === message.id);
    arrived.push(`${statusOf(payload)}→${current?.status ?? '?'}`);
  }
  captured.stop();
  t.event('•', 'webhook → stored status: ', ['value', arrived.join('  ')]);
  const final = (await sb.messages.list(message.conversationId)).items.find((m) => m.id === message.id);
  const stamps = final?.timestamps ?? {};
  t.detail(
    'timeline: ', (['sent', 'delivered', 'read'] as const).map((s) => `${s} ${stamps[s] === undefined ? '—' : formatTime(stamps[s])}`).join(', '),
  );
  t.detail(
    'credits.captured ', ['value', captured.items.map((c) => String(c.settlement.captured)).join(', ') || 'none'],
    ` (${String(captured.items.length)} capture for ${String(payloads.length)} status webhooks)`,
  );
  t.detail(...balanceParts(await world.balance()));
}

async function countMessages(world: DemoWorld, conversationId: ConversationId): Promise<number> {
  return (await world.sb.messages.list(conversationId)).items.length;
}

interface IssueView {
  reason: string;
  start: number;
  end: number;
}

/** The linter's issues as `TEMPLATE_LINT_FAILED` carries them in `details.issues`. */
function lintIssues(details: Readonly<Record<string, unknown>> | undefined): IssueView[] {
  const raw = details?.issues;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { code, reason, span } = item as { code?: unknown; reason?: unknown; span?: { start?: unknown; end?: unknown } };
    const label = typeof reason === 'string' ? reason : code;
    if (typeof label !== 'string' || typeof span?.start !== 'number' || typeof span.end !== 'number') return [];
    return [{ reason: label, start: span.start, end: span.end }];
  });
}

const statusWebhook = z.object({
  entry: z.array(z.object({ changes: z.array(z.object({ value: z.object({ statuses: z.array(z.object({ status: z.string() })) }) })) })),
});

/** The statuses a WhatsApp status webhook carries (as Meta sends them). */
function statusOf(payload: unknown): string {
  return statusWebhook.parse(payload).entry.flatMap((e) => e.changes.flatMap((c) => c.value.statuses.map((s) => s.status))).join(',');
}
