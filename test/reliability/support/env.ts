/**
 * How long the reliability suite runs. The short form (inside `npm test`) runs one seed;
 * `RELIABILITY_RUNS=<n>` runs n seeds (and scales the fault-injection volume by n), starting at
 * `RELIABILITY_SEED` (default below). A failure names its seed: rerun with that seed and
 * `RELIABILITY_RUNS=1` to replay it exactly.
 */
function positiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`Expected a positive integer, got "${value}"`);
  return parsed;
}

export const RUNS = positiveInt(process.env.RELIABILITY_RUNS, 1);
export const BASE_SEED = positiveInt(process.env.RELIABILITY_SEED, 20_261_121);
/** True for a long run (more than one seed): tests may use bigger volumes. */
export const LONG_RUN = RUNS > 1;

/** The seeds of this run: `BASE_SEED`, `BASE_SEED + 1`, ... */
export function seeds(count = RUNS): number[] {
  return Array.from({ length: count }, (_, i) => BASE_SEED + i);
}

/** A small deterministic PRNG (mulberry32) for test-side choices. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
