/**
 * Pre-built webhook bodies with distinct provider ids, so that a timed case spends no time
 * building and signing them and dedupe never short-circuits the pipeline. A pool is sized from a
 * short sizing pass; should a case outrun it, further bodies are built inside the timed loop and
 * counted (`overflow`), which the row's note reports.
 */
export interface WebhookPool<T> {
  next(): T;
  /** Bodies built on demand after the pool ran out. */
  readonly overflow: number;
}

export function createWebhookPool<T>(size: number, make: (i: number) => T): WebhookPool<T> {
  const items: (T | undefined)[] = Array.from({ length: size }, (_, i) => make(i));
  let taken = 0;
  let overflow = 0;
  return {
    next() {
      const item = items[taken];
      if (item !== undefined) {
        // Release each body once used, so the pool does not pin them.
        items[taken++] = undefined;
        return item;
      }
      overflow++;
      return make(taken++);
    },
    get overflow() {
      return overflow;
    },
  };
}

/** Pool size for a case measured at `opsPerSecond` during the sizing pass: twice what the full measurement needs. */
export function poolSizeFor(opsPerSecond: number, measuringMs: number): number {
  return Math.ceil((opsPerSecond * measuringMs * 2) / 1000) + 500;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
