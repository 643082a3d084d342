import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { SqliteLedger } from '../../examples/sqlite/sqlite-ledger.js';
import { openSqliteLedger } from '../../examples/sqlite/sqlite-ledger.js';
import type { CreditsLedger } from '../../src/ledger/index.js';
import { ledgerContract } from '../../src/testing/ledger.js';

// Two connections to one database file play two app instances.
const root = mkdtempSync(join(tmpdir(), 'switchboard-ledger-'));
const opened = new WeakMap<CreditsLedger, SqliteLedger>();
let files = 0;

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

ledgerContract({
  name: 'SQLite ledger (examples/sqlite, node:sqlite) passes the CreditsLedger contract',
  setup: ({ clock, autoRecharge }) => {
    files += 1;
    const path = join(root, `ledger-${files}.db`);
    const options = { path, clock, ...(autoRecharge === undefined ? {} : { autoRecharge }) };
    const first = openSqliteLedger(options);
    const second = openSqliteLedger(options);
    opened.set(first.ledger, first);
    return Promise.resolve({
      ledger: first.ledger,
      second: second.ledger,
      teardown: () => {
        first.close();
        second.close();
      },
    });
  },
  inspect: ({ ledger }, account) => {
    const db = opened.get(ledger)?.database;
    if (db === undefined) throw new Error('unknown harness');
    const row = db.prepare('SELECT posted, held FROM ledger_accounts WHERE account = ?').get(account);
    return Promise.resolve({ posted: Number(row?.posted ?? 0), held: Number(row?.held ?? 0) });
  },
});
