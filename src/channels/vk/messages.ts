import { z } from 'zod';
import { SwitchboardError } from '../../core/errors.js';
import type { ConsentChangedEvent } from '../adapter.js';
import type { VkApiClient } from './api-client.js';
import { vkBulkSendResponseSchema, vkIsAllowedResponseSchema, vkSendResponseSchema } from './api-schemas.js';
import { VK_CHAT_PEER_OFFSET, vkPeerAddress } from './addresses.js';
import { vkApiError } from './errors.js';
import type { VkErrorCode } from './errors.js';
import type { VkKeyboard } from './keyboard.js';
import { serializeVkKeyboard } from './keyboard.js';
import { vkProviderMessageId } from './normalize.js';
import { vkRandomId } from './random-id.js';
import { VK_MAX_TEXT_LENGTH, splitVkText } from './split-text.js';

/** Message intents (`messages.send` `intent`); `default` unless the content needs another. */
export type VkIntent =
  | 'default' | 'account_update' | 'bot_ad_invite' | 'bot_ad_promo' | 'confirmed_notification' | 'customer_support'
  | 'finance_notification' | 'game_notification' | 'moderated_newsletter' | 'non_promo_newsletter' | 'promo_newsletter'
  | 'purchase_update';

/** One VK message (texts above 4096 characters go out as several). */
export interface VkSendParams {
  /** User id, `2000000000 + chat_id` for chats. */
  peerId: number;
  /** Stable per message; `random_id` is derived from it, so a retry cannot send twice. */
  idempotencyKey: string;
  text?: string;
  /** Attachment references (`photo-1_2`, `doc123_456_accesskey`), at most 10. */
  attachments?: readonly string[];
  keyboard?: VkKeyboard;
  /** The message id to reply to. */
  replyTo?: number;
  /** A payload string delivered back with the message (max 1000). */
  payload?: string;
  intent?: VkIntent;
  location?: { latitude: number; longitude: number };
  dontParseLinks?: boolean;
  disableMentions?: boolean;
}

/** What a send produced: one id per provider message, in order. */
export interface VkSendOutcome {
  /** Message ids; `<peer_id>_<conversation_message_id>` in group chats, where bots get id 0. */
  messageIds: string[];
  /** The `random_id` used for each message. */
  randomIds: number[];
}

/** Per-recipient outcome of a `peer_ids` bulk send. */
export type VkBulkSendItem =
  | { peerId: number; ok: true; messageId: string; conversationMessageId?: number }
  | { peerId: number; ok: false; error: SwitchboardError<VkErrorCode> };

const sendParamsSchema = z.object({
  peerId: z.number().int().refine((n) => n !== 0, 'peerId cannot be 0'),
  idempotencyKey: z.string().min(1).max(512),
  text: z.string().max(1_000_000).optional(),
  attachments: z.array(z.string().regex(/^[a-z_]+-?\d+_\d+(?:_[A-Za-z0-9]+)?$/, 'Expected an attachment like "photo-123_456"')).max(10).optional(),
  payload: z.string().max(1000).optional(),
});

function refuse(message: string, field: string): SwitchboardError {
  return new SwitchboardError('INVALID_INPUT', message, { field, remedy: 'fix_input' });
}

function baseParams(params: VkSendParams): Record<string, string | number | boolean | undefined> {
  return {
    ...(params.replyTo === undefined ? {} : { reply_to: params.replyTo }),
    ...(params.payload === undefined ? {} : { payload: params.payload }),
    ...(params.intent === undefined ? {} : { intent: params.intent }),
    ...(params.dontParseLinks === true ? { dont_parse_links: true } : {}),
    ...(params.disableMentions === true ? { disable_mentions: true } : {}),
  };
}

/**
 * Sends one message (several when the text exceeds 4096 characters: attachments ride on the
 * first part, the keyboard on the last). Each part's `random_id` comes from the idempotency key
 * (`key`, then `key#1`, `key#2`, ...), so repeating the call after any failure repeats no part VK
 * already accepted. Group chats are sent with `peer_ids` to learn the `conversation_message_id`.
 *
 * @throws SwitchboardError `INVALID_INPUT` for a bad parameter; VK errors classified by code
 *   (`PERMISSION_DENIED` for 901 carries `details.consent`, see {@link vkConsentEventFromError}).
 */
