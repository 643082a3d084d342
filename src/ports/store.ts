import type { AuditLog } from './audit-log.js';
import { validateAuditLog } from './audit-log.js';
import type { CannedResponseRepository } from './canned-responses.js';
import { validateCannedResponseRepository } from './canned-responses.js';
import type { ConsentRepository } from './consents.js';
import { validateConsentRepository } from './consents.js';
import type { ContactRepository } from './contacts.js';
import { validateContactRepository } from './contacts.js';
import type { ConversationRepository } from './conversations.js';
import { validateConversationRepository } from './conversations.js';
import type { DedupeStore } from './dedupe.js';
import { validateDedupeStore } from './dedupe.js';
import type { MessageRepository } from './messages.js';
import { validateMessageRepository } from './messages.js';
import type { OutboxStore } from './outbox.js';
import { validateOutboxStore } from './outbox.js';
import type { TemplateRepository } from './templates.js';
import { validateTemplateRepository } from './templates.js';

/** Everything Switchboard stores, one port per aggregate. */
export interface Store {
  contacts: ContactRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  templates: TemplateRepository;
  cannedResponses: CannedResponseRepository;
  consents: ConsentRepository;
  dedupe: DedupeStore;
  outbox: OutboxStore;
  /** The dialogs' audit trail (who claimed, invited, closed... and when). */
  auditLog: AuditLog;
}

const VALIDATED = Symbol.for('switchboard.validatedStore');

/**
 * Turns a host's implementation of the ports into a {@link Store} that validates every
 * argument with the SDK's schemas first: a malformed id, phone, cursor or record is refused
 * with a typed error naming the field (`INVALID_INPUT`, `INVALID_ID`, `INVALID_CURSOR`) and
 * never reaches the implementation, which may therefore trust its input. Wrapping twice is a no-op.
 *
 * @example
 * export const store = defineStore({ contacts: new PgContacts(pool), ... });
 */
export function defineStore(implementation: Store): Store {
  if ((implementation as unknown as Record<symbol, unknown>)[VALIDATED] === true) return implementation;
  const store: Store = {
    contacts: validateContactRepository(implementation.contacts),
    conversations: validateConversationRepository(implementation.conversations),
    messages: validateMessageRepository(implementation.messages),
    templates: validateTemplateRepository(implementation.templates),
    cannedResponses: validateCannedResponseRepository(implementation.cannedResponses),
    consents: validateConsentRepository(implementation.consents),
    dedupe: validateDedupeStore(implementation.dedupe),
    outbox: validateOutboxStore(implementation.outbox),
    auditLog: validateAuditLog(implementation.auditLog),
  };
  Object.defineProperty(store, VALIDATED, { value: true });
  return store;
}
