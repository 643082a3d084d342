/**
 * Memory growth over 1M inbound events through `sb.handleWebhook` (20k in quick mode), each
 * run in its own child process with `--expose-gc` (see `lib/memory-growth-child.ts`). The memory
 * store keeps every message by design; what must stay bounded (the dedupe window: keys expire
 * after their TTL of the clock, which advances through many TTLs during the run) is measured
 * with a store that keeps no messages, and the dedupe port is measured alone. The three runs go
 * side by side (their heaps are separate; their speed is not measured here).
 */
import { fork } from 'node:child_process';
import type { GrowthArgs, GrowthCheckpoint, GrowthReport } from '../lib/memory-growth-child.js';
import { median } from '../lib/measure.js';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';

const BATCH = 10;
const SENDERS = 1_000;

function runChild(args: GrowthArgs): Promise<GrowthReport> {
  const child = fork(new URL('../lib/memory-growth-child.ts', import.meta.url), [JSON.stringify(args)], {
    execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<GrowthReport>((resolve, reject) => {
    let settled = false;
    child.once('message', (message) => {
      settled = true;
      const answer = message as { ok: boolean; report?: GrowthReport; error?: string };
      if (answer.ok && answer.report !== undefined) resolve(answer.report);
      else reject(new Error(`memory-growth child (${args.variant}) failed: ${answer.error ?? 'no report'}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`memory-growth child (${args.variant}) exited with code ${String(code)} before reporting`));
    });
  });
}

const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

interface Growth {
  total: number;
  /** Bytes per event over the whole run. */
  perEvent: number;
  /** Bytes per event over the second half (after the first TTLs: the steady state). */
  perEventSecondHalf: number;
  series: string;
}

/** Growth from the checkpoints' heap, after the metrics prune when `afterMetrics` (facade runs). */
function growthOf(report: GrowthReport, afterMetrics: boolean): Growth {
  const heap = (p: GrowthCheckpoint): number => (afterMetrics ? (p.afterMetricsBytes ?? p.heapUsedBytes) : p.heapUsedBytes);
  const points = report.checkpoints;
  const first = points[0];
  const last = points[points.length - 1];
  const middle = points[Math.floor((points.length - 1) / 2)];
  if (first === undefined || last === undefined || middle === undefined || last.events === 0) throw new Error(`the ${report.variant} run recorded no checkpoints`);
  const series = points.map((p) => `${p.events >= 1000 ? `${Math.round(p.events / 1000)}k` : p.events}: ${((heap(p) - heap(first)) / MIB).toFixed(1)}`).join(', ');
  return {
    total: heap(last) - heap(first),
    perEvent: (heap(last) - heap(first)) / last.events,
    perEventSecondHalf: (heap(last) - heap(middle)) / (last.events - middle.events),
    series,
  };
}

/** Bytes per event the metrics recorder held between two checkpoints (median over intervals). */
function metricsHeldPerEvent(report: GrowthReport): number {
  const perEvent: number[] = [];
  for (let i = 1; i < report.checkpoints.length; i++) {
    const point = report.checkpoints[i];
    const previous = report.checkpoints[i - 1];
    if (point?.afterMetricsBytes === undefined || previous === undefined) continue;
    perEvent.push((point.heapUsedBytes - point.afterMetricsBytes) / (point.events - previous.events));
  }
  return median(perEvent);
}

const label = (events: number): string => (events >= 1_000_000 ? `${events / 1_000_000}M` : `${events / 1000}k`);

const row: BenchRow = {
  id: 'memory-growth',
  timed: false, // heap figures, not speed
  async run(context) {
    const { budget } = context;
    // The bounded part needs many TTLs: 1M events, the dedupe TTL (7 days) elapsing 20 times.
    // Stored messages grow linearly by design: a shorter run measures their cost.
    const events = budget.quick ? 20_000 : 1_000_000;
    const storeEvents = budget.quick ? 10_000 : 100_000;
    const eventsPerTtl = events / 20;
    const base = { batch: BATCH, senders: SENDERS, eventsPerTtl, checkpoints: 10 };
    context.progress(`memory-growth: three child processes (${label(storeEvents)} events with the memory store, ${label(events)} without stored messages, ${label(events)} dedupe claims)`);
    const [store, sink, dedupe] = await Promise.all([
      runChild({ ...base, events: storeEvents, variant: 'store' }),
      runChild({ ...base, events, variant: 'sink' }),
      runChild({ ...base, events, variant: 'dedupe' }),
    ]);
    const s = growthOf(store, true);
    const k = growthOf(sink, true);
    const d = growthOf(dedupe, false);
    const metrics = metricsHeldPerEvent(sink);
    const gcNote = sink.gc ? 'heap used after global.gc() (children forked with --expose-gc)' : 'heap used after settling (global.gc unavailable)';
    const how = `inbound WhatsApp text messages through sb.handleWebhook, ${BATCH} per signed webhook, from ${SENDERS} senders (contacts and dialogs created before the baseline), virtual clock advancing one 7-day dedupe TTL per ${eventsPerTtl.toLocaleString('en-US')} events; ${gcNote}, at 10 checkpoints, after sb.metrics() pruned the metrics recorder`;
    return [
      measured({
        name: 'Memory growth: inbound, memory store (keeps every message by design)', unit: 'B/event', better: 'lower', value: s.perEvent, reference: null,
        note: `${storeEvents.toLocaleString('en-US')} ${how}. Heap growth ${mib(s.total)}: each stored message with its indexes (by id, idempotency key, provider id, conversation). Growth in MiB by events: ${s.series}. ${(store.cpuMicros / storeEvents).toFixed(0)} µs CPU per event.`,
      }),
      measured({
        name: `Memory growth: ${label(events)} inbound, facade without stored messages (must stay bounded)`, unit: 'B/event', better: 'lower', value: k.perEventSecondHalf,
        reference: { name: 'bounded: 0 B/event in the steady state', value: 0 },
        note: `${events.toLocaleString('en-US')} ${how}; a store whose messages.append keeps nothing, so only what should be bounded remains (dedupe keys, contacts and dialogs of the ${SENDERS} senders, caches). Figure: second half of the run. The first TTL adds the live dedupe keys (about ${eventsPerTtl.toLocaleString('en-US')}), then the heap should stay flat. Growth in MiB by events: ${k.series}. ${(sink.cpuMicros / events).toFixed(0)} µs CPU per event.`,
      }),
      measured({
        name: 'Memory held by the metrics recorder until sb.metrics() is called', unit: 'B/event', better: 'lower', value: metrics,
        reference: { name: 'bounded by the metrics window (5 min)', value: 0 },
        note: `Heap freed by one sb.metrics() call per checkpoint interval, per event since the previous call (median of intervals, same run). The recorder keeps a timestamp per stored message and a sample per webhook and drops samples older than its window only inside metrics(); nothing else prunes them, so a host that never calls metrics() grows by this much per event without bound (${mib(metrics * 1_000_000)} per million events at ${BATCH} messages per webhook; one-message webhooks add a webhook sample per event on top).`,
      }),
      measured({
        name: `Memory growth: ${label(events)} claims, memory dedupe alone (keys expire after their TTL)`, unit: 'B/event', better: 'lower', value: d.perEventSecondHalf,
        reference: { name: 'bounded: 0 B/event in the steady state', value: 0 },
        note: `store.dedupe.claim with one fresh key per event and the clock advancing one TTL per ${eventsPerTtl.toLocaleString('en-US')} claims, so about that many keys are live at any time; expired keys are swept every 1,024 claims. Figure: second half of the run. Growth in MiB by claims: ${d.series} (the plateau is the live keys, about ${((d.total / eventsPerTtl)).toFixed(0)} B each).`,
      }),
    ];
  },
};

export default row;
