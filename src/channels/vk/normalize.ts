import type { SwitchboardError } from '../../core/errors.js';
import { SwitchboardError as SbError } from '../../core/errors.js';
import type { z } from 'zod';
import type { InboundEvent } from '../adapter.js';
import type { VkEnvelope, VkMessage } from './callback-schemas.js';
import {
  vkMessageAllowSchema, vkMessageDenySchema, vkMessageEventSchema, vkMessageNewSchema, vkMessageReadSchema,
  vkMessageSchema, vkTypingStateSchema,
} from './callback-schemas.js';
import type { vkPayloadSchema } from './callback-schemas.js';
import { vkPeerAddress } from './addresses.js';
import { vkMessageContent } from './inbound-content.js';

/** Error codes for VK events that authenticate but cannot be used. */
export type VkEventErrorCode = 'VK_EVENT_INVALID' | 'VK_EVENT_UNSUPPORTED';

/** What {@link normalizeVkEvent} needs besides the event: the community, the event's dedupe key and the time. */
export interface VkNormalizeContext {
  /** The community id as a string (the adapter's `accountId`). */
  accountId: string;
  /** The event's dedupe key (`vk:<groupId>:<event_id>`). */
  dedupeKey: string;
  /** Now (epoch ms), for events that carry no date of their own. */
  now: number;
}

/** The normalized events of one VK event (often one, none for ignored types), and why it was only acknowledged when it was. */
export interface VkNormalizeResult {
  events: InboundEvent[];
  /**
   * Set when the event was acknowledged without normal events: an unsupported type
   * (`VK_EVENT_UNSUPPORTED`, no events) or an object that does not match the 5.199 schema
   * (`VK_EVENT_INVALID`, reported as one `account.alert` event so it is stored, not lost).
   */
  error?: SwitchboardError<VkEventErrorCode>;
}

const CHANNEL = 'vk';

/** The provider message id: the message id, or `<peer_id>_<conversation_message_id>` in chats where bots get id 0. */
export function vkProviderMessageId(message: Pick<VkMessage, 'id' | 'peer_id' | 'conversation_message_id'>): string {
  if (message.id > 0 || message.conversation_message_id === undefined) return String(message.id);
  return `${message.peer_id}_${message.conversation_message_id}`;
}

