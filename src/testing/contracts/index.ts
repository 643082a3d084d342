// Storage port contracts for host implementations (vitest is an optional peer dependency; it is
// imported only by the contract functions).

// --- One contract per port, and all of them -------------------------------------------------------
export {
  storeContract, contactRepositoryContract, conversationRepositoryContract, messageRepositoryContract,
  templateRepositoryContract, cannedResponseRepositoryContract, consentRepositoryContract,
  dedupeStoreContract, outboxContract, auditLogContract,
} from './contracts.js';
export type { Contract } from './contracts.js';

// --- Descriptor and case types ---------------------------------------------------------------------
export type { ContractDescriptor, StoreFixture, InspectHook, StoredRecordKind, ContractCase, CaseContext } from './types.js';

// --- Running cases without vitest ------------------------------------------------------------------
export { runContractCases, runCase, NO_SECOND_HANDLE } from './runner.js';
export type { CaseResult } from './runner.js';
