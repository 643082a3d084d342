/**
 * Smoke check of the benchmark harness: `bench/index.ts --quick --json` runs every row file and
 * each line either carries a finite figure or says why it has none. Quick-mode figures are
 * meaningless by design, so nothing here looks at speed.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const run = promisify(execFile);

interface Line {
  row: string;
  name: string;
  unit: string;
  status: 'measured' | 'not_measured' | 'failed';
  value: number | null;
  reference: { name: string; value: number | null } | null;
  ratio: number | null;
  note: string;
}

async function bench(...args: string[]): Promise<{ machine: Record<string, unknown>; results: Line[] }> {
  const { stdout } = await run(tsx, ['bench/index.ts', '--quick', '--json', ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 170_000 });
  return JSON.parse(stdout) as { machine: Record<string, unknown>; results: Line[] };
}

describe('benchmark harness (quick mode, smoke only)', () => {
  it('runs every row file, and every line has a finite figure or an explanation', { timeout: 180_000 }, async () => {
    const { machine, results } = await bench();
    expect(machine.mode).toBe('quick');

    const rowFiles = readdirSync(new URL('../bench/rows/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    expect(new Set(results.map((r) => r.row)).size).toBe(rowFiles.length);

    for (const line of results) {
      expect(line.status, `${line.name}: ${line.note}`).not.toBe('failed');
      expect(line.name.length).toBeGreaterThan(0);
      expect(line.unit.length).toBeGreaterThan(0);
      if (line.status === 'measured') {
        expect(Number.isFinite(line.value), line.name).toBe(true);
        // A reference is either measured (finite) or explained in the note.
        if (line.reference !== null && line.reference.value === null) expect(line.note).not.toBe('');
      } else {
        expect(line.value).toBeNull();
        expect(line.note, line.name).toMatch(/\S/);
      }
      if (line.ratio !== null) expect(Number.isFinite(line.ratio), line.name).toBe(true);
    }
  });

  it('--only selects rows by id prefix', { timeout: 60_000 }, async () => {
    const { results } = await bench('--only', 'facade-');
    expect(new Set(results.map((r) => r.row))).toEqual(new Set(['facade-ingest', 'facade-send']));
  });
});
