// Chapters 1-2: a WhatsApp customer writes; an operator claims the dialog and replies with a
// canned response.
import { balanceParts, expectRefusal, quote, refusalParts, shortId } from '../format.js';
import { defineCannedResponse, HOUR, MINUTE, renderCannedResponse } from '../sdk.js';
import type { Contact, ConversationId, SwitchboardEvents } from '../sdk.js';
import type { Transcript } from '../transcript.js';
import { formatTime } from '../transcript.js';
import type { DemoWorld } from '../world.js';
import { WA_WEBHOOK_URL } from '../world.js';

/** The customer: a WhatsApp id is the phone number's digits without "+". */
export const CUSTOMER_WA_ID = '16505551234';

export interface FirstContact {
  conversationId: ConversationId;
  contact: Contact;
}

export async function customerWrites(world: DemoWorld, t: Transcript): Promise<FirstContact> {
  const { sb, whatsapp } = world;
  t.section('A WhatsApp customer writes');
  let received: SwitchboardEvents['message.received'] | undefined;
  let opened = 0;
  const onReceived = (payload: SwitchboardEvents['message.received']): void => { received = payload; };
  const onOpened = (): void => { opened += 1; };
  sb.on('message.received', onReceived).on('conversation.opened', onOpened);

  const text = 'Hi! Is my order A-1042 ready?';
  const { payload } = whatsapp.inbound({ from: CUSTOMER_WA_ID, name: 'Ada Lovelace', text });
  const status = await world.deliverWhatsApp(payload);
  t.event('←', 'whatsapp · Ada Lovelace (wa_id ', ['value', CUSTOMER_WA_ID], '): ', quote(text));
  if (received === undefined) throw new Error('The customer message was not received');
  const { contact, conversation } = received;
  t.detail('webhook → ', ['ok', String(status)], ' (answered once the message was stored)');
  t.detail('contact ', shortId(contact.id), ' ', contact.name ?? '', ': ', ['value', contact.addresses.map((a) => `${a.kind}:${a.value}`).join(', ')], ' (E.164)');
  const [lead] = world.leads;
  if (lead !== undefined) t.detail('hook onNewConversation → lead ', ['value', lead.id], ` "${lead.title}" (source ${lead.source})`);
  t.detail(
    'conversation.opened ×', String(opened), ' ', shortId(conversation.id), ': ', conversation.status, ', ', conversation.assigneeId === null ? 'unclaimed' : `assignee ${conversation.assigneeId}`,
    ', links ', conversation.links.map((l) => `${l.type}:${l.id}`).join(','),
  );
  if (conversation.lastInboundAt !== undefined) t.detail('24 h customer-service window open until ', ['value', formatTime(conversation.lastInboundAt + 24 * HOUR)]);

  // Meta retries webhooks: the same payload again is answered but stored once.
  const again = await world.deliverWhatsApp(payload);
  const stored = (await sb.messages.list(conversation.id)).items.length;
  t.event('•', 'Meta redelivers the same webhook → ', ['ok', String(again)], `; messages stored: ${String(stored)}, leads: ${String(world.leads.length)}`);
  const rejected = world.collect('webhook.rejected');
  const forged = await sb.handleWebhook(whatsapp.webhookRequest(payload, { url: WA_WEBHOOK_URL, signature: 'sha256=0000' }));
  rejected.stop();
  const afterForged = (await sb.messages.list(conversation.id)).items.length;
  t.event(
    '•', 'a forged copy (bad X-Hub-Signature-256) → ', ['refused', String(forged.status)],
    ', webhook.rejected ', ['code', rejected.items.map((r) => r.error.code).join(', ')], `; messages stored: ${String(afterForged)}`,
  );
  sb.off('message.received', onReceived).off('conversation.opened', onOpened);
  return { conversationId: conversation.id, contact };
}

export async function operatorReplies(world: DemoWorld, t: Transcript, { conversationId }: FirstContact): Promise<void> {
  const { sb, whatsapp } = world;
  t.section('An operator claims the dialog and replies with a canned response');
  world.clock.advance(3 * MINUTE);
  const canned = await world.store.cannedResponses.create(defineCannedResponse({
    name: 'Order packed',
    module: 'Leads',
    body: 'Hi {{Leads.first_name}}! Order {{Leads.order_id}} is packed and leaves our warehouse today.',
  }));
  const lead = { first_name: 'Ada', order_id: 'A-1042' };
  const { text } = renderCannedResponse(canned, lead);

  const early = await expectRefusal(() => sb.send({ conversationId, text, operatorId: 'maria' }));
  t.event('•', 'maria replies before claiming: ', ...refusalParts(early));
  const claimed = await sb.dialogs.claim(conversationId, 'maria');
  t.event('•', 'maria claims the dialog → assignee ', ['value', String(claimed.assigneeId)]);

  const outcome = await sb.send({ conversationId, text, operatorId: 'maria' });
  t.event('→', `canned "${canned.name}" ${quote(canned.body, 40)}`);
  t.detail('merge fields filled: ', quote(text, 80));
  t.detail(
    'message ', shortId(outcome.message.id), ' status ', ['ok', outcome.message.status], ', quote ', ['value', String(outcome.quote?.amount ?? 0)],
    ` credits (rule ${outcome.quote?.rule.id ?? 'none'})`,
  );
  t.detail(...balanceParts(await world.balance()));

  const [sent] = whatsapp.sent.slice(-1);
  if (sent === undefined) throw new Error('WhatsApp did not receive the reply');
  world.clock.advance(MINUTE);
  const captured = world.collect('credits.captured');
  for (const payload of whatsapp.statuses(sent, ['sent', 'delivered'])) await world.deliverWhatsApp(payload);
  captured.stop();
  const delivered = (await sb.messages.list(conversationId)).items.find((m) => m.id === outcome.message.id);
  t.event(
    '•', 'status webhooks sent, delivered → message ', ['ok', delivered?.status ?? 'missing'],
    '; credits.captured ', ['value', captured.items.map((c) => String(c.settlement.captured)).join(', ') || 'none'],
  );
  t.detail(...balanceParts(await world.balance()));
}
