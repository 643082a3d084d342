// Storage ports: the repositories a host implements on its own database, the validating
// wrapper that makes any implementation safe to call, and the in-memory store.

// --- The store and its validating wrapper ---------------------------------------------------
export { defineStore } from './store.js';
export type { Store } from './store.js';
export { createMemoryStore } from './memory/store.js';
export type { MemoryStoreOptions } from './memory/store.js';
export { storageError } from './errors.js';
export type { StorageErrorCode } from './errors.js';

// --- Paging -----------------------------------------------------------------------------------
export { encodeCursor, decodeCursor, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './page.js';
export type { Page, PageRequest, CursorKey } from './page.js';

// --- Contacts -----------------------------------------------------------------------------------
export { upsertContactInputSchema } from './contacts.js';
export type { ContactRepository, UpsertContactInput } from './contacts.js';

// --- Conversations --------------------------------------------------------------------------------
export {
  openConversationKeySchema, createOpenConversationInputSchema, conversationPatchSchema,
  applyConversationPatch, newOpenConversation,
} from './conversations.js';
export type {
  ConversationRepository, OpenConversationKey, CreateOpenConversationInput, ConversationPatch, ConversationMutableFields,
  CreateOpenResult,
} from './conversations.js';
export {
  conversationQuerySchema, matchesConversationQuery, conversationActivityAt, isUnanswered, compareConversationsForList,
} from './conversation-query.js';
export type { ConversationQuery } from './conversation-query.js';

// --- Messages -------------------------------------------------------------------------------------
export { providerMessageKeySchema, statusUpdateSchema } from './messages.js';
export type { MessageRepository, ProviderMessageKey, AppendMessageResult } from './messages.js';

// --- Templates and canned responses -----------------------------------------------------------------
export { templateFilterSchema } from './templates.js';
export type { TemplateRepository, TemplateFilter } from './templates.js';
export {
  createCannedResponseInputSchema, cannedResponsePatchSchema, cannedResponseSearchSchema, foldName, applyCannedResponsePatch,
} from './canned-responses.js';
export type {
  CannedResponseRepository, CreateCannedResponseInput, CannedResponsePatch, CannedResponseSearch,
} from './canned-responses.js';

// --- Consents, inbound dedupe, outbox ----------------------------------------------------------------
export { newConsentRecordSchema } from './consents.js';
export type { ConsentRepository, NewConsentRecord } from './consents.js';
export type { DedupeStore } from './dedupe.js';
export { enqueueJobInputSchema, leaseRequestSchema, rescheduleInputSchema } from './outbox.js';
export type { OutboxStore, EnqueueJobInput, LeaseRequest, RescheduleInput } from './outbox.js';
export {
  newOutboxJob, isOutboxJobDue, compareOutboxJobsByDue, leaseOutboxJob, markOutboxJobInFlight, releaseOutboxJob, requeueOutboxJob,
} from './outbox-rules.js';
export type { OutboxJobRelease } from './outbox-rules.js';

// --- The dialogs' audit trail -------------------------------------------------------------------------
export type { AuditLog, AppendAuditResult } from './audit-log.js';