export async function sendVkMessage(api: VkApiClient, params: VkSendParams, signal?: AbortSignal): Promise<VkSendOutcome> {
  const checked = sendParamsSchema.safeParse(params);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw refuse(`Invalid VK message: ${issue === undefined ? 'unknown problem' : `${issue.path.map(String).join('.')}: ${issue.message}`}`, issue?.path.map(String).join('.') ?? 'message');
  }
  const text = params.text ?? '';
  const attachments = params.attachments ?? [];
  if (text === '' && attachments.length === 0 && params.location === undefined) throw refuse('A VK message needs text, an attachment or a location', 'text');
  const keyboard = params.keyboard === undefined ? undefined : serializeVkKeyboard(params.keyboard);
  const parts = text === '' ? [''] : splitVkText(text, VK_MAX_TEXT_LENGTH);
  const outcome: VkSendOutcome = { messageIds: [], randomIds: [] };
  for (const [index, part] of parts.entries()) {
    const randomId = vkRandomId(index === 0 ? params.idempotencyKey : `${params.idempotencyKey}#${index}`);
    const first = index === 0;
    const last = index === parts.length - 1;
    const request = {
      random_id: randomId,
      ...(part === '' ? {} : { message: part }),
      ...(first && attachments.length > 0 ? { attachment: attachments.join(',') } : {}),
      ...(first && params.location !== undefined ? { lat: params.location.latitude, long: params.location.longitude } : {}),
      ...(last && keyboard !== undefined ? { keyboard } : {}),
      ...baseParams(params),
    };
    const id = await sendOne(api, params.peerId, request, signal);
    outcome.messageIds.push(id);
    outcome.randomIds.push(randomId);
  }
  return outcome;
}

async function sendOne(api: VkApiClient, peerId: number, request: Record<string, string | number | boolean>, signal?: AbortSignal): Promise<string> {
  const options = { idempotent: true, ...(signal === undefined ? {} : { signal }) };
  try {
    if (peerId < VK_CHAT_PEER_OFFSET) {
      const id = await api.call('messages.send', { ...request, peer_id: peerId }, vkSendResponseSchema, options);
      return String(id);
    }
    const items = await api.call('messages.send', { ...request, peer_ids: [peerId] }, vkBulkSendResponseSchema, options);
    const item = items.find((i) => i.peer_id === peerId);
    if (item?.error !== undefined) throw vkApiError({ errorCode: item.error.code, errorMsg: item.error.description, method: 'messages.send' }, { peerId });
    const cmid = item?.conversation_message_id;
    if (item === undefined || (cmid === undefined && (item.message_id ?? 0) === 0)) {
      throw new SwitchboardError('INVALID_PROVIDER_RESPONSE', 'VK messages.send answered without an item for the chat', { provider: 'vk', details: { peerId } });
    }
    return vkProviderMessageId({ id: item.message_id ?? 0, peer_id: peerId, conversation_message_id: cmid });
  } catch (error) {
    throw withConsent(error, peerId);
  }
}

/** Attaches a consent fact to a 901 ("user has not allowed messages") so the host can record it. */
function withConsent(error: unknown, peerId: number): unknown {
  if (!(error instanceof SwitchboardError) || error.providerCode !== 901) return error;
  return new SwitchboardError<VkErrorCode>('PERMISSION_DENIED', `${error.message}. The user must write to the community or allow its messages first`, {
    cause: error,
    provider: 'vk',
    providerCode: 901,
    remedy: 'ask_permission',
    details: { ...error.details, peerId, consent: { contact: vkPeerAddress(peerId), purpose: 'all', status: 'opted_out' } },
  });
}

/**
 * The consent fact behind a 901 send failure, as the event a webhook would have produced, so
 * the host records "not allowed" for the contact. `undefined` for any other error.
 */
export function vkConsentEventFromError(error: unknown, context: { accountId: string; now: number }): ConsentChangedEvent | undefined {
  if (!(error instanceof SwitchboardError) || error.providerCode !== 901) return undefined;
  const peerId = error.details?.peerId;
  if (typeof peerId !== 'number') return undefined;
  return {
    type: 'consent.changed',
    channel: 'vk',
    accountId: context.accountId,
    dedupeKey: `vk:${context.accountId}:901:${peerId}:${context.now}`,
    contact: vkPeerAddress(peerId),
    purpose: 'all',
    status: 'opted_out',
    timestamp: context.now,
    providerCode: 901,
  };
}

/**
 * Sends one message to up to 100 peers with `peer_ids`. VK reports failures per recipient
 * inside a successful answer; each becomes a typed error in its item (never dropped). Texts
 * above 4096 characters are refused here: split them and send each part with its own key.
 */
