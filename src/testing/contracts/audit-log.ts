import { auditLogCases } from './audit-log.cases.js';
import { defineContract } from './contracts.js';

/** The dialogs' audit trail: idempotent appends by id, oldest-first keyset listing per conversation. */
export const auditLogContract = defineContract('AuditLog contract', auditLogCases);
