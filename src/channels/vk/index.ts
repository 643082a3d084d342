/**
 * `switchboard/vk`: VK community messages over the Callback API (or Bots Long Poll), with
 * idempotent `messages.send`, typed errors and cached names for lead titles.
 *
 * Deliberately not exported: the HTTP and webhook plumbing (shared with other adapters) and the
 * raw zod schemas' internals; `normalizeVkEvent` is exported for hosts that receive VK events
 * through their own queue.
 *
 * @module switchboard/vk
 */

// --- Commonly used -------------------------------------------------------------------------
export { createVkAdapter } from './adapter.js';
export type { VkAdapter } from './adapter.js';
export type { VkAdapterConfig } from './config.js';
export { VK_DEFAULT_API_VERSION, VK_DEFAULT_BASE_URL, VK_DEFAULT_RATE_PER_SECOND, VK_DEFAULT_MAX_BODY_BYTES } from './config.js';

// --- Webhooks (Callback API) and Long Poll ---------------------------------------------------
export { VK_OK, vkDedupeKey, vkRetryLaterResponse } from './callback.js';
export type { VkLongPollBatch, VkPollOptions, VkLongPollErrorCode } from './long-poll.js';
export { normalizeVkEvent, vkProviderMessageId } from './normalize.js';
export type { VkNormalizeContext, VkNormalizeResult, VkEventErrorCode } from './normalize.js';
export { VK_SUPPORTED_EVENT_TYPES, vkEnvelopeSchema, vkMessageSchema } from './callback-schemas.js';
export type { VkEnvelope, VkMessage, VkSupportedEventType } from './callback-schemas.js';

// --- Sending ---------------------------------------------------------------------------------
export { vkRandomId } from './random-id.js';
export { splitVkText, VK_MAX_TEXT_LENGTH } from './split-text.js';
export { vkConsentEventFromError } from './messages.js';
export type { VkSendParams, VkSendOutcome, VkBulkSendItem, VkIntent, VkEventAnswer } from './messages.js';
export { vkKeyboardSchema, vkKeyboardButtonSchema } from './keyboard.js';
export type { VkKeyboard, VkKeyboardButton } from './keyboard.js';
export type { VkUploadSource } from './upload.js';
export { vkPeerAddress, vkPeerId, VK_CHAT_PEER_OFFSET } from './addresses.js';

// --- Names for lead titles ------------------------------------------------------------------
export { vkLeadTitle } from './profiles.js';
export type { VkUserName, VkCommunity } from './profiles.js';

// --- Errors --------------------------------------------------------------------------------
export { classifyVkError } from './errors.js';
export type { VkErrorCode, VkAdapterErrorCode, VkErrorClass } from './errors.js';
export type { WebhookErrorCode } from '../webhook/errors.js';
export type { HttpErrorCode } from '../http/errors.js';

// --- For adapter authors and advanced use ----------------------------------------------------
export type { VkApiClient, VkParams, VkParamValue, VkCallOptions } from './api-client.js';
export type { ChannelAdapter, ChannelCapabilities } from '../adapter.js';
export type { RetryPolicy } from '../http/http-client.js';
export type { Sleep } from '../rate-limit/sleep.js';

/** The channel name VK events and messages carry. */
export const VK_CHANNEL = 'vk' as const;