export async function sendVkBulk(api: VkApiClient, params: Omit<VkSendParams, 'peerId'> & { peerIds: readonly number[] }, signal?: AbortSignal): Promise<VkBulkSendItem[]> {
  const peerIds = [...new Set(params.peerIds)];
  if (peerIds.length === 0 || peerIds.length > 100) throw refuse(`peer_ids takes 1 to 100 recipients, got ${peerIds.length}`, 'peerIds');
  if (peerIds.some((p) => !Number.isSafeInteger(p) || p === 0)) throw refuse('Every peer id must be a non-zero integer', 'peerIds');
  const text = params.text ?? '';
  if (text.length > VK_MAX_TEXT_LENGTH) throw refuse(`A bulk VK message is at most ${VK_MAX_TEXT_LENGTH} characters, got ${text.length}`, 'text');
  const attachments = params.attachments ?? [];
  if (text === '' && attachments.length === 0) throw refuse('A VK message needs text or an attachment', 'text');
  const items = await api.call('messages.send', {
    peer_ids: peerIds,
    random_id: vkRandomId(params.idempotencyKey),
    ...(text === '' ? {} : { message: text }),
    ...(attachments.length > 0 ? { attachment: attachments.join(',') } : {}),
    ...(params.keyboard === undefined ? {} : { keyboard: serializeVkKeyboard(params.keyboard) }),
    ...baseParams({ ...params, peerId: 0 }),
  }, vkBulkSendResponseSchema, { idempotent: true, ...(signal === undefined ? {} : { signal }) });
  const byPeer = new Map(items.map((item) => [item.peer_id, item]));
  return peerIds.map((peerId): VkBulkSendItem => {
    const item = byPeer.get(peerId);
    if (item === undefined) {
      return { peerId, ok: false, error: vkApiError({ errorCode: 0, errorMsg: 'VK returned no result for this recipient', method: 'messages.send' }, { peerId }) };
    }
    if (item.error !== undefined) {
      const error = vkApiError({ errorCode: item.error.code, errorMsg: item.error.description, method: 'messages.send' }, { peerId });
      return { peerId, ok: false, error: withConsent(error, peerId) as SwitchboardError<VkErrorCode> };
    }
    const cmid = item.conversation_message_id;
    const messageId = vkProviderMessageId({ id: item.message_id ?? 0, peer_id: peerId, conversation_message_id: cmid });
    return { peerId, ok: true, messageId, ...(cmid === undefined ? {} : { conversationMessageId: cmid }) };
  });
}

/** `messages.isMessagesFromGroupAllowed`: whether the user currently allows the community's messages. */
export async function isVkMessagingAllowed(api: VkApiClient, groupId: number, userId: number, signal?: AbortSignal): Promise<boolean> {
  const result = await api.call('messages.isMessagesFromGroupAllowed', { group_id: groupId, user_id: userId }, vkIsAllowedResponseSchema, { idempotent: true, ...(signal === undefined ? {} : { signal }) });
  return result.is_allowed === 1;
}

/** `messages.markAsRead` for a whole conversation (optionally up to a message id). */
export async function markVkAsRead(api: VkApiClient, groupId: number, peerId: number, options: { startMessageId?: number; signal?: AbortSignal } = {}): Promise<void> {
  await api.call('messages.markAsRead', {
    group_id: groupId,
    peer_id: peerId,
    mark_conversation_as_read: true,
    ...(options.startMessageId === undefined ? {} : { start_message_id: options.startMessageId }),
  }, z.number(), { idempotent: true, ...(options.signal === undefined ? {} : { signal: options.signal }) });
}

/** `messages.setActivity` (typing indicator). */
export async function setVkTyping(api: VkApiClient, groupId: number, peerId: number, signal?: AbortSignal): Promise<void> {
  await api.call('messages.setActivity', { group_id: groupId, peer_id: peerId, type: 'typing' }, z.number(), { idempotent: true, ...(signal === undefined ? {} : { signal }) });
}

/** What to show the user after a callback button press. */
export type VkEventAnswer =
  | { type: 'show_snackbar'; text: string }
  | { type: 'open_link'; link: string }
  | { type: 'open_app'; app_id: number; owner_id?: number; hash?: string };

/** `messages.sendMessageEventAnswer`: answers a callback button press (within 60 s of it). */
export async function answerVkMessageEvent(
  api: VkApiClient,
  params: { eventId: string; userId: number; peerId: number; answer?: VkEventAnswer },
  signal?: AbortSignal,
): Promise<void> {
  if (params.answer?.type === 'show_snackbar' && (params.answer.text.length === 0 || params.answer.text.length > 90)) {
    throw refuse('A snackbar text is 1 to 90 characters', 'answer.text');
  }
  await api.call('messages.sendMessageEventAnswer', {
    event_id: params.eventId,
    user_id: params.userId,
    peer_id: params.peerId,
    ...(params.answer === undefined ? {} : { event_data: JSON.stringify(params.answer) }),
  }, z.number(), { idempotent: true, ...(signal === undefined ? {} : { signal }) });
}
