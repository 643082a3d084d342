import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Pool } from 'pg';

/** Why the PostgreSQL contract suites are skipped when no database is configured. */
export const SKIP_WITHOUT_DATABASE =
  'skipped: DATABASE_URL is not set (source .ci/postgres.sh to start a throwaway PostgreSQL and set it)';

/** A throwaway schema in the database `DATABASE_URL` names, for one test file. */
export interface TestSchema {
  readonly schema: string;
  /** A new pool onto the database (one per simulated app instance); end it after the tests. */
  pool(max?: number): Pool;
  /** Empties every table of the schema, so each test starts from empty storage. */
  truncate(): Promise<void>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * A uniquely named schema per test file and run, so parallel test files (and parallel CI jobs on
 * one database) never see each other's rows; undefined when `DATABASE_URL` is not set.
 */
export function postgresTestDatabase(label: string, url = process.env.DATABASE_URL): TestSchema | undefined {
  if (url === undefined || url === '') return undefined;
  const schema = `sb_test_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const open = (max: number): Pool => {
    const pool = new pg.Pool({ connectionString: url, max });
    pool.on('error', () => {
      // An idle connection died (e.g. the server restarted); the pool replaces it.
    });
    return pool;
  };
  const once = async (sql: string): Promise<void> => {
    const pool = open(1);
    try {
      await pool.query(sql);
    } finally {
      await pool.end();
    }
  };
  let admin: Pool | undefined;
  return {
    schema,
    pool: (max = 10) => open(max),
    async truncate() {
      admin ??= open(1);
      const { rows } = await admin.query<{ tables: string | null }>(
        `SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') AS tables FROM pg_tables WHERE schemaname = $1`,
        [schema],
      );
      const tables = rows[0]?.tables ?? null;
      if (tables !== null) await admin.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
    },
    async drop() {
      await admin?.end();
      admin = undefined;
      await once(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
