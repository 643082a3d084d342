/**
 * `switchboard/whatsapp`: the WhatsApp Cloud API channel adapter.
 * See docs/channels/whatsapp.md.
 *
 * @module switchboard/whatsapp
 */

// --- Commonly used ---------------------------------------------------------------------------
export { createWhatsAppAdapter } from './whatsapp-adapter.js';
export type { WhatsAppAdapter } from './whatsapp-adapter.js';
export type { WhatsAppAdapterConfig } from './config.js';
export { DEFAULT_GRAPH_VERSION, DEFAULT_MESSAGES_PER_SECOND, DEFAULT_WEBHOOK_MAX_BYTES } from './config.js';

// --- Errors and their classification ----------------------------------------------------------
export type { WhatsAppErrorCode, GraphErrorClass } from './errors.js';
export { classifyGraphCode } from './errors.js';
export type { HttpErrorCode } from '../http/errors.js';
export type { WebhookErrorCode } from '../webhook/errors.js';

// --- Webhooks (standalone use, e.g. verifying in an edge function) ------------------------------
export { verifyWhatsAppSignature, signWhatsAppWebhook } from './signature.js';

// --- Templates ----------------------------------------------------------------------------------
export { diffTemplateStatuses } from './templates.js';
export type { TemplateSyncUpdate } from './templates.js';

// --- Shared channel plumbing a host may plug into -----------------------------------------------
export { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
export type { MemoryRateLimiterOptions } from '../rate-limit/memory-rate-limiter.js';
export type { RateLimiter, RateLimit, RateLimitDecision } from '../rate-limit/rate-limiter.js';
export type { ChannelAdapter, ChannelCapabilities } from '../adapter.js';
export type { RetryPolicy } from '../http/http-client.js';
export type { Sleep } from '../rate-limit/sleep.js';

/** The channel name WhatsApp events and messages carry. */
export const WHATSAPP_CHANNEL = 'whatsapp' as const;
