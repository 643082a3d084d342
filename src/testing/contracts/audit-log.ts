import { describe, it } from 'vitest';
import { auditLogCases } from './audit-log.cases.js';
import { caseContext, checkSkips, NO_SECOND_HANDLE } from './runner.js';
import type { ContractDescriptor } from './types.js';
import type { Contract } from './contracts.js';

/** The dialogs' audit trail: idempotent appends by id, oldest-first keyset listing per conversation. */
export const auditLogContract: Contract = Object.assign(
  (descriptor: ContractDescriptor): void => {
    checkSkips(descriptor.skip, auditLogCases);
    describe('AuditLog contract', () => {
      for (const testCase of auditLogCases) {
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
  },
  { suite: 'AuditLog contract', cases: auditLogCases },
);
