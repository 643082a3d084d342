// One "app instance" in its own thread for the SQLite ledger thread test: opens the shared
// database file, waits for the start signal, then reserves as fast as it can.
import { parentPort, workerData } from 'node:worker_threads';
import { hasErrorCode } from '../../../src/core/errors.js';
import { openSqliteLedger } from '../../../examples/sqlite/sqlite-ledger.js';

interface Job { path: string; name: string; count: number; amount: number; start: SharedArrayBuffer }

const job = workerData as Job;
const { ledger, close } = openSqliteLedger({ path: job.path });
parentPort?.postMessage({ ready: true });
Atomics.wait(new Int32Array(job.start), 0, 0);
let won = 0;
let refused = 0;
for (let i = 0; i < job.count; i++) {
  try {
    await ledger.reserve({ id: `${job.name}-${i}`, account: 'acct', amount: job.amount, expiresAt: Date.now() + 3_600_000, reason: 'thread test' });
    won += 1;
  } catch (error) {
    if (!hasErrorCode(error, 'INSUFFICIENT_CREDITS')) throw error;
    refused += 1;
  }
}
close();
parentPort?.postMessage({ won, refused });
