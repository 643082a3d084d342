import { z } from 'zod';
import { hasErrorCode } from '../../core/errors.js';
import type { ConversationId } from '../../core/ids.js';
import { parseId } from '../../core/ids.js';
import { parseWith } from '../../core/validation.js';
import { crmLinkSchema, operatorIdSchema } from '../../model/common.js';
import type { Conversation } from '../../model/conversation.js';
import { closeReasonSchema } from '../../model/conversation.js';
import { actorOf } from './audit.js';
import { dialogError } from './errors.js';
import type { DialogChange, DialogDeps } from './mutate.js';
import { mutateConversation, notFound } from './mutate.js';
import { listOperators } from './operators.js';
import type { Dialogs } from './types.js';
import { assertOperator } from './permissions.js';

const byOptionsSchema = z.object({ by: operatorIdSchema.optional() }).strict();
const claimOptionsSchema = z.object({ takeOver: z.boolean().optional() }).strict();
const delegateOptionsSchema = byOptionsSchema.extend({ leave: z.boolean().optional() }).strict();
const closeOptionsSchema = byOptionsSchema.extend({ as: closeReasonSchema }).strict();

const MAX_PARTICIPANTS = 64;
const MAX_LINKS = 32;

/** Builds the dialog actions over the context's store, policy and events. */
export function createDialogsWith(deps: DialogDeps): Dialogs {
  const { events, policy } = deps;
  const id = (value: unknown): ConversationId => parseId('cv', value, 'conversationId');
  const operator = (value: unknown, field: string): string => parseWith(operatorIdSchema, value, field);
  const assertOpen = (c: Conversation): void => {
    if (c.status === 'closed') {
      throw dialogError('CONVERSATION_CLOSED', `Conversation ${c.id} is closed (${c.closeReason ?? 'closed'}); restore it first`, {
        details: { conversationId: c.id, closeReason: c.closeReason ?? null },
      });
    }
  };
  const assertByMayManage = (c: Conversation, by: string | undefined): void => {
    if (by === undefined) return;
    assertOperator(c, by, policy);
    if (c.assigneeId !== null && c.assigneeId !== by && !c.participants.includes(by)) {
      throw dialogError('NOT_A_PARTICIPANT', `Operator "${by}" is not in conversation ${c.id}`, { details: { conversationId: c.id, operatorId: by } });
    }
  };
  const change = (patch: DialogChange['patch'], action: DialogChange['action'], details: DialogChange['details'], emit: DialogChange['emit']): DialogChange => ({
    patch, action, details, emit,
  });

  return {
    claim: async (conversationId, operatorId, options = {}) => {
      const cid = id(conversationId);
      const op = operator(operatorId, 'operatorId');
      const { takeOver = false } = parseWith(claimOptionsSchema, options, 'claim options');
      const actor = actorOf(op);
      return await mutateConversation(deps, cid, actor, (c) => {
        assertOperator(c, op, policy);
        assertOpen(c);
        if (c.assigneeId === op) return null;
        const previous = c.assigneeId;
        if (previous !== null && !takeOver) {
          throw dialogError('ALREADY_CLAIMED', `Conversation ${c.id} is claimed by another operator`, {
            remedy: 'claim',
            details: { conversationId: c.id, assigneeId: previous },
          });
        }
        return change(
          { assigneeId: op, participants: c.participants.filter((p) => p !== op) },
          'claimed',
          { operatorId: op, previousAssigneeId: previous, takeOver: previous !== null },
          (updated) => events.emit('conversation.assigned', { conversation: updated, assigneeId: op, previousAssigneeId: previous, actor }),
        );
      });
    },

    invite: async (conversationId, operatorId, options = {}) => {
      const cid = id(conversationId);
      const invitee = operator(operatorId, 'operatorId');
      const { by } = parseWith(byOptionsSchema, options, 'invite options');
      const actor = actorOf(by);
      return await mutateConversation(deps, cid, actor, (c) => {
        assertByMayManage(c, by);
        assertOperator(c, invitee, policy);
        assertOpen(c);
        if (c.assigneeId === invitee || c.participants.includes(invitee)) return null;
        if (c.participants.length >= MAX_PARTICIPANTS) {
          throw dialogError('TOO_MANY_PARTICIPANTS', `Conversation ${c.id} already has ${String(MAX_PARTICIPANTS)} participants`, { details: { conversationId: c.id } });
        }
        return change({ participants: [...c.participants, invitee] }, 'invited', { operatorId: invitee }, (updated) =>
          events.emit('conversation.participants_changed', { conversation: updated, operatorId: invitee, change: 'invited', actor }),
        );
      });
    },

    leave: async (conversationId, operatorId) => {
      const cid = id(conversationId);
      const op = operator(operatorId, 'operatorId');
      const actor = actorOf(op);
      return await mutateConversation(deps, cid, actor, (c) => {
        if (c.assigneeId === op) {
          return change({ assigneeId: null }, 'left', { operatorId: op, wasAssignee: true }, (updated) =>
            events.emit('conversation.assigned', { conversation: updated, assigneeId: null, previousAssigneeId: op, actor }),
          );
        }
        if (!c.participants.includes(op)) {
          throw dialogError('NOT_A_PARTICIPANT', `Operator "${op}" is not in conversation ${c.id}`, { details: { conversationId: c.id, operatorId: op } });
        }
        return change({ participants: c.participants.filter((p) => p !== op) }, 'left', { operatorId: op, wasAssignee: false }, (updated) =>
          events.emit('conversation.participants_changed', { conversation: updated, operatorId: op, change: 'left', actor }),
        );
      });
    },

    delegate: async (conversationId, to, options = {}) => {
      const cid = id(conversationId);
      const target = operator(to, 'to');
      const { by, leave = false } = parseWith(delegateOptionsSchema, options, 'delegate options');
      const actor = actorOf(by);
      return await mutateConversation(deps, cid, actor, (c) => {
        if (by !== undefined) {
          assertOperator(c, by, policy);
          if (c.assigneeId !== null && c.assigneeId !== by) {
            throw dialogError('NOT_ASSIGNEE', `Only the operator holding conversation ${c.id} can delegate it`, {
              remedy: 'claim',
              details: { conversationId: c.id, operatorId: by, assigneeId: c.assigneeId },
            });
          }
        }
        assertOperator(c, target, policy);
        assertOpen(c);
        if (c.assigneeId === target) return null;
        const previous = c.assigneeId;
        const stays = previous !== null && !leave ? [previous] : [];
        const participants = [...c.participants.filter((p) => p !== target && p !== previous), ...stays].slice(0, MAX_PARTICIPANTS);
        return change(
          { assigneeId: target, participants },
          'delegated',
          { operatorId: target, previousAssigneeId: previous, previousLeft: previous !== null && leave },
          (updated) => events.emit('conversation.assigned', { conversation: updated, assigneeId: target, previousAssigneeId: previous, actor }),
        );
      });
    },

    close: async (conversationId, options) => {
      const cid = id(conversationId);
      const { as, by } = parseWith(closeOptionsSchema, options, 'close options');
      const actor = actorOf(by);
      return await mutateConversation(deps, cid, actor, (c) => {
        if (by !== undefined) assertOperator(c, by, policy);
        if (c.status === 'closed' && c.closeReason === as) return null;
        return change(
          { status: 'closed', closeReason: as, closedAt: deps.clock.now() },
          'closed',
          { reason: as, previousReason: c.status === 'closed' ? (c.closeReason ?? null) : null },
          (updated) => events.emit('conversation.closed', { conversation: updated, reason: as, actor }),
        );
      });
    },

    restore: async (conversationId, options = {}) => {
      const cid = id(conversationId);
      const { by } = parseWith(byOptionsSchema, options, 'restore options');
      const actor = actorOf(by);
      try {
        return await mutateConversation(deps, cid, actor, (c) => {
          if (by !== undefined) assertOperator(c, by, policy);
          if (c.status === 'open') {
            throw dialogError('ALREADY_OPEN', `Conversation ${c.id} is open`, { details: { conversationId: c.id } });
          }
          return change({ status: 'open', closeReason: null, closedAt: null }, 'restored', { previousReason: c.closeReason ?? null }, (updated) =>
            events.emit('conversation.restored', { conversation: updated, actor }),
          );
        });
      } catch (error) {
        if (!hasErrorCode(error, 'DUPLICATE')) throw error;
        const closed = await deps.store.conversations.get(cid);
        const open = closed === null ? null : await deps.store.conversations.findOpen({ channel: closed.channel, accountId: closed.accountId, contactId: closed.contactId });
        throw dialogError('OPEN_DIALOG_EXISTS', `Conversation ${cid} cannot be restored: the contact has another open dialog on this account; close it first`, {
          cause: error,
          details: { conversationId: cid, openConversationId: open?.id ?? null },
        });
      }
    },

    link: async (conversationId, link, options = {}) => {
      const cid = id(conversationId);
      const valid = parseWith(crmLinkSchema.strict(), link, 'link');
      const { by } = parseWith(byOptionsSchema, options, 'link options');
      return await mutateConversation(deps, cid, actorOf(by), (c) => {
        if (by !== undefined) assertOperator(c, by, policy);
        if (c.links.some((l) => l.type === valid.type && l.id === valid.id)) return null;
        if (c.links.length >= MAX_LINKS) {
          throw dialogError('TOO_MANY_LINKS', `Conversation ${c.id} already has ${String(MAX_LINKS)} CRM links`, { details: { conversationId: c.id } });
        }
        return change({ links: [...c.links, { type: valid.type, id: valid.id }] }, 'linked', { type: valid.type, id: valid.id }, () => undefined);
      });
    },

    unlink: async (conversationId, link, options = {}) => {
      const cid = id(conversationId);
      const valid = parseWith(crmLinkSchema.strict(), link, 'link');
      const { by } = parseWith(byOptionsSchema, options, 'unlink options');
      return await mutateConversation(deps, cid, actorOf(by), (c) => {
        if (by !== undefined) assertOperator(c, by, policy);
        const links = c.links.filter((l) => !(l.type === valid.type && l.id === valid.id));
        if (links.length === c.links.length) return null;
        return change({ links }, 'unlinked', { type: valid.type, id: valid.id }, () => undefined);
      });
    },

    findByLink: async (link, page) => await deps.store.conversations.list({ link: parseWith(crmLinkSchema.strict(), link, 'link') }, page),

    history: async (conversationId, page) => {
      const cid = id(conversationId);
      if ((await deps.store.conversations.get(cid)) === null) throw notFound(cid);
      return await deps.auditLog.listByConversation(cid, page);
    },

    operators: async (conversationId) => await listOperators(deps, id(conversationId)),
  };
}
