import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../examples/sqlite/sqlite-store.js';
import { newId } from '../../src/core/ids.js';

const run = promisify(execFile);
const WORKER = join(import.meta.dirname, 'sqlite-race-worker.ts');
const ROUNDS = 400;
const JOBS = 600;

interface WorkerResult { claimed: string[]; contacts: string[]; leased: string[] }

// The in-process contract runs two connections on one thread, so their transactions never overlap.
// Here two operating-system processes race on one file: BEGIN IMMEDIATE, WAL and busy_timeout must
// keep every guarantee when writes really do collide.
describe('two processes on one SQLite file', () => {
  it('never both win a dedupe claim, never create one contact twice and never lease one job twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-race-'));
    const path = join(dir, 'store.db');
    try {
      const setup = openSqliteStore({ path });
      for (let i = 0; i < JOBS; i++) await setup.outbox.enqueue({ messageId: newId('msg'), channel: 'whatsapp', accountId: '1' });
      setup.close();

      const results = await Promise.all(['a', 'b'].map(async (name) => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, path, name, String(ROUNDS)], { cwd: process.cwd() });
        return JSON.parse(stdout) as WorkerResult;
      }));
      const [a, b] = results as [WorkerResult, WorkerResult];

      const claims = [...a.claimed, ...b.claimed];
      expect(claims).toHaveLength(ROUNDS);
      expect(new Set(claims).size).toBe(ROUNDS);

      const idsByPhone = new Map<string, Set<string>>();
      for (const entry of [...a.contacts, ...b.contacts]) {
        const [phone = '', id = ''] = entry.split('=');
        idsByPhone.set(phone, (idsByPhone.get(phone) ?? new Set()).add(id));
      }
      expect([...idsByPhone.values()].every((ids) => ids.size === 1)).toBe(true);

      const leased = [...a.leased, ...b.leased];
      expect(leased).toHaveLength(JOBS);
      expect(new Set(leased).size).toBe(JOBS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
