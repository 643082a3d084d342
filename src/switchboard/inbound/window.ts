import type { ChannelAdapter, InboundEvent } from '../../channels/adapter.js';
import { hasErrorCode } from '../../core/errors.js';
import type { Conversation } from '../../model/conversation.js';
import { applyInboundToWindow } from '../../policy/window-state.js';
import { changedFields, updateConversation } from '../conversation-update.js';
import type { Runtime } from '../runtime.js';

const WINDOW_FIELDS = ['lastInboundAt', 'lastReferralAt', 'messagesAllowed', 'messagesAllowedAt'] as const;

/**
 * Moves a conversation's window by an inbound event (never backwards: the reducer keeps the
 * newest customer message and the newest allow/deny). A provider timestamp too far in the
 * future is logged and ignored rather than failing the webhook (a retry would not fix it).
 */
export async function refreshWindow(rt: Runtime, adapter: ChannelAdapter, conversation: Conversation, event: InboundEvent): Promise<Conversation> {
  const rule = adapter.capabilities.window;
  try {
    return await updateConversation(rt.store, conversation, (current) => {
      const next = applyInboundToWindow(current, event, { rule, now: rt.clock.now() });
      return next === current ? null : changedFields(current, next, WINDOW_FIELDS);
    });
  } catch (error) {
    if (!hasErrorCode(error, 'INVALID_INPUT')) throw error;
    rt.logger.warn({ conversationId: conversation.id, err: error.message }, 'Ignored an inbound timestamp the window cannot use');
    return conversation;
  }
}
