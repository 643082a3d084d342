/**
 * Closed-loop load: `concurrency` workers, each starting its next request as soon as the
 * previous one answered, until `total` requests are done. Cases are compared in interleaved
 * rounds like the in-process micro-benchmarks.
 */
import { median } from './measure.js';

export interface LoadCase {
  name: string;
  /** One request; `i` is a sequence number (unique within the process) for ids and recipients. */
  request: (i: number) => Promise<void>;
}

export interface LoadSample {
  perSecond: number;
  /** CPU time (user + system) of this process per request, in microseconds. */
  cpuMicrosPerRequest: number;
  failures: number;
  firstFailure?: string;
}

export interface LoadResult {
  name: string;
  perSecond: number;
  cpuMicrosPerRequest: number;
  failures: number;
  firstFailure?: string;
  samples: number[];
}

let sequence = 0;

export async function closedLoop(request: (i: number) => Promise<void>, total: number, concurrency: number): Promise<LoadSample> {
  let started = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const worker = async (): Promise<void> => {
    while (started < total) {
      started++;
      try {
        await request(sequence++);
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    perSecond: (total / elapsedMs) * 1000,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / total,
    failures,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}

/** Warms every case up once, then runs `rounds` interleaved rounds of `total` requests each. */
export async function compareLoad(cases: readonly LoadCase[], options: { warmup: number; total: number; rounds: number; concurrency: number }): Promise<LoadResult[]> {
  for (const kase of cases) await closedLoop(kase.request, options.warmup, options.concurrency);
  const samples = new Map<LoadCase, LoadSample[]>(cases.map((kase) => [kase, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const kase = cases[(i + round) % cases.length];
      if (kase === undefined) continue;
      samples.get(kase)?.push(await closedLoop(kase.request, options.total, options.concurrency));
    }
  }
  return cases.map((kase) => {
    const list = samples.get(kase) ?? [];
    const failure = list.find((s) => s.firstFailure !== undefined)?.firstFailure;
    return {
      name: kase.name,
      perSecond: median(list.map((s) => s.perSecond)),
      cpuMicrosPerRequest: median(list.map((s) => s.cpuMicrosPerRequest)),
      failures: list.reduce((sum, s) => sum + s.failures, 0),
      ...(failure === undefined ? {} : { firstFailure: failure }),
      samples: list.map((s) => s.perSecond),
    };
  });
}

/** Median over rounds of a's rate / b's rate. */
export function loadRatio(a: LoadResult, b: LoadResult): number {
  return median(a.samples.map((value, i) => value / (b.samples[i] ?? Number.NaN)));
}
