import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresLedger } from '../../../examples/postgres/postgres-ledger.js';
import { openPostgresStore } from '../../../examples/postgres/postgres-store.js';
import { postgresTestDatabase } from '../../../examples/postgres/test-database.js';
import { openSqliteLedger } from '../../../examples/sqlite/sqlite-ledger.js';
import { openSqliteStore } from '../../../examples/sqlite/sqlite-store.js';
import type { Clock } from '../../../src/core/clock.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import { createMemoryLedger, createMemoryLedgerState } from '../../../src/ledger/memory.js';
import type { AutoRechargeOptions, CreditsLedger } from '../../../src/ledger/types.js';
import { createMemoryStore } from '../../../src/ports/memory/store.js';
import type { Store } from '../../../src/ports/store.js';

/** Storage for n app instances: one store handle and one ledger handle per instance over shared data. */
export interface Backend {
  readonly name: string;
  readonly stores: readonly Store[];
  readonly ledgers: readonly CreditsLedger[];
  close(): Promise<void>;
}

export interface BackendOptions {
  clock: Clock;
  instances: number;
  autoRecharge?: AutoRechargeOptions;
}

export type BackendFactory = (options: BackendOptions) => Promise<Backend>;

const recharge = (o: BackendOptions): { autoRecharge?: AutoRechargeOptions } => (o.autoRecharge === undefined ? {} : { autoRecharge: o.autoRecharge });

/** The memory store and ledger: one state, several handles. */
export const memoryBackend: BackendFactory = (options) => {
  const store = createMemoryStore({ clock: options.clock });
  const state = createMemoryLedgerState();
  const ledgers = Array.from({ length: options.instances }, () => createMemoryLedger({ state, clock: options.clock, ...recharge(options) }));
  return Promise.resolve({
    name: 'memory',
    stores: Array.from({ length: options.instances }, () => store),
    ledgers,
    close: async () => { await Promise.all(ledgers.map((l) => l.whenIdle())); },
  });
};

/** The SQLite example: every instance opens its own connections onto one database file. */
export function sqliteBackend(path?: string): BackendFactory {
  return (options) => {
    const dir = path === undefined ? mkdtempSync(join(tmpdir(), 'switchboard-reliability-')) : undefined;
    const file = path ?? join(dir ?? '', 'switchboard.db');
    const stores = Array.from({ length: options.instances }, () => openSqliteStore({ path: file, clock: options.clock, ids: createIdGenerator({ clock: options.clock }) }));
    const ledgers = Array.from({ length: options.instances }, () => openSqliteLedger({ path: file, clock: options.clock, ...recharge(options) }));
    return Promise.resolve({
      name: 'sqlite',
      stores,
      ledgers: ledgers.map((l) => l.ledger),
      async close() {
        await Promise.all(ledgers.map((l) => l.ledger.whenIdle()));
        for (const l of ledgers) l.close();
        for (const s of stores) s.close();
        if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      },
    });
  };
}

/** The PostgreSQL example on a throwaway schema; undefined without `DATABASE_URL`. */
export function postgresBackend(): BackendFactory | undefined {
  if (process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '') return undefined;
  return async (options) => {
    const database = postgresTestDatabase('reliability');
    if (database === undefined) throw new Error('DATABASE_URL disappeared');
    const pools = Array.from({ length: options.instances }, () => database.pool());
    const stores: Store[] = [];
    const ledgers: { ledger: CreditsLedger }[] = [];
    for (const [i, pool] of pools.entries()) {
      stores.push(await openPostgresStore({ pool, schema: database.schema, clock: options.clock, migrate: i === 0, ids: createIdGenerator({ clock: options.clock }) }));
      ledgers.push(await openPostgresLedger({ pool, schema: database.schema, clock: options.clock, migrate: i === 0, ...recharge(options) }));
    }
    return {
      name: 'postgres',
      stores,
      ledgers: ledgers.map((l) => l.ledger),
      async close() {
        await Promise.all(ledgers.map((l) => l.ledger.whenIdle()));
        await Promise.all(pools.map((p) => p.end()));
        await database.drop();
      },
    };
  };
}

/** The backends to run a two-instance scenario on: memory, SQLite, and PostgreSQL when configured. */
export function sharedBackends(): { name: string; factory: BackendFactory }[] {
  const pg = postgresBackend();
  return [
    { name: 'memory', factory: memoryBackend },
    { name: 'sqlite', factory: sqliteBackend() },
    ...(pg === undefined ? [] : [{ name: 'postgres', factory: pg }]),
  ];
}
