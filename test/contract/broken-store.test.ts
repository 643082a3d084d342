import { describe, expect, it } from 'vitest';
import { runContractCases, storeContract } from '../../src/testing/contracts/index.js';
import type { CaseResult } from '../../src/testing/contracts/index.js';
import { brokenStores } from './broken-stores.js';

const failedNames = (results: CaseResult[]): string[] => results.filter((r) => r.status === 'failed').map((r) => r.name).sort();

async function failuresOf(setup: (typeof brokenStores)[keyof typeof brokenStores]): Promise<string[]> {
  return failedNames(await runContractCases(storeContract.cases, { setup }));
}

// Each broken store has exactly one bug; the contract must fail exactly the cases that guard
// against it, and pass every other case (so the cases are isolated from each other).
describe('the store contract fails on deliberately broken stores', () => {
  it('a contact upsert that races lets two handles create duplicate contacts', async () => {
    expect(await failuresOf(brokenStores.racyContactUpsert)).toEqual([
      'contacts: concurrent upserts of one address from two handles yield one contact',
    ]);
  });

  it('a conversation update that ignores the expected version loses updates', async () => {
    expect(await failuresOf(brokenStores.versionBlindConversations)).toEqual([
      'conversations: concurrent updates with one expected version from two handles: exactly one wins',
      'conversations: update with a stale expected version fails with VERSION_CONFLICT and changes nothing',
    ]);
  });

  it('status updates that overwrite each other regress statuses and lose timestamps', async () => {
    expect(await failuresOf(brokenStores.regressingStatuses)).toEqual([
      'messages: applyStatus moves the status forward only, each timestamp set by its first report',
      'messages: applyStatus refuses a provider id that belongs to another message (DUPLICATE)',
      'messages: applyStatus sets the provider id once and makes the message findable by it',
      'messages: concurrent status reports from two handles end in the highest status, whatever the order',
    ]);
  });

  it('a dedupe claim that checks then sets lets two concurrent callers win', async () => {
    expect(await failuresOf(brokenStores.racyDedupe)).toEqual(['dedupe: exactly one of many concurrent claims from two handles wins']);
  });

  it('dedupe claims that never expire keep provider retries out forever', async () => {
    expect(await failuresOf(brokenStores.immortalDedupe)).toEqual([
      'dedupe: confirm extends a short provisional claim to the full ttl, and takes a key whose claim expired',
      'dedupe: the first claim wins and later claims lose until the ttl expires',
    ]);
  });

  it('an outbox lease that selects then marks hands one job to two workers', async () => {
    expect(await failuresOf(brokenStores.racyLease)).toEqual(['outbox: concurrent leases from two handles never hand one job to two owners']);
  });

  it('template saves that ignore the expected version lose updates', async () => {
    expect(await failuresOf(brokenStores.versionBlindTemplates)).toEqual([
      'templates: concurrent saves with one expected version from two handles: exactly one wins',
      'templates: save with a stale version fails with VERSION_CONFLICT; a missing one with NOT_FOUND',
    ]);
  });

  it("a canned response update that changes the module is caught", async () => {
    expect(await failuresOf(brokenStores.mutableModule)).toEqual(['cannedResponses: the module cannot change after creation (IMMUTABLE_FIELD)']);
  });

  it('consent latest by insertion instead of recordedAt is caught', async () => {
    expect(await failuresOf(brokenStores.lastAppendedConsent)).toEqual([
      'consents: latest is the newest recordedAt for the exact purpose, not the last appended',
    ]);
  });

  it('a store without input validation fails every bad-input case', async () => {
    const failed = await failuresOf(brokenStores.unvalidated);
    expect(failed).toEqual(expect.arrayContaining([
      'contacts: upsert refuses a phone that is not E.164, naming the field',
      'contacts: get refuses a malformed id with INVALID_ID',
      'conversations: createOpen refuses a malformed contact id, naming the field',
      'messages: append refuses a malformed message, naming the field, and a taken id as DUPLICATE',
      'templates: save refuses an invalid record, naming the field',
      'cannedResponses: create refuses an empty name and a missing module, naming the field',
      'consents: append refuses a malformed contact id or purpose, naming the field',
      'dedupe: claim refuses an empty key and a non-positive ttl',
      'outbox: enqueue and lease refuse bad input, naming the field',
    ]));
  });
});
