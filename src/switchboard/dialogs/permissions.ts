import type { Conversation } from '../../model/conversation.js';
import type { ResolvedPolicy } from '../context.js';
import { dialogError } from './errors.js';

/**
 * The operators allowed on a channel account, or undefined when any operator is.
 *
 * `policy.operators` is looked up by `"<channel>:<accountId>"` first (`"vk:232142875"`), then by
 * channel (`"vk"`); a channel account listed under neither key is open to every operator.
 */
export function operatorsFor(policy: Pick<ResolvedPolicy, 'operators'>, channel: string, accountId: string): readonly string[] | undefined {
  const operators = policy.operators;
  if (operators === undefined) return undefined;
  return operators[`${channel}:${accountId}`] ?? operators[channel];
}

/** True when `operatorId` may work on dialogs of this conversation's channel account. */
export function isOperatorFor(conversation: Pick<Conversation, 'channel' | 'accountId'>, operatorId: string, policy: Pick<ResolvedPolicy, 'operators'>): boolean {
  const allowed = operatorsFor(policy, conversation.channel, conversation.accountId);
  return allowed === undefined || allowed.includes(operatorId);
}

/**
 * @throws SwitchboardError `NOT_AN_OPERATOR` when `operatorId` is not configured for the
 *   conversation's channel account (see {@link operatorsFor}).
 */
export function assertOperator(conversation: Pick<Conversation, 'id' | 'channel' | 'accountId'>, operatorId: string, policy: Pick<ResolvedPolicy, 'operators'>): void {
  if (isOperatorFor(conversation, operatorId, policy)) return;
  throw dialogError('NOT_AN_OPERATOR', `Operator "${operatorId}" is not configured for ${conversation.channel} account ${conversation.accountId}`, {
    details: { conversationId: conversation.id, operatorId, channel: conversation.channel, accountId: conversation.accountId },
  });
}

/**
 * The rule the send pipeline applies before an operator's reply.
 *
 * - A send without an operator (the host's automation, auto-replies, broadcasts) is always allowed here.
 * - An operator must be configured for the channel account (`policy.operators`), else `NOT_AN_OPERATOR`.
 * - With `policy.requireClaimToReply`, only the assignee and invited participants may reply;
 *   an unclaimed dialog must be claimed first. Otherwise `NOT_ASSIGNEE` with remedy `claim`.
 *
 * Replies always go out in the name of the channel account (the community, the business number),
 * never the operator's; the operator id is kept on the message for audit and "replied by" filters.
 *
 * @throws SwitchboardError `NOT_AN_OPERATOR`, `NOT_ASSIGNEE`.
 */
export function assertMayReply(
  conversation: Pick<Conversation, 'id' | 'channel' | 'accountId' | 'assigneeId' | 'participants'>,
  operatorId: string | undefined,
  policy: Pick<ResolvedPolicy, 'operators' | 'requireClaimToReply'>,
): void {
  if (operatorId === undefined) return;
  assertOperator(conversation, operatorId, policy);
  if (!policy.requireClaimToReply) return;
  if (conversation.assigneeId === operatorId || conversation.participants.includes(operatorId)) return;
  const message = conversation.assigneeId === null
    ? `Conversation ${conversation.id} is unclaimed: claim it before replying`
    : `Conversation ${conversation.id} is claimed by another operator; ask them to invite you, or take it over`;
  throw dialogError('NOT_ASSIGNEE', message, {
    remedy: 'claim',
    details: { conversationId: conversation.id, operatorId, assigneeId: conversation.assigneeId },
  });
}