/** A button payload as a string: VK sends it as a JSON string or, for callback buttons, an object. */
export function payloadString(payload: z.infer<typeof vkPayloadSchema> | null | undefined): string | undefined {
  if (payload === undefined || payload === null) return undefined;
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

/**
 * Turns one authenticated VK event (Callback API or Long Poll) into normalized events. Pure:
 * the same envelope and context always give the same result.
 */
export function normalizeVkEvent(envelope: VkEnvelope, ctx: VkNormalizeContext): VkNormalizeResult {
  const base = { channel: CHANNEL, accountId: ctx.accountId, dedupeKey: ctx.dedupeKey };
  const object = envelope.object;
  switch (envelope.type) {
    case 'message_new': {
      // Callback API versions below 5.103 send the bare message instead of { message, client_info }.
      const parsed = isObject(object) && 'message' in object ? vkMessageNewSchema.safeParse(object) : vkMessageSchema.safeParse(object);
      if (!parsed.success) return invalid(envelope, ctx, parsed.error);
      const message = 'message' in parsed.data ? parsed.data.message : parsed.data;
      const payload = payloadString(message.payload);
      const replyTo = message.reply_message?.id;
      return {
        events: [{
          ...base,
          type: 'message.received',
          providerMessageId: vkProviderMessageId(message),
          from: { addresses: [vkPeerAddress(message.from_id)] },
          content: vkMessageContent(message),
          timestamp: message.date * 1000,
          refreshesWindow: true,
          ...(payload === undefined ? {} : { payload }),
          ...(replyTo === undefined || replyTo === 0 ? {} : { replyTo: String(replyTo) }),
        }],
      };
    }
    case 'message_reply':
    case 'message_edit': {
      const parsed = vkMessageSchema.safeParse(object);
      if (!parsed.success) return invalid(envelope, ctx, parsed.error);
      const message = parsed.data;
      return {
        events: [{
          ...base,
          type: envelope.type === 'message_reply' ? 'message.echo' : 'message.edited',
          providerMessageId: vkProviderMessageId(message),
          peer: vkPeerAddress(message.peer_id),
          content: vkMessageContent(message),
          timestamp: (message.update_time ?? message.date) * 1000,
        }],
      };
    }
    case 'message_allow':
    case 'message_deny': {
      const parsed = (envelope.type === 'message_allow' ? vkMessageAllowSchema : vkMessageDenySchema).safeParse(object);
      if (!parsed.success) return invalid(envelope, ctx, parsed.error);
      const allow = envelope.type === 'message_allow';
      return {
        events: [{
          ...base,
          type: 'consent.changed',
          contact: vkPeerAddress(parsed.data.user_id),
          // VK's permission covers every message from the community: purpose `all`. The policy
          // reads an `all` opt-in as "allowed again" (lifting a deny), never as marketing consent.
          purpose: 'all',
          status: allow ? 'opted_in' : 'opted_out',
          timestamp: ctx.now,
          providerCode: envelope.type,
        }],
      };
    }
    case 'message_typing_state': {
      const parsed = vkTypingStateSchema.safeParse(object);
      if (!parsed.success) return invalid(envelope, ctx, parsed.error);
      return { events: [{ ...base, type: 'interaction', kind: 'typing', from: vkPeerAddress(parsed.data.from_id), timestamp: ctx.now }] };
    }
    case 'message_event': {
      const parsed = vkMessageEventSchema.safeParse(object);
      if (!parsed.success) return invalid(envelope, ctx, parsed.error);
      const payload = payloadString(parsed.data.payload);
      return {
        events: [{
          ...base,
          type: 'interaction',
          kind: 'callback_button',
          from: vkPeerAddress(parsed.data.user_id),
          eventId: parsed.data.event_id,
          peerId: String(parsed.data.peer_id),
          timestamp: ctx.now,
          ...(payload === undefined ? {} : { payload }),
        }],
      };
    }
    case 'message_read': {
      const parsed = vkMessageReadSchema.safeParse(object);
      if (!parsed.success) return invalid(envelope, ctx, parsed.error);
      return {
        events: [{
          ...base,
          type: 'message.status',
          providerMessageId: String(parsed.data.read_message_id),
          status: 'read',
          recipient: vkPeerAddress(parsed.data.from_id),
          timestamp: ctx.now,
        }],
      };
    }
    default:
      return {
        events: [],
        error: new SbError<VkEventErrorCode>('VK_EVENT_UNSUPPORTED', `VK event type "${envelope.type}" is not handled by Switchboard; it was acknowledged and ignored (turn it off in the callback server settings)`, {
          provider: 'vk',
          details: { type: envelope.type, dedupeKey: ctx.dedupeKey },
        }),
      };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(envelope: VkEnvelope, ctx: VkNormalizeContext, zodError: z.ZodError): VkNormalizeResult {
  const issues = zodError.issues.slice(0, 8).map((i) => `${i.path.map(String).join('.') || '(object)'}: ${i.message}`);
  const message = `VK "${envelope.type}" event does not match the 5.199 schema: ${issues.join('; ')}`;
  const error = new SbError<VkEventErrorCode>('VK_EVENT_INVALID', message, {
    provider: 'vk',
    details: { type: envelope.type, dedupeKey: ctx.dedupeKey, issues },
  });
  return {
    events: [{
      channel: CHANNEL, accountId: ctx.accountId, dedupeKey: ctx.dedupeKey,
      type: 'account.alert', code: 'VK_EVENT_INVALID', message: error.message, providerCode: envelope.type, timestamp: ctx.now,
    }],
    error,
  };
}
