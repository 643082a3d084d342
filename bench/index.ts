/**
 * `npm run bench`: runs every row file in bench/rows (sorted by file name) and prints one table.
 *
 *   npm run bench                       full budgets (a few minutes)
 *   npm run bench -- --quick            tiny budgets: a smoke check, the figures mean nothing
 *   npm run bench -- --json             machine-readable output on stdout
 *   npm run bench -- --only render,lint only rows whose id starts with one of these
 *
 * See bench/README.md for how to read the table.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { FULL_BUDGET, QUICK_BUDGET, failed } from './lib/result.js';
import type { BenchResult, BenchRow } from './lib/result.js';
import { watchForeignLoad } from './lib/noise.js';
import { renderTable } from './lib/table.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const budget = values.quick ? QUICK_BUDGET : FULL_BUDGET;
const only = values.only?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [];
const progress = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

function isBenchRow(value: unknown): value is BenchRow {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' && typeof (value as { run?: unknown }).run === 'function';
}

async function loadRows(): Promise<BenchRow[]> {
  const dir = new URL('./rows/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const rows: BenchRow[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, dir).href)) as { default?: unknown };
    if (!isBenchRow(module.default)) throw new Error(`bench/rows/${file} must export default a BenchRow ({ id, run })`);
    rows.push(module.default);
  }
  return rows;
}

const machine = {
  node: process.version,
  v8: process.versions.v8,
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  platform: `${os.platform()} ${os.release()}`,
  mode: budget.quick ? 'quick' : 'full',
};

const rows = (await loadRows()).filter((row) => only.length === 0 || only.some((prefix) => row.id.startsWith(prefix)));
if (rows.length === 0) {
  progress(`no row matches --only ${values.only ?? ''}`);
  process.exitCode = 2;
}
type Line = BenchResult & { row: string; foreignCores: number | null };
const results: Line[] = [];
const noise: { row: string; foreignCores: number | null }[] = [];
for (const row of rows) {
  progress(`${row.id}…`);
  const started = performance.now();
  const foreignLoad = watchForeignLoad();
  let lines: BenchResult[];
  try {
    lines = await row.run({ budget, progress });
  } catch (error) {
    lines = [failed(row.id, error)];
    progress(`${row.id} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
  const foreignCores = row.timed === false ? null : foreignLoad();
  if (row.timed !== false) noise.push({ row: row.id, foreignCores });
  results.push(...lines.map((line) => ({ ...line, row: row.id, foreignCores })));
  const load = foreignCores === null ? '' : `; other processes used ${foreignCores.toFixed(2)} cores meanwhile`;
  progress(`${row.id} done in ${((performance.now() - started) / 1000).toFixed(1)} s${load}`);
}

if (values.json) {
  process.stdout.write(`${JSON.stringify({ machine, results }, null, 2)}\n`);
} else {
  process.stdout.write(`Switchboard benchmarks — ${machine.mode} mode, Node ${machine.node}, ${machine.cpus} CPU(s): ${machine.cpuModel}\n\n`);
  process.stdout.write(`${renderTable(results)}\n\n`);
  process.stdout.write('ratio = value / reference, measured in the same run; ↑ higher is better, ↓ lower is better. See bench/README.md.\n');
  const busy = noise.filter((n) => n.foreignCores !== null && n.foreignCores >= 0.3);
  if (busy.length > 0) {
    process.stdout.write(`Noisy: other processes used CPU during ${busy.map((n) => `${n.row} (${(n.foreignCores ?? 0).toFixed(2)} cores)`).join(', ')}; re-run those rows on a quiet machine.\n`);
  }
  if (budget.quick) process.stdout.write('Quick mode: budgets are tiny, the figures are a smoke check and mean nothing.\n');
}
