/**
 * Switchboard: talk to customers over WhatsApp Business and VK from a CRM, within each
 * channel's rules. Channel adapters live in `switchboard/whatsapp` and `switchboard/vk`; the
 * test kit (port contracts, provider simulators) in `switchboard/testing`.
 *
 * @module switchboard
 */

// --- Errors -------------------------------------------------------------------------------
export { SwitchboardError, isSwitchboardError, hasErrorCode, toSwitchboardError } from './core/errors.js';
export type { CoreErrorCode, Remedy, SwitchboardErrorOptions } from './core/errors.js';
export { redact, registerSecret } from './core/redact.js';

// --- Core values: ids, time, credits, phones ------------------------------------------------
export { createIdGenerator, newId, isId, parseId, idTime, ID_PREFIXES } from './core/ids.js';
export type {
  Id, IdGenerator, IdGeneratorOptions, IdKind, ContactId, ConversationId, MessageId, TemplateId,
  CannedResponseId, ConsentId, OutboxJobId, BroadcastId, AuditEntryId,
} from './core/ids.js';
export { systemClock, createVirtualClock, SECOND, MINUTE, HOUR, DAY } from './core/clock.js';
export type { Clock, VirtualClock } from './core/clock.js';
export { credits, positiveCredits, addCredits, subtractCredits } from './core/credits.js';
export type { Credits } from './core/credits.js';
export { normalizePhone, isE164, foldDigits } from './core/phone.js';
export type { E164, NormalizePhoneOptions } from './core/phone.js';

// --- Events and logging ---------------------------------------------------------------------
export { TypedEmitter } from './core/events.js';
export type { EventMap, ListenerErrorEvent, UnhandledListenerError } from './core/events.js';
export { silentLogger, redactingLogger } from './core/logger.js';
export type { Logger } from './core/logger.js';

// --- Domain model (zod schemas are the source of truth; types are inferred) ------------------
export * from './model/index.js';

// --- The Switchboard facade ---------------------------------------------------------------------
export * from './switchboard/index.js';

// --- Storage ports and the in-memory store ----------------------------------------------------
export * from './ports/index.js';

// --- Templates, rendering, canned responses and the category linter ----------------------------
export * from './templates/index.js';

// --- Rules before sending: conversation window and consent ------------------------------------
export * from './policy/index.js';

// --- Credits: ledger, price book, auto-recharge -------------------------------------------------
export * from './ledger/index.js';

// --- Channel plumbing shared by adapters (plug a shared rate limiter for several instances) -----
export { createMemoryRateLimiter } from './channels/rate-limit/memory-rate-limiter.js';
export type { RateLimiter, RateLimit, RateLimitDecision } from './channels/rate-limit/rate-limiter.js';

// --- For adapter authors ----------------------------------------------------------------------
export type * from './channels/adapter.js';
