import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresLedger } from '../../examples/postgres/postgres-ledger.js';
import type { PostgresLedger } from '../../examples/postgres/postgres-ledger.js';
import { postgresTestDatabase, SKIP_WITHOUT_DATABASE } from '../../examples/postgres/test-database.js';
import { createVirtualClock } from '../../src/core/clock.js';
import type { CreditsLedger } from '../../src/ledger/index.js';
import { ledgerContract } from '../../src/testing/ledger.js';

const database = postgresTestDatabase('ledger');

if (database === undefined) {
  describe.skip(`PostgreSQL ledger (examples/postgres) — ${SKIP_WITHOUT_DATABASE}`, () => {
    it('passes the CreditsLedger contract with two instances on one database', () => undefined);
  });
} else {
  const { schema } = database;
  // Two pools onto one database play two app instances; each case starts from empty tables.
  const pools = [database.pool(), database.pool()] as const;
  const opened = new WeakMap<CreditsLedger, PostgresLedger>();

  beforeAll(async () => {
    await (await openPostgresLedger({ pool: pools[0], schema })).close();
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  ledgerContract({
    name: 'PostgreSQL ledger (examples/postgres, pg) passes the CreditsLedger contract',
    setup: async ({ clock, autoRecharge }) => {
      await database.truncate();
      const options = { schema, clock, migrate: false, ...(autoRecharge === undefined ? {} : { autoRecharge }) };
      const first = await openPostgresLedger({ ...options, pool: pools[0] });
      const second = await openPostgresLedger({ ...options, pool: pools[1] });
      opened.set(first.ledger, first);
      return { ledger: first.ledger, second: second.ledger };
    },
    inspect: async ({ ledger }, account) => {
      const pool = opened.get(ledger)?.pool;
      if (pool === undefined) throw new Error('unknown harness');
      const { rows } = await pool.query<{ posted: string; held: string }>(`SELECT posted, held FROM "${schema}".ledger_accounts WHERE account = $1`, [account]);
      return { posted: Number(rows[0]?.posted ?? 0), held: Number(rows[0]?.held ?? 0) };
    },
  });

  describe('PostgreSQL ledger (examples/postgres) beyond the contract', () => {
    it('one operation id raced on two accounts from two instances makes one hold; the other call is an IDEMPOTENCY_CONFLICT', async () => {
      await database.truncate();
      const clock = createVirtualClock(Date.UTC(2026, 0, 1));
      const [a, b] = [await openPostgresLedger({ pool: pools[0], schema, clock, migrate: false }), await openPostgresLedger({ pool: pools[1], schema, clock, migrate: false })];
      await a.ledger.topUp({ id: 'ta', account: 'acct-a', amount: 100, source: 's' });
      await a.ledger.topUp({ id: 'tb', account: 'acct-b', amount: 100, source: 's' });
      for (let round = 0; round < 10; round += 1) {
        const id = `m${round}`;
        const expiresAt = clock.now() + 60_000;
        const results = await Promise.allSettled([
          a.ledger.reserve({ id, account: 'acct-a', amount: 1, expiresAt, reason: 'r' }),
          b.ledger.reserve({ id, account: 'acct-b', amount: 1, expiresAt, reason: 'r' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'account' });
      }
      const held = (await a.ledger.balance('acct-a')).held + (await b.ledger.balance('acct-b')).held;
      expect(held).toBe(10);
    });


    it('refuse to change or delete journal entries, whatever the application does', async () => {
      await database.truncate();
      const { ledger } = await openPostgresLedger({ pool: pools[0], schema, migrate: false });
      await ledger.topUp({ id: 't1', account: 'acct-a', amount: 10, source: 'test' });
      await expect(pools[0].query(`UPDATE "${schema}".ledger_entries SET amount = 1000`)).rejects.toThrow(/append-only/);
      await expect(pools[0].query(`DELETE FROM "${schema}".ledger_entries`)).rejects.toThrow(/append-only/);
      expect((await ledger.entries('acct-a')).entries).toMatchObject([{ kind: 'top_up', amount: 10 }]);
    });

    it('refuse a negative balance or more held than posted, even from hand-written SQL', async () => {
      await database.truncate();
      await expect(pools[0].query(`INSERT INTO "${schema}".ledger_accounts (account, posted, held, recharge_seq) VALUES ('x', 5, 6, 0)`)).rejects.toThrow(/check constraint/);
    });
  });
}

describe('openPostgresLedger options', () => {
  it('refuses options without a database or with a bad auto-recharge, naming the option', async () => {
    await expect(openPostgresLedger({})).rejects.toMatchObject({ code: 'INVALID_CONFIG', field: 'connectionString' });
    await expect(openPostgresLedger({ connectionString: 'postgres://127.0.0.1:1/none', autoRecharge: { below: -1, topUp: 5, pay: () => Promise.resolve() } }))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', field: 'autoRecharge.below' });
  });
});
