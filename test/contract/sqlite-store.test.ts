import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../examples/sqlite/sqlite-store.js';
import type { SqliteStore } from '../../examples/sqlite/sqlite-store.js';
import { createVirtualClock } from '../../src/core/clock.js';
import { storeContract } from '../../src/testing/contracts/index.js';
import type { StoreFixture } from '../../src/testing/contracts/index.js';

// Two connections onto one temporary database file per test: two app instances sharing a database.
const setup = (): Promise<StoreFixture> => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-sqlite-'));
  const path = join(dir, 'store.db');
  const clock = createVirtualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
  const store = openSqliteStore({ path, clock });
  const second = openSqliteStore({ path, clock });
  return Promise.resolve({
    store,
    second,
    clock,
    teardown: () => {
      store.close();
      second.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
};

storeContract({ setup, inspect: (fixture, kind, id) => Promise.resolve((fixture.second as SqliteStore).readRaw(kind, id)) });

describe('openSqliteStore', () => {
  it('refuses options without a path or with a clock that is not a clock, naming the option', () => {
    expect(() => openSqliteStore({ path: '' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'path' }));
    expect(() => openSqliteStore({ path: ':memory:', clock: Date.now } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'clock' }));
  });

  it('keeps data across reopening the file, like a restarted app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-sqlite-'));
    const path = join(dir, 'store.db');
    try {
      const first = openSqliteStore({ path });
      const contact = await first.contacts.upsert({ addresses: [{ kind: 'vk_user', value: '42' }], channel: 'vk' });
      first.close();
      const reopened = openSqliteStore({ path });
      expect(await reopened.contacts.findByAddress({ kind: 'vk_user', value: '42' })).toEqual(contact);
      expect(reopened.database.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
