import { mulberry32, randomHex } from './random.js';

/**
 * Builders for VK Callback API events in the 5.199 envelope, "signed" the way VK signs them:
 * with the community's `secret` inside the body. Each builder returns the plain event object;
 * {@link vkCallbackRequest} turns it into the `Request` VK would send.
 */

/** The 5.199 envelope. */
export interface VkTestEvent {
  type: string;
  group_id: number;
  event_id: string;
  v: string;
  object?: unknown;
  secret?: string;
}

/** The community an event builder writes into the envelope, and how the event is signed and numbered. */
export interface VkEventContext {
  /** The community id (`group_id`). */
  groupId: number;
  /** The secret key; omit to build an unsigned event (Long Poll updates carry none). */
  secret?: string;
  /** Fixes the event id; by default a 40-hex id from `random`. */
  eventId?: string;
  /** Random source for event ids. Default: a generator seeded with 1. */
  random?: () => number;
}

const defaultRandom = mulberry32(1);

/** Any event type with any object. */
export function vkEvent(type: string, object: unknown, ctx: VkEventContext): VkTestEvent {
  return {
    group_id: ctx.groupId,
    type,
    event_id: ctx.eventId ?? randomHex(ctx.random ?? defaultRandom),
    v: '5.199',
    ...(object === undefined ? {} : { object }),
    ...(ctx.secret === undefined ? {} : { secret: ctx.secret }),
  };
}

/** The server confirmation request. */
export function vkConfirmationEvent(ctx: VkEventContext): VkTestEvent {
  return vkEvent('confirmation', undefined, ctx);
}

/** A message for the event builders in camelCase; unset fields get fixed defaults, so events are reproducible. */
export interface VkTestMessage {
  /** The sender's VK user id (negative for a community). */
  fromId: number;
  text?: string;
  /** Default: a personal dialog with the sender. */
  peerId?: number;
  /** Default 1. */
  id?: number;
  conversationMessageId?: number;
  /** Unix seconds. Default 1767225600 (2026-01-01). */
  date?: number;
  /** A JSON string (keyboard buttons) or an object (as some clients send it). */
  payload?: string | Record<string, unknown>;
  attachments?: unknown[];
  out?: 0 | 1;
  randomId?: number;
}

function messageObject(m: VkTestMessage): Record<string, unknown> {
  return {
    date: m.date ?? 1_767_225_600,
    from_id: m.fromId,
    id: m.id ?? 1,
    version: 10_000_000,
    out: m.out ?? 0,
    fwd_messages: [],
    important: false,
    is_hidden: false,
    attachments: m.attachments ?? [],
    conversation_message_id: m.conversationMessageId ?? m.id ?? 1,
    text: m.text ?? '',
    peer_id: m.peerId ?? m.fromId,
    random_id: m.randomId ?? 0,
    ...(m.payload === undefined ? {} : { payload: m.payload }),
  };
}

/** `message_new` (5.199: `{ message, client_info }`). */
export function vkMessageNewEvent(message: VkTestMessage, ctx: VkEventContext): VkTestEvent {
  return vkEvent('message_new', {
    message: messageObject(message),
    client_info: { button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback'], keyboard: true, inline_keyboard: true, carousel: true, lang_id: 0 },
  }, ctx);
}

/** `message_reply`: an outgoing message (bare object, `out: 1`, `from_id` = −group id). */
export function vkMessageReplyEvent(message: Omit<VkTestMessage, 'fromId'> & { peerId: number }, ctx: VkEventContext): VkTestEvent {
  return vkEvent('message_reply', messageObject({ ...message, fromId: -ctx.groupId, out: 1 }), ctx);
}

/** `message_edit` (bare message object with `update_time`). */
export function vkMessageEditEvent(message: VkTestMessage & { updateTime?: number }, ctx: VkEventContext): VkTestEvent {
  return vkEvent('message_edit', { ...messageObject(message), update_time: message.updateTime ?? (message.date ?? 1_767_225_600) + 60 }, ctx);
}

/** `message_allow`: the user allowed messages (or wrote first). */
export function vkMessageAllowEvent(userId: number, ctx: VkEventContext, key = ''): VkTestEvent {
  return vkEvent('message_allow', { user_id: userId, key }, ctx);
}

/** `message_deny`: the user forbade messages from the community. */
export function vkMessageDenyEvent(userId: number, ctx: VkEventContext): VkTestEvent {
  return vkEvent('message_deny', { user_id: userId }, ctx);
}

/** `message_typing_state`. */
export function vkTypingEvent(userId: number, ctx: VkEventContext): VkTestEvent {
  return vkEvent('message_typing_state', { state: 'typing', from_id: userId, to_id: -ctx.groupId }, ctx);
}

/** `message_event`: a callback button press (`payload` arrives as an object). */
export function vkButtonEvent(press: { userId: number; peerId?: number; payload?: Record<string, unknown>; pressId?: string; conversationMessageId?: number }, ctx: VkEventContext): VkTestEvent {
  return vkEvent('message_event', {
    user_id: press.userId,
    peer_id: press.peerId ?? press.userId,
    event_id: press.pressId ?? randomHex(ctx.random ?? defaultRandom, 12),
    payload: press.payload ?? {},
    conversation_message_id: press.conversationMessageId ?? 1,
  }, ctx);
}

/** Options of {@link vkCallbackRequest}: the target URL, a retry counter and extra headers. */
export interface VkCallbackRequestOptions {
  /** The webhook URL. Default `https://crm.example.test/webhooks/vk`. */
  url?: string;
  /** Adds `X-Retry-Counter` as VK does on re-deliveries. */
  retryCounter?: number;
  headers?: Record<string, string>;
}

/** The HTTP request VK sends for `event`: a JSON POST, `X-Retry-Counter` on retries. */
export function vkCallbackRequest(event: VkTestEvent | string | Uint8Array, options: VkCallbackRequestOptions = {}): Request {
  const body = typeof event === 'string' || event instanceof Uint8Array ? event : JSON.stringify(event);
  return new Request(options.url ?? 'https://crm.example.test/webhooks/vk', {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      ...(options.retryCounter === undefined ? {} : { 'x-retry-counter': String(options.retryCounter) }),
      ...options.headers,
    },
  });
}

/**
 * The deliveries of one event as VK makes them when it does not get `ok`: the first without a
 * header, then retries with `X-Retry-Counter: 1, 2, ...` — the same body, the same `event_id`.
 */
export function vkCallbackDeliveries(event: VkTestEvent, attempts: number, options: Omit<VkCallbackRequestOptions, 'retryCounter'> = {}): Request[] {
  return Array.from({ length: attempts }, (_, i) => vkCallbackRequest(event, { ...options, ...(i === 0 ? {} : { retryCounter: i }) }));
}
