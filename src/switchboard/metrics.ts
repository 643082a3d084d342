import type { Clock } from '../core/clock.js';
import { MINUTE } from '../core/clock.js';

/** Counts per channel over the metrics window, as a rate. */
export type PerChannelRate = Readonly<Record<string, number>>;

/** A distribution summary over the metrics window. */
export interface LatencySummary {
  /** Observations in the window. */
  count: number;
  /** Median, ms (0 when there were none). */
  p50: number;
  /** 95th percentile, ms (0 when there were none). */
  p95: number;
}

/**
 * A health snapshot of this Switchboard instance (F24), from the last `windowMs` of its clock.
 * Metrics are kept in memory per instance; add them up across instances in your monitoring.
 */
export interface SwitchboardMetrics {
  /** When the snapshot was taken (clock time). */
  at: number;
  windowMs: number;
  /** Messages per minute, per channel: customer messages stored, and sends accepted by the provider. */
  messagesPerMinute: { inbound: PerChannelRate; outbound: PerChannelRate };
  /** Send attempts in the window and how many failed (any provider error, retried or not). */
  sends: { attempts: number; failures: number };
  /** `failures / attempts` in the window; 0 without attempts. */
  sendErrorRate: number;
  /** Webhook requests: how long `handleWebhook` took, and how many were refused or failed. */
  webhooks: LatencySummary & { rejected: number; failed: number };
  /** Time from a customer's first message in a dialog to the business's first reply. */
  firstResponseMs: LatencySummary;
  /** Jobs this instance dead-lettered since it started, minus those it requeued. */
  deadLetters: number;
}

interface Sample {
  at: number;
  value: number;
}

/** Records observations in sliding windows on the clock; cheap enough for the hot path. */
export class MetricsRecorder {
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #inbound = new Map<string, number[]>();
  readonly #outbound = new Map<string, number[]>();
  readonly #attempts: number[] = [];
  readonly #failures: number[] = [];
  readonly #webhooks: Sample[] = [];
  readonly #rejected: number[] = [];
  readonly #failed: number[] = [];
  readonly #firstResponse: Sample[] = [];
  #deadLetters = 0;
  #recorded = 0;

  constructor(clock: Clock, windowMs: number) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  inbound(channel: string): void { push(this.#inbound, channel, this.#tick()); }
  outbound(channel: string): void { push(this.#outbound, channel, this.#tick()); }
  sendAttempt(failed: boolean): void {
    const now = this.#tick();
    this.#attempts.push(now);
    if (failed) this.#failures.push(now);
  }
  webhook(durationMs: number, outcome: 'ok' | 'rejected' | 'failed'): void {
    const now = this.#tick();
    this.#webhooks.push({ at: now, value: durationMs });
    if (outcome === 'rejected') this.#rejected.push(now);
    if (outcome === 'failed') this.#failed.push(now);
  }
  firstResponse(durationMs: number): void { this.#firstResponse.push({ at: this.#tick(), value: durationMs }); }

  /** Observations currently held (all series); bounded by the window whether or not anyone reads a snapshot. */
  retained(): number {
    let total = this.#attempts.length + this.#failures.length + this.#webhooks.length + this.#rejected.length + this.#failed.length + this.#firstResponse.length;
    for (const list of this.#inbound.values()) total += list.length;
    for (const list of this.#outbound.values()) total += list.length;
    return total;
  }

  /** The time of a new observation; every 1,024 observations, drops what has left the window (amortized O(1)). */
  #tick(): number {
    const now = this.#clock.now();
    if (++this.#recorded % 1_024 === 0) this.#pruneAll(now - this.#windowMs);
    return now;
  }

  #pruneAll(since: number): void {
    for (const list of this.#inbound.values()) prune(list, since);
    for (const list of this.#outbound.values()) prune(list, since);
    prune(this.#attempts, since);
    prune(this.#failures, since);
    pruneSamples(this.#webhooks, since);
    prune(this.#rejected, since);
    prune(this.#failed, since);
    pruneSamples(this.#firstResponse, since);
  }
  deadLettered(delta: 1 | -1): void { this.#deadLetters = Math.max(0, this.#deadLetters + delta); }

  snapshot(): SwitchboardMetrics {
    const now = this.#clock.now();
    const since = now - this.#windowMs;
    const perMinute = this.#windowMs / MINUTE;
    const rate = (map: Map<string, number[]>): Record<string, number> =>
      Object.fromEntries([...map].map(([channel, times]) => [channel, round(prune(times, since).length / perMinute)]));
    const attempts = prune(this.#attempts, since).length;
    const failures = prune(this.#failures, since).length;
    return {
      at: now,
      windowMs: this.#windowMs,
      messagesPerMinute: { inbound: rate(this.#inbound), outbound: rate(this.#outbound) },
      sends: { attempts, failures },
      sendErrorRate: attempts === 0 ? 0 : round(failures / attempts),
      webhooks: { ...summarize(pruneSamples(this.#webhooks, since)), rejected: prune(this.#rejected, since).length, failed: prune(this.#failed, since).length },
      firstResponseMs: summarize(pruneSamples(this.#firstResponse, since)),
      deadLetters: this.#deadLetters,
    };
  }
}

function push(map: Map<string, number[]>, key: string, at: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [at]);
  else list.push(at);
}

/** Drops entries older than `since` in place (they are appended in time order) and returns the list. */
function prune(times: number[], since: number): number[] {
  let drop = 0;
  while (drop < times.length && (times[drop] ?? 0) < since) drop++;
  if (drop > 0) times.splice(0, drop);
  return times;
}

function pruneSamples(samples: Sample[], since: number): Sample[] {
  let drop = 0;
  while (drop < samples.length && (samples[drop]?.at ?? 0) < since) drop++;
  if (drop > 0) samples.splice(0, drop);
  return samples;
}

function summarize(samples: readonly Sample[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: 0, p95: 0 };
  const sorted = samples.map((s) => s.value).sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
