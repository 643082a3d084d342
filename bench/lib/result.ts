/**
 * What every benchmark row produces: one line of the table. A row file may produce several lines
 * (one per reference it is compared with).
 */

/** Whether a bigger figure is better (throughput) or a smaller one (bytes, errors). */
export type Better = 'higher' | 'lower';

export interface BenchReference {
  /** What the figure is compared with, precise enough to reproduce ("bare fetch, same body"). */
  name: string;
  /** Measured in the same run; `null` when the reference could not be measured (the note says why). */
  value: number | null;
}

export interface BenchResult {
  /** The table line's label, e.g. "WhatsApp webhook: adapter.handleWebhook". */
  name: string;
  /** Unit of `value` and `reference.value`, e.g. "events/s", "bytes". */
  unit: string;
  /** `measured`: `value` is a finite number. `not_measured`: `value` is null and `note` says why. */
  status: 'measured' | 'not_measured' | 'failed';
  value: number | null;
  reference: BenchReference | null;
  /** `value / reference.value`, or null when either is missing. */
  ratio: number | null;
  better: Better;
  /** How it was measured and anything that qualifies the figure. */
  note: string;
}

/** One row file (`bench/rows/*.ts`): a concept measured with its references. */
export interface BenchRow {
  /** Stable id for `--only`, e.g. `webhook-whatsapp`. */
  id: string;
  /** False for rows whose figures do not depend on timing (sizes): no noise warning for them. */
  timed?: boolean;
  run(context: BenchContext): Promise<BenchResult[]>;
}

export interface BenchContext {
  budget: Budget;
  /** Progress messages (stderr), so that `--json` output stays clean. */
  progress(message: string): void;
}

/**
 * How long to measure. `quick` runs in the test suite as a smoke check only: its figures are
 * too short to mean anything.
 */
export interface Budget {
  quick: boolean;
  /** Interleaved rounds for in-process micro-benchmarks; each case gets one sample per round. */
  rounds: number;
  warmupMs: number;
  sampleMs: number;
  /** Send throughput: requests before measuring, requests per sample, rounds. */
  sendWarmup: number;
  sendRequests: number;
  sendRounds: number;
  /** Rate-limit adherence: how long to push a backlog through the limiter. */
  rateLimitSeconds: number;
}

export const FULL_BUDGET: Budget = {
  quick: false, rounds: 7, warmupMs: 300, sampleMs: 400,
  sendWarmup: 2_000, sendRequests: 10_000, sendRounds: 3, rateLimitSeconds: 10,
};

export const QUICK_BUDGET: Budget = {
  quick: true, rounds: 2, warmupMs: 20, sampleMs: 40,
  sendWarmup: 64, sendRequests: 256, sendRounds: 1, rateLimitSeconds: 1,
};

/** A measured line. `ratio` is computed unless given (interleaved rounds give a median of per-round ratios). */
export function measured(line: { name: string; unit: string; value: number; reference: BenchReference | null; better: Better; note: string; ratio?: number | null }): BenchResult {
  const ratio = line.ratio !== undefined ? line.ratio : line.reference?.value == null || line.reference.value === 0 ? null : line.value / line.reference.value;
  return { name: line.name, unit: line.unit, status: 'measured', value: line.value, reference: line.reference, ratio, better: line.better, note: line.note };
}

/** A line that cannot be measured yet or here; `note` must say why. */
export function notMeasured(line: { name: string; unit: string; reference: BenchReference | null; better: Better; note: string }): BenchResult {
  return { name: line.name, unit: line.unit, status: 'not_measured', value: null, reference: line.reference, ratio: null, better: line.better, note: line.note };
}

/** A row file threw: reported, never hidden. */
export function failed(rowId: string, error: unknown): BenchResult {
  const message = error instanceof Error ? error.message : String(error);
  return { name: rowId, unit: '', status: 'failed', value: null, reference: null, ratio: null, better: 'higher', note: `failed: ${message}` };
}
