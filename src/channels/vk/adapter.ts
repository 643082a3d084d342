import type { z } from 'zod';
import { HOUR, systemClock } from '../../core/clock.js';
import { SwitchboardError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { registerSecret } from '../../core/redact.js';
import type { ContactAddress } from '../../model/contact.js';
import type { Attachment } from '../../model/message.js';
import type {
  ChannelAdapter, ChannelCapabilities, OutboundMessage, ResolvedProfile, SendOptions, SendResult, WebhookResult,
} from '../adapter.js';
import { createHttpClient } from '../http/http-client.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import { abortableSleep } from '../rate-limit/sleep.js';
import { webhookErrorResponse } from '../webhook/responses.js';
import type { VkApiClient, VkCallOptions, VkParams } from './api-client.js';
import { classifyVkResponse, createVkApiClient } from './api-client.js';
import { vkPeerId } from './addresses.js';
import { handleVkCallback } from './callback.js';
import type { VkAdapterConfig } from './config.js';
import { resolveVkConfig } from './config.js';
import type { VkErrorCode } from './errors.js';
import type { VkPollOptions } from './long-poll.js';
import { runVkLongPoll } from './long-poll.js';
import type { VkBulkSendItem, VkEventAnswer, VkSendOutcome, VkSendParams } from './messages.js';
import { answerVkMessageEvent, isVkMessagingAllowed, markVkAsRead, sendVkBulk, sendVkMessage, setVkTyping } from './messages.js';
import type { VkCommunity, VkUserName } from './profiles.js';
import { createVkProfiles } from './profiles.js';
import { VK_MAX_TEXT_LENGTH } from './split-text.js';
import type { VkUploadSource } from './upload.js';
import { uploadVkDocument, uploadVkPhoto } from './upload.js';

/**
 * The VK community messages adapter: a {@link ChannelAdapter} plus VK's own features.
 * Every method throws typed `SwitchboardError`s; the access token never appears in them.
 */
export interface VkAdapter extends ChannelAdapter {
  readonly channel: 'vk';
  /** The community id. */
  readonly groupId: number;
  /**
   * Sends text (split above 4096 characters), media (VK attachment references as `mediaId`, or
   * URLs uploaded first) or a location. `random_id` is derived from `idempotencyKey`, so a retry —
   * also after `SEND_OUTCOME_UNKNOWN` — never sends twice.
   * @throws SwitchboardError `UNSUPPORTED_CONTENT` for templates, reactions and interactive replies;
   *   `PERMISSION_DENIED` (901, `remedy: 'ask_permission'`) when the user has not allowed messages.
   */
  send(message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
  /**
   * Handles one Callback API request. Never throws for bad input:
   * - `confirmation` → the confirmation string, `text/plain`, no events;
   * - any other event from this group with the right secret → `ok` (send it once the events are
   *   stored) and the normalized events; unsupported types are acknowledged with no events and
   *   `error.code === 'VK_EVENT_UNSUPPORTED'`;
   * - wrong or missing secret, another group → 403, no events, `WEBHOOK_FORBIDDEN` (also for an
   *   adapter configured for Long Poll);
   * - not POST → 405; body above `maxBodyBytes` → 413; not JSON or not a VK envelope → 400.
   *
   * VK counts every non-`ok` answer as a failed delivery and retries it.
   */
  handleWebhook(request: Request): Promise<WebhookResult>;
  /** `messages.markAsRead` for the conversation with `to` (required), and `typing` via `messages.setActivity`. */
  markRead(providerMessageId: string, options?: { typing?: boolean; to?: ContactAddress; signal?: AbortSignal }): Promise<void>;
  /** The sender's first/last name (`users.get`) and the community name (`groups.getById`), cached. */
  resolveProfile(address: ContactAddress, options?: SendOptions): Promise<ResolvedProfile>;
  /** Runs the Bots Long Poll loop until `options.signal` aborts (transport `longpoll` only). */
  poll(options: VkPollOptions): Promise<void>;
  /** `messages.send` with VK-only options: keyboard, intent, payload, attachment references. */
  sendMessage(params: VkSendParams, options?: SendOptions): Promise<VkSendOutcome>;
  /** One message to up to 100 peers (`peer_ids`), with a typed result per recipient. */
  sendBulk(params: Omit<VkSendParams, 'peerId'> & { peerIds: readonly number[] }, options?: SendOptions): Promise<VkBulkSendItem[]>;
  /** `messages.isMessagesFromGroupAllowed` for a user. */
  isMessagingAllowed(userId: number, options?: SendOptions): Promise<boolean>;
  /** Answers a callback button press (`message_event`) within 60 s, optionally with a snackbar or link. */
  answerMessageEvent(params: { eventId: string; userId: number; peerId: number; answer?: VkEventAnswer }, options?: SendOptions): Promise<void>;
  /** Uploads a photo for a message to `peerId`; returns `photo<owner>_<id>_<key>`. */
  uploadPhoto(peerId: number, source: VkUploadSource, options?: SendOptions): Promise<string>;
  /** Uploads a document (or a voice message) for a message to `peerId`; returns `doc<owner>_<id>`. */
  uploadDocument(peerId: number, source: VkUploadSource, options?: SendOptions & { title?: string; type?: 'doc' | 'audio_message' }): Promise<string>;
  /** Cached `users.get`. */
  users(ids: readonly number[], options?: SendOptions): Promise<Map<number, VkUserName>>;
  /** Cached `groups.getById` for this community. */
  community(options?: SendOptions): Promise<VkCommunity>;
  /** Any other API method, rate-limited, retried and error-classified like the rest. */
  call<T extends z.ZodType>(method: string, params: VkParams, schema: T, options: VkCallOptions): Promise<z.output<T>>;
  /** The underlying API client (for `execute`). */
  readonly api: VkApiClient;
}

const VK_REF = /^(?:photo|video|audio|doc|wall|market|poll|question)-?\d+_\d+(?:_[A-Za-z0-9]+)?$/;

/**
 * Creates the VK adapter.
 *
 * @throws SwitchboardError `INVALID_CONFIG` naming each bad option (never echoing the token).
 * @example
 * ```ts
 * const vk = createVkAdapter({ groupId: 232142875, accessToken, secret, confirmation });
 * const { response, events } = await vk.handleWebhook(request);
 * ```
 */
export function createVkAdapter(config: VkAdapterConfig): VkAdapter {
  if (typeof config.accessToken === 'string') registerSecret(config.accessToken);
  if (typeof config.secret === 'string') registerSecret(config.secret);
  else if (Array.isArray(config.secret)) for (const secret of config.secret as readonly unknown[]) if (typeof secret === 'string') registerSecret(secret);
  const resolved = resolveVkConfig(config);
  const callbackSecrets = typeof resolved.secret === 'string' ? [resolved.secret] : resolved.secret;
  const clock = config.clock ?? systemClock;
  const logger = config.logger ?? silentLogger;
  const fetchImpl = config.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  const random = config.random ?? Math.random;
  const sleep = config.sleep ?? abortableSleep;
  const groupId = resolved.groupId;
  const http = createHttpClient({
    provider: 'vk',
    baseUrl: resolved.baseUrl.endsWith('/') ? resolved.baseUrl : `${resolved.baseUrl}/`,
    classify: classifyVkResponse,
    rateLimiter: config.rateLimiter ?? createMemoryRateLimiter({ clock }),
    timeoutMs: resolved.timeoutMs,
    fetch: fetchImpl,
    random,
    sleep,
    clock,
    ...(config.retry === undefined ? {} : { retry: config.retry }),
  });
  const api = createVkApiClient({
    http,
    accessToken: resolved.accessToken,
    apiVersion: resolved.apiVersion,
    // One token every 1/perSecond s rather than a bucket of perSecond: a full bucket plus its
    // refill would allow up to twice the limit inside one calendar second, which VK answers with 6.
    rateLimit: { tokens: 1, intervalMs: 1000 / resolved.rateLimit.perSecond },
  });
  const profiles = createVkProfiles(api, groupId, clock, resolved.profileCacheTtlMs);
  const uploads = { api, fetch: fetchImpl, timeoutMs: resolved.timeoutMs };
  const MB = 1024 * 1024;
  const capabilities: ChannelCapabilities = {
    templates: false,
    window: { kind: 'permission' },
    maxTextLength: VK_MAX_TEXT_LENGTH,
    splitsLongText: true,
    media: { image: { maxBytes: 50 * MB }, document: { maxBytes: 200 * MB }, audio: { maxBytes: 200 * MB } },
    attachmentsPerMessage: 10,
    idempotentSends: true,
    // VK de-duplicates a random_id for about an hour (and within the dialog's last 100 messages).
    idempotencyWindowMs: HOUR,
    // VK does not report delivery; a message is charged once VK accepts it.
    settlement: 'on_acceptance',
    rateLimit: { perSecond: resolved.rateLimit.perSecond },
  };

  async function attachmentRef(peerId: number, attachment: Attachment, signal?: AbortSignal): Promise<string> {
    if (attachment.mediaId !== undefined && VK_REF.test(attachment.mediaId)) return attachment.mediaId;
    if (attachment.url === undefined) {
      throw new SwitchboardError('INVALID_INPUT', `A VK attachment's mediaId must be a VK reference like "photo-1_2", got "${attachment.mediaId ?? ''}"`, { field: 'content.attachments', remedy: 'fix_input' });
    }
    const source = { url: attachment.url, ...(attachment.filename === undefined ? {} : { filename: attachment.filename }), ...(attachment.mimeType === undefined ? {} : { mimeType: attachment.mimeType }) };
    if (attachment.kind === 'image') return uploadVkPhoto(uploads, peerId, source, signal);
    if (attachment.kind === 'document' || attachment.kind === 'audio') {
      return uploadVkDocument(uploads, peerId, source, { ...(attachment.filename === undefined ? {} : { title: attachment.filename }), ...(signal === undefined ? {} : { signal }) });
    }
    throw unsupported(`VK cannot upload a ${attachment.kind} from a URL with a community token; pass an existing VK reference as mediaId`);
  }

  async function toSendParams(message: OutboundMessage, signal?: AbortSignal): Promise<VkSendParams> {
    const peerId = vkPeerId(message.to);
    const base = {
      peerId,
      idempotencyKey: message.idempotencyKey,
      ...(message.replyTo !== undefined && /^\d{1,15}$/.test(message.replyTo) ? { replyTo: Number(message.replyTo) } : {}),
    };
    const content = message.content;
    switch (content.type) {
      case 'text':
        return { ...base, text: content.text, ...(content.previewUrl === false ? { dontParseLinks: true } : {}) };
      case 'media': {
        const attachments: string[] = [];
        for (const attachment of content.attachments) attachments.push(await attachmentRef(peerId, attachment, signal));
        const captions = content.attachments.map((a) => a.caption).filter((c): c is string => c !== undefined && c !== '');
        const text = content.text ?? captions.join('\n');
        return { ...base, attachments, ...(text === '' ? {} : { text }) };
      }
      case 'location':
        return { ...base, location: { latitude: content.latitude, longitude: content.longitude }, ...(content.name === undefined ? {} : { text: [content.name, content.address].filter(Boolean).join('\n') }) };
      case 'template':
        throw unsupported('VK has no provider templates; render the template and send its text');
      default:
        throw unsupported(`VK adapter cannot send "${content.type}" content`);
    }
  }

  const opts = (signal?: AbortSignal): { signal?: AbortSignal } => (signal === undefined ? {} : { signal });

  const adapter: VkAdapter = {
    channel: 'vk',
    accountId: String(groupId),
    groupId,
    capabilities,
    api,
    async send(message, options) {
      const params = await toSendParams(message, options?.signal);
      const outcome = await sendVkMessage(api, params, options?.signal);
      const [first, ...rest] = outcome.messageIds;
      return {
        providerMessageId: first ?? '0',
        ...(rest.length > 0 ? { additionalProviderMessageIds: rest } : {}),
        acceptedAt: clock.now(),
      };
    },
    async handleWebhook(request) {
      if (resolved.transport !== 'callback' || callbackSecrets === undefined || resolved.confirmation === undefined) {
        const error = new SwitchboardError('WEBHOOK_FORBIDDEN', 'This VK adapter uses the Long Poll transport; it does not accept callbacks', { provider: 'vk' });
        return { response: webhookErrorResponse('WEBHOOK_FORBIDDEN'), events: [], error };
      }
      return handleVkCallback(request, { groupId, secrets: callbackSecrets, confirmation: resolved.confirmation, maxBodyBytes: resolved.maxBodyBytes, clock });
    },
    async markRead(providerMessageId, options = {}) {
      if (options.to === undefined) throw new SwitchboardError('INVALID_INPUT', 'VK marks a whole conversation as read: pass options.to (the peer)', { field: 'to', remedy: 'fix_input' });
      const peerId = vkPeerId(options.to);
      const start = /^\d{1,15}$/.test(providerMessageId) && Number(providerMessageId) > 0 ? Number(providerMessageId) : undefined;
      await markVkAsRead(api, groupId, peerId, { ...(start === undefined ? {} : { startMessageId: start }), ...opts(options.signal) });
      if (options.typing === true) await setVkTyping(api, groupId, peerId, options.signal);
    },
    resolveProfile: (address, options) => profiles.resolve(address, options?.signal),
    async poll(options) {
      if (resolved.transport !== 'longpoll') {
        throw new SwitchboardError('INVALID_CONFIG', 'poll() needs transport: "longpoll" in createVkAdapter', { field: 'transport', remedy: 'fix_input' });
      }
      await runVkLongPoll({ api, groupId, ...resolved.longPoll, fetch: fetchImpl, sleep, random, clock, logger }, options);
    },
    sendMessage: (params, options) => sendVkMessage(api, params, options?.signal),
    sendBulk: (params, options) => sendVkBulk(api, params, options?.signal),
    isMessagingAllowed: (userId, options) => isVkMessagingAllowed(api, groupId, userId, options?.signal),
    answerMessageEvent: (params, options) => answerVkMessageEvent(api, params, options?.signal),
    uploadPhoto: (peerId, source, options) => uploadVkPhoto(uploads, peerId, source, options?.signal),
    uploadDocument: (peerId, source, options = {}) => uploadVkDocument(uploads, peerId, source, options),
    users: (ids, options) => profiles.users(ids, options?.signal),
    community: (options) => profiles.community(options?.signal),
    call: (method, params, schema, options) => api.call(method, params, schema, options),
  };
  return adapter;
}

function unsupported(message: string): SwitchboardError<VkErrorCode> {
  return new SwitchboardError<VkErrorCode>('UNSUPPORTED_CONTENT', message, { provider: 'vk', remedy: 'fix_input' });
}

