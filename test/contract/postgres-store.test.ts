import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../examples/postgres/postgres-store.js';
import type { PostgresStore } from '../../examples/postgres/postgres-store.js';
import { createVirtualClock } from '../../src/core/clock.js';
import type { VirtualClock } from '../../src/core/clock.js';
import { storeContract } from '../../src/testing/contracts/index.js';
import type { ContractDescriptor } from '../../src/testing/contracts/index.js';
import { postgresTestDatabase, SKIP_WITHOUT_DATABASE } from '../../examples/postgres/test-database.js';

const database = postgresTestDatabase('store');

if (database === undefined) {
  describe.skip(`PostgreSQL store (examples/postgres) — ${SKIP_WITHOUT_DATABASE}`, () => {
    it('passes every Store and AuditLog contract with two pools on one database', () => undefined);
  });
} else {
  const { schema } = database;
  // Two pools onto one database play two app instances; each test starts from empty tables.
  const pools = [database.pool(), database.pool()] as const;
  const open = (index: 0 | 1, clock: VirtualClock): Promise<PostgresStore> => openPostgresStore({ pool: pools[index], schema, clock, migrate: false });

  beforeAll(async () => {
    await (await openPostgresStore({ pool: pools[0], schema })).close();
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  const descriptor: ContractDescriptor = {
    setup: async () => {
      await database.truncate();
      const clock = createVirtualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
      return { store: await open(0, clock), second: await open(1, clock), clock };
    },
    inspect: (fixture, kind, id) => (fixture.second as PostgresStore).readRaw(kind, id),
  };
  storeContract(descriptor);
}

describe('openPostgresStore options', () => {
  it('refuses options without a database, with both, or with a schema name that is not a plain identifier, naming the option', async () => {
    await expect(openPostgresStore({})).rejects.toMatchObject({ code: 'INVALID_CONFIG', field: 'connectionString' });
    const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/none' });
    await expect(openPostgresStore({ pool, connectionString: 'postgres://127.0.0.1:1/none' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(openPostgresStore({ pool, schema: 'public; DROP TABLE x' })).rejects.toMatchObject({ code: 'INVALID_CONFIG', field: 'schema' });
    await pool.end();
  });

  it('reports an unreachable database as a retryable STORAGE_UNAVAILABLE error, not a driver error', async () => {
    await expect(openPostgresStore({ connectionString: 'postgres://switchboard@127.0.0.1:1/none' }))
      .rejects.toMatchObject({ name: 'SwitchboardError', code: 'STORAGE_UNAVAILABLE', retryable: true, remedy: 'retry_later' });
  });
});
