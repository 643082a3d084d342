// What this example uses from Switchboard. Inside the repository it reads the sources; in your
// application import the same names from 'switchboard' (and 'switchboard/testing' for the contracts).
export { createIdGenerator } from '../../src/core/ids.js';
export type { ContactId, IdGenerator, OutboxJobId } from '../../src/core/ids.js';
export { systemClock } from '../../src/core/clock.js';
export type { Clock } from '../../src/core/clock.js';
export { SwitchboardError } from '../../src/core/errors.js';
export {
  addressKey, applyStatus, cannedResponseSchema, consentRecordSchema, contactSchema, conversationSchema, messageSchema,
  outboxJobSchema, templateRecordSchema,
} from '../../src/model/index.js';
export type { CannedResponse, ConsentRecord, Contact, Conversation, Message, OutboxJob, TemplateRecord } from '../../src/model/index.js';
export {
  applyCannedResponsePatch, applyConversationPatch, conversationActivityAt, decodeCursor, defineStore, DEFAULT_PAGE_LIMIT, encodeCursor, foldName,
  newOpenConversation, storageError,
  compareOutboxJobsByDue, isOutboxJobDue, leaseOutboxJob, markOutboxJobInFlight, newOutboxJob, releaseOutboxJob, requeueOutboxJob,
} from '../../src/ports/index.js';
export type {
  CannedResponseRepository, ConsentRepository, ContactRepository, ConversationQuery, ConversationRepository, CursorKey,
  DedupeStore, MessageRepository, OpenConversationKey, OutboxJobRelease, OutboxStore, Page, Store, TemplateRepository,
} from '../../src/ports/index.js';
export type { StoredRecordKind } from '../../src/testing/contracts/index.js';
export { auditEntrySchema } from '../../src/model/index.js';
export type { AuditEntry } from '../../src/model/index.js';
export type { AuditLog } from '../../src/ports/index.js';
