import { describe, expect, it } from 'vitest';
import type { ConversationId } from '../../../src/core/ids.js';
import { isId } from '../../../src/core/ids.js';
import { auditEntryId } from '../../../src/switchboard/dialogs/index.js';

// The audit log implementations run `auditLogContract` in test/contract (memory and SQLite).
describe('audit entry ids', () => {
  it('are valid au_ ULIDs, the same for the same action and version, and sort by time then version', () => {
    const cv = 'cv_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as ConversationId;
    const a = auditEntryId(cv, 2, 'v2', 'claimed', 1_000);
    expect(isId('au', a)).toBe(true);
    expect(auditEntryId(cv, 2, 'v2', 'claimed', 1_000)).toBe(a);
    expect(auditEntryId(cv, 3, 'v3', 'invited', 1_000) > a).toBe(true);
    expect(auditEntryId(cv, 1, 'v1', 'invited', 1_001) > a).toBe(true);
    expect(auditEntryId(cv, 2, 'v2', 'closed', 1_000)).not.toBe(a);
  });
});
