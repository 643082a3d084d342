import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openSqliteLedger } from '../../examples/sqlite/sqlite-ledger.js';
import { allEntries, replayJournal } from '../../src/testing/ledger.js';

// Two connections in one thread can never interleave inside a synchronous transaction; two
// threads can. This is the SQLite ledger under real parallel writers: BEGIN IMMEDIATE takes the
// write lock before the balance is read, and busy_timeout makes the loser wait for it. (Without
// the transaction — each statement on its own — about 1750 of the 2000 succeed here.)
interface Job { path: string; name: string; count: number; amount: number; start: SharedArrayBuffer }
interface Outcome { won: number; refused: number }

/** Starts a worker; `ready` resolves once it has opened the database, `done` with its tally. */
function startWorker(job: Job): { ready: Promise<void>; done: Promise<Outcome> } {
  const worker = new Worker(new URL('../unit/ledger/sqlite-ledger-worker.ts', import.meta.url), { workerData: job, execArgv: ['--import', 'tsx'] });
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { onReady = resolve; });
  const done = new Promise<Outcome>((resolve, reject) => {
    worker.on('message', (message: { ready?: true } & Partial<Outcome>) => {
      if (message.ready === true) onReady();
      else resolve({ won: message.won ?? 0, refused: message.refused ?? 0 });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`worker exited with ${code}`)); });
  });
  return { ready, done };
}

describe('SQLite ledger with two threads writing one database file', () => {
  it('2 × 1000 reservations of 1 against 1500 from two threads → exactly 1500 succeed and the journal balances', async () => {
    const root = mkdtempSync(join(tmpdir(), 'switchboard-ledger-threads-'));
    const path = join(root, 'ledger.db');
    const { ledger, close } = openSqliteLedger({ path });
    try {
      await ledger.topUp({ id: 'fund', account: 'acct', amount: 1500, source: 'purchase' });
      const start = new SharedArrayBuffer(4);
      const workers = ['a', 'b'].map((name) => startWorker({ path, name, count: 1000, amount: 1, start }));
      await Promise.all(workers.map((w) => w.ready));
      // Release both threads at once so their transactions contend for the write lock.
      Atomics.store(new Int32Array(start), 0, 1);
      Atomics.notify(new Int32Array(start), 0);
      const results = Promise.all(workers.map((w) => w.done));
      const [a, b] = await results;
      expect((a?.won ?? 0) + (b?.won ?? 0)).toBe(1500);
      expect((a?.refused ?? 0) + (b?.refused ?? 0)).toBe(500);
      const balance = await ledger.balance('acct');
      expect(balance).toEqual({ account: 'acct', available: 0, held: 1500, posted: 1500 });
      expect(replayJournal(await allEntries(ledger, 'acct'))).toEqual({ posted: 1500, held: 1500, available: 0 });
    } finally {
      close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
