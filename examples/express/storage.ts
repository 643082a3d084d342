// The store and the credits ledger for the configured `STORAGE`: in memory (nothing survives a
// restart), one SQLite file, or PostgreSQL. Both databases come from the repository's storage
// examples, which pass the same port contracts as the memory store.
import pg from 'pg';
import { openPostgresLedger } from '../postgres/postgres-ledger.js';
import { openPostgresStore } from '../postgres/postgres-store.js';
import { openSqliteLedger } from '../sqlite/sqlite-ledger.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import type { StorageConfig } from './config.js';
import { describeError } from './errors.js';
import { createMemoryLedger, createMemoryStore } from './switchboard.js';
import type { CreditsLedger, Logger, Store } from './switchboard.js';

export interface Storage {
  store: Store;
  ledger: CreditsLedger;
  /** Waits for background ledger work (auto-recharge), then closes the connections. */
  close(): Promise<void>;
}

/** Opens (and migrates) the configured storage. */
export async function openStorage(config: StorageConfig, logger: Logger): Promise<Storage> {
  switch (config.kind) {
    case 'memory': {
      const ledger = createMemoryLedger();
      return { store: createMemoryStore({ logger }), ledger, close: () => ledger.whenIdle() };
    }
    case 'sqlite': {
      // One file holds both: the store's tables and the ledger's `ledger_*` tables, each on its
      // own connection (WAL mode lets them, and other app instances, share the file).
      const store = openSqliteStore({ path: config.path });
      const credits = openSqliteLedger({ path: config.path });
      return {
        store,
        ledger: credits.ledger,
        close: async () => {
          await credits.ledger.whenIdle();
          credits.close();
          store.close();
        },
      };
    }
    case 'postgres': {
      // One pool for both; each creates its tables in `schema` if they are missing.
      const pool = new pg.Pool({ connectionString: config.url });
      pool.on('error', (error) => { logger.warn({ err: describeError(error) }, 'An idle PostgreSQL connection failed; the pool replaces it'); });
      try {
        const store = await openPostgresStore({ pool, schema: config.schema });
        const credits = await openPostgresLedger({ pool, schema: config.schema });
        return {
          store,
          ledger: credits.ledger,
          close: async () => {
            await credits.ledger.whenIdle();
            await pool.end();
          },
        };
      } catch (error) {
        await pool.end();
        throw error;
      }
    }
  }
}
