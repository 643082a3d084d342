// Chapter 7: a VK user writes to the community; the dialog becomes a lead and goes through the
// operator workflow: claim, invite, delegate, close as spam, restore.
import { balanceParts, expectRefusal, quote, refusalParts, shortId } from '../format.js';
import { MINUTE } from '../sdk.js';
import type { Transcript } from '../transcript.js';
import { formatTime } from '../transcript.js';
import type { DemoWorld } from '../world.js';
import { latestConversation } from '../world.js';

export const VK_USER = 100;

export async function vkCommunityDialog(world: DemoWorld, t: Transcript): Promise<void> {
  const { sb, vk } = world;
  t.section('A VK user writes to the community');
  world.clock.advance(20 * MINUTE);
  const text = 'Здравствуйте! Доставляете в Казань?';
  const leadsBefore = world.leads.length;
  const status = await world.vkWrites(VK_USER, text);
  const conversationId = await latestConversation(sb, 'vk');
  t.event('←', `vk · user ${String(VK_USER)}: `, quote(text), ' → webhook ', ['ok', String(status)]);
  for (const lead of world.leads.slice(leadsBefore)) {
    t.detail('hook onNewConversation → lead ', ['value', lead.id], ' titled ', ['value', `"${lead.title}"`], ` (source ${lead.source})`);
  }

  const claimed = await sb.dialogs.claim(conversationId, 'alexander');
  t.event('•', 'alexander claims ', shortId(conversationId), ' → assignee ', ['value', String(claimed.assigneeId)]);
  const reply = await sb.send({ conversationId, text: 'Добрый день! Да, доставка в Казань за 2 дня.', operatorId: 'alexander' });
  const [delivered] = vk.sent.slice(-1);
  t.event('→', 'alexander replies; VK receives from the community: ', quote(delivered?.text ?? '', 44), ' ', ['ok', reply.message.status]);
  t.detail(...balanceParts(await world.balance()), ` (VK: ${String(reply.quote?.amount ?? 0)} credit, captured when VK accepts)`);

  world.clock.advance(MINUTE);
  const invited = await sb.dialogs.invite(conversationId, 'maria', { by: 'alexander' });
  t.event('•', 'alexander invites maria → participants ', ['value', invited.participants.join(', ')]);
  const delegated = await sb.dialogs.delegate(conversationId, 'delivery-desk', { by: 'alexander', leave: true });
  t.event('•', 'alexander delegates to delivery-desk and leaves → assignee ', ['value', String(delegated.assigneeId)], ', participants ', delegated.participants.join(', '));
  const refused = await expectRefusal(() => sb.send({ conversationId, text: 'Уточню у склада', operatorId: 'alexander' }));
  t.detail('alexander tries to reply: ', ...refusalParts(refused));

  world.clock.advance(MINUTE);
  const closed = await sb.dialogs.close(conversationId, { as: 'spam', by: 'delivery-desk' });
  t.event('•', 'delivery-desk closes it as spam → ', ['value', `${closed.status} (${closed.closeReason ?? '?'})`]);
  const blocked = await expectRefusal(() => sb.send({ conversationId, text: 'Ещё вопрос?', operatorId: 'delivery-desk' }));
  t.detail('a reply into the closed dialog: ', ...refusalParts(blocked));
  world.clock.advance(MINUTE);
  const restored = await sb.dialogs.restore(conversationId, { by: 'delivery-desk' });
  t.event('•', 'it was a real customer: delivery-desk restores it → ', ['ok', restored.status], ', assignee ', String(restored.assigneeId));

  const history = await sb.dialogs.history(conversationId);
  t.detail('history: ', history.items.map((e) => `${formatTime(e.at).slice(4)} ${e.action}(${e.actor.kind === 'operator' ? e.actor.id : e.actor.kind})`).join(' · '));
  const operators = await sb.dialogs.operators(conversationId);
  t.detail('operators who worked on it: ', operators.all.join(', '));
}
