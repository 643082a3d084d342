import { describe, it } from 'vitest';
import { auditLogCases } from './audit-log.cases.js';
import { cannedResponseCases } from './canned-responses.cases.js';
import { consentCases } from './consents.cases.js';
import { contactCases } from './contacts.cases.js';
import { conversationCases } from './conversations.cases.js';
import { dedupeCases } from './dedupe.cases.js';
import { messageCases } from './messages.cases.js';
import { outboxCases } from './outbox.cases.js';
import { caseContext, checkSkips, NO_SECOND_HANDLE } from './runner.js';
import { templateCases } from './templates.cases.js';
import type { ContractCase, ContractDescriptor } from './types.js';

/** A contract: call it inside a vitest file to register its tests; `.cases` runs them elsewhere. */
export interface Contract {
  (descriptor: ContractDescriptor): void;
  /** The suite name the tests are registered under. */
  readonly suite: string;
  /** The cases, for `runContractCases` or a custom runner. */
  readonly cases: readonly ContractCase[];
}

/** Registers `cases` as one vitest suite per descriptor (skips checked, fresh fixture per test). */
export function defineContract(suite: string, cases: readonly ContractCase[]): Contract {
  const contract = (descriptor: ContractDescriptor): void => {
    checkSkips(descriptor.skip, cases);
    describe(suite, () => {
      for (const testCase of cases) {
        const skipReason = descriptor.skip?.[testCase.name];
        it(testCase.name, async (ctx) => {
          if (skipReason !== undefined) ctx.skip(skipReason);
          const fixture = await descriptor.setup();
          try {
            if (testCase.needsSecond === true && fixture.second === undefined) ctx.skip(NO_SECOND_HANDLE);
            await testCase.run(caseContext(fixture, descriptor));
          } finally {
            await fixture.teardown?.();
          }
        });
      }
    });
  };
  return Object.assign(contract, { suite, cases });
}

/** Contacts: unique addresses, merge-on-upsert, concurrent upserts yield one contact. */
export const contactRepositoryContract = defineContract('ContactRepository contract', contactCases);

/** Conversations: one open per key, compare-and-set updates, list filters, keyset paging. */
export const conversationRepositoryContract = defineContract('ConversationRepository contract', conversationCases);

/** Messages: unique by idempotency key and provider id, monotone statuses under concurrency. */
export const messageRepositoryContract = defineContract('MessageRepository contract', messageCases);

/** Templates: unique (name, language), compare-and-set saves, filtered listing. */
export const templateRepositoryContract = defineContract('TemplateRepository contract', templateCases);

/** Canned responses: CRUD, immutable module, case-insensitive search. */
export const cannedResponseRepositoryContract = defineContract('CannedResponseRepository contract', cannedResponseCases);

/** Consents: append-only facts; the newest per contact, channel and purpose decides. */
export const consentRepositoryContract = defineContract('ConsentRepository contract', consentCases);

/** Inbound dedupe: exactly one concurrent claimer wins until expiry or release. */
export const dedupeStoreContract = defineContract('DedupeStore contract', dedupeCases);

/** Outbox: due-only leases, one owner per job, LEASE_LOST for stale owners, dead letters. */
export const outboxContract = defineContract('OutboxStore contract', outboxCases);

/** The dialogs' audit trail: idempotent appends by id, oldest-first keyset listing per conversation. */
export const auditLogContract = defineContract('AuditLog contract', auditLogCases);

/** Every port's contract, one suite per port. */
export const storeContract: Contract = Object.assign(
  (descriptor: ContractDescriptor): void => {
    checkSkips(descriptor.skip, storeContract.cases);
    const contracts = [
      contactRepositoryContract, conversationRepositoryContract, messageRepositoryContract, templateRepositoryContract,
      cannedResponseRepositoryContract, consentRepositoryContract, dedupeStoreContract, outboxContract, auditLogContract,
    ];
    describe('Store contract', () => {
      for (const contract of contracts) {
        const names = new Set(contract.cases.map((c) => c.name));
        const skip = Object.fromEntries(Object.entries(descriptor.skip ?? {}).filter(([name]) => names.has(name)));
        contract({ ...descriptor, skip });
      }
    });
  },
  {
    suite: 'Store contract',
    cases: [
      ...contactCases, ...conversationCases, ...messageCases, ...templateCases,
      ...cannedResponseCases, ...consentCases, ...dedupeCases, ...outboxCases, ...auditLogCases,
    ],
  },
);
