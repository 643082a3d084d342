import type { HandoffReason } from '../events.js';
import { isSwitchboardError } from '../../core/errors.js';
import type { ConversationId } from '../../core/ids.js';
import type { Contact } from '../../model/contact.js';
import type { Conversation } from '../../model/conversation.js';
import type { Message } from '../../model/message.js';
import type { AuditLog } from '../../ports/audit-log.js';
import { MAX_PAGE_LIMIT } from '../../ports/page.js';
import type { MergeRecord } from '../../templates/definition.js';
import { renderCannedResponse } from '../../templates/canned-responses.js';
import { renderText } from '../../templates/render-text.js';
import type { SwitchboardContext } from '../context.js';
import { recordHandoff } from '../dialogs/inbound-rule.js';
import type { SwitchboardEvents } from '../events.js';
import type { SendInput } from '../send-types.js';
import type { ResolvedAutomationConfig } from './config.js';
import { isOpenAt, localTime } from './hours.js';
import { keywordMatcher, MAX_MATCHED_TEXT, messageText } from './match.js';

/** What automation needs from the facade's context, plus the audit trail. */
export type AutomationDeps = Pick<SwitchboardContext, 'store' | 'events' | 'logger' | 'send'> & { auditLog: AuditLog };

type Rule = ResolvedAutomationConfig['autoReplies'][number];
type Reply = Rule['reply'];

/**
 * Builds the handler the inbound pipeline calls for every stored customer message in an open
 * dialog (a dialog closed as spam gets neither hand-offs nor replies):
 * 1. hand-off: a complaint keyword, or the N-th customer message in a row without an operator
 *    reply, emits `conversation.handoff_requested` (and writes it to the dialog's history); a
 *    complaint gets no automatic reply;
 * 2. the first matching auto-reply rule answers (skipped in dialogs an operator holds, unless
 *    the rule says `whenAssigned`);
 * 3. otherwise, outside business hours, the out-of-hours reply (once per dialog per local day).
 *
 * Replies go through `send` with an idempotency key derived from the rule and the inbound
 * message (or the conversation for `once` rules), so a redelivered message is answered once and
 * a reply never triggers another reply (only customer messages reach this handler). Refusals
 * (window closed, no consent, no credits) are logged, never thrown.
 */
export function createMessageAutomation(deps: AutomationDeps, config: ResolvedAutomationConfig): (payload: SwitchboardEvents['message.received']) => Promise<void> {
  const complaints = config.handoff === undefined ? undefined : keywordMatcher(config.handoff.keywords);
  const ruleMatchers = new Map(config.autoReplies.map((rule) => [rule.id, rule.match.keywords === undefined ? undefined : keywordMatcher(rule.match.keywords)]));

  const matches = async (rule: Rule, text: string, message: Message): Promise<boolean> => {
    if (ruleMatchers.get(rule.id)?.find(text) !== undefined) return true;
    if (rule.match.regex?.test(text.slice(0, MAX_MATCHED_TEXT)) === true) return true;
    if (rule.match.intent === undefined) return false;
    try {
      return await rule.match.intent(text, message);
    } catch (error) {
      deps.logger.warn({ ruleId: rule.id, error: isSwitchboardError(error) ? error.toJSON() : String(error) }, 'auto-reply intent matcher failed; treated as no match');
      return false;
    }
  };

  const requestHandoff = async (conversation: Conversation, message: Message, reason: HandoffReason, detail: string): Promise<void> => {
    await recordHandoff(deps, conversation, `${reason}: ${detail}`, message);
    deps.events.emit('conversation.handoff_requested', { conversation, reason, message });
  };

  const sendReply = async (reply: Reply, key: string, target: { conversation: Conversation; contact: Contact; message: Message }, ruleId: string): Promise<void> => {
    const record = await mergeRecordFor(config, target);
    const base = { conversationId: target.conversation.id, idempotencyKey: key, ...(target.message.providerMessageId === undefined ? {} : { replyTo: target.message.providerMessageId }) };
    let input: SendInput;
    if ('text' in reply) {
      input = { ...base, text: renderText(reply.text, record, { onMissing: 'empty' }).text };
    } else if ('cannedResponseId' in reply) {
      const canned = await deps.store.cannedResponses.get(reply.cannedResponseId);
      if (canned === null) {
        deps.logger.warn({ ruleId, cannedResponseId: reply.cannedResponseId }, 'auto-reply canned response does not exist; nothing sent');
        return;
      }
      input = { ...base, text: renderCannedResponse(canned, record, { onMissing: 'empty' }).text };
    } else {
      input = { ...base, template: reply.template, data: { ...record, ...reply.data } };
    }
    try {
      await deps.send(input);
    } catch (error) {
      if (!isSwitchboardError(error)) throw error;
      deps.logger.info({ ruleId, conversationId: target.conversation.id, code: error.code }, 'auto-reply not sent');
    }
  };

  return async ({ message, conversation, contact }) => {
    // Only customer messages in open dialogs: a dialog closed as spam stays silent.
    if (message.direction !== 'inbound' || conversation.status !== 'open') return;
    const text = messageText(message);

    const complaint = text === undefined ? undefined : complaints?.find(text);
    if (complaint !== undefined) {
      await requestHandoff(conversation, message, 'complaint', complaint);
      return;
    }
    const threshold = config.handoff?.afterCustomerMessagesWithoutOperator;
    if (threshold !== undefined && (await customerMessagesWithoutOperator(deps, conversation.id)) === threshold) {
      await requestHandoff(conversation, message, 'no_operator_reply', `${String(threshold)} customer messages`);
    }
    const assigned = conversation.assigneeId !== null;
    const target = { conversation, contact, message };

    if (text !== undefined) {
      for (const rule of config.autoReplies) {
        if (rule.channel !== undefined && rule.channel !== conversation.channel) continue;
        if (assigned && rule.whenAssigned !== true) continue;
        if (!(await matches(rule, text, message))) continue;
        const key = rule.once === true ? `auto:${rule.id}:${conversation.id}` : `auto:${rule.id}:${message.id}`;
        await sendReply(rule.reply, key, target, rule.id);
        return;
      }
    }

    const hours = config.outOfHours;
    if (hours === undefined || (hours.channel !== undefined && hours.channel !== conversation.channel)) return;
    if (assigned && hours.whenAssigned !== true) return;
    const at = message.providerTimestamp ?? message.createdAt;
    if (isOpenAt(hours.hours, hours.timezone, at)) return;
    await sendReply(hours.reply, `auto:out-of-hours:${conversation.id}:${localTime(at, hours.timezone).date}`, target, 'out-of-hours');
  };
}

/** Customer messages since the last message an operator sent (automatic replies do not count). */
async function customerMessagesWithoutOperator(deps: Pick<AutomationDeps, 'store'>, conversationId: ConversationId): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.messages.listByConversation(conversationId, { limit: MAX_PAGE_LIMIT, ...(cursor === undefined ? {} : { cursor }) });
    for (const m of page.items) {
      if (m.direction === 'inbound') count += 1;
      else if (m.operatorId !== undefined) count = 0;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return count;
}

async function mergeRecordFor(config: ResolvedAutomationConfig, input: { contact: Contact; conversation: Conversation; message: Message }): Promise<MergeRecord> {
  if (config.mergeRecord !== undefined) return await config.mergeRecord(input);
  const name = input.contact.name ?? '';
  const [first = '', ...rest] = name.trim().split(/\s+/u);
  return { name, first_name: first, last_name: rest.join(' ') };
}
