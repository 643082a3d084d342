/**
 * In-process throughput: cases measured side by side in interleaved rounds (the order rotates
 * each round), so that machine noise hits every case alike. A figure is the median over rounds;
 * a ratio is the median of the per-round ratios.
 */
import type { Budget } from './result.js';

/** One operation. It returns a number that is accumulated, so the work cannot be optimised away. */
export type Operation = (() => number) | (() => Promise<number>);

export interface Case {
  name: string;
  /** `async` operations are awaited one after another (no concurrency). */
  kind: 'sync' | 'async';
  op: Operation;
}

export interface CaseResult {
  name: string;
  /** Median operations per second over the rounds. */
  opsPerSecond: number;
  /** Operations per second of each round, in round order. */
  samples: number[];
  /**
   * Median CPU time per operation in microseconds, all threads of this process (so work an
   * operation hands to the libuv thread pool, such as WebCrypto, counts). Less sensitive to
   * other processes than operations per second.
   */
  cpuMicrosPerOp: number;
}

let sink = 0;
/** Read by nothing; keeps results alive. */
export function consumed(): number {
  return sink;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median over rounds of `samples(a)[i] / samples(b)[i]`. */
export function medianRatio(a: CaseResult, b: CaseResult): number {
  return median(a.samples.map((value, i) => value / (b.samples[i] ?? Number.NaN)));
}

// Operations run in batches between clock reads; a batch lasts about this long.
const BATCH_MS = 1;

async function runFor(kase: Case, ms: number, batch: number): Promise<{ ops: number; elapsedMs: number; cpuMicros: number }> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + ms;
  let ops = 0;
  let now: number;
  if (kase.kind === 'sync') {
    const op = kase.op as () => number;
    do {
      for (let i = 0; i < batch; i++) sink += op();
      ops += batch;
      now = performance.now();
    } while (now < deadline);
  } else {
    const op = kase.op as () => Promise<number>;
    do {
      for (let i = 0; i < batch; i++) sink += await op();
      ops += batch;
      now = performance.now();
    } while (now < deadline);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { ops, elapsedMs: now - start, cpuMicros: cpu.user + cpu.system };
}

/** Warms each case up, sizes its batch, then measures `budget.rounds` interleaved samples. */
export async function compareThroughput(cases: readonly Case[], budget: Budget): Promise<CaseResult[]> {
  const batches = new Map<Case, number>();
  for (const kase of cases) {
    const warm = await runFor(kase, budget.warmupMs, 1);
    batches.set(kase, Math.max(1, Math.round((warm.ops / warm.elapsedMs) * BATCH_MS)));
  }
  const samples = new Map<Case, number[]>(cases.map((kase) => [kase, []]));
  const cpu = new Map<Case, number[]>(cases.map((kase) => [kase, []]));
  for (let round = 0; round < budget.rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const kase = cases[(i + round) % cases.length];
      if (kase === undefined) continue;
      const { ops, elapsedMs, cpuMicros } = await runFor(kase, budget.sampleMs, batches.get(kase) ?? 1);
      samples.get(kase)?.push((ops / elapsedMs) * 1000);
      cpu.get(kase)?.push(cpuMicros / ops);
    }
  }
  return cases.map((kase) => {
    const values = samples.get(kase) ?? [];
    return { name: kase.name, opsPerSecond: median(values), samples: values, cpuMicrosPerOp: median(cpu.get(kase) ?? []) };
  });
}
