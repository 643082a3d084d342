/**
 * One memory-growth run, in its own process (forked by `memory-growth.ts` with `--expose-gc`),
 * so that its heap neither disturbs nor is disturbed by the other rows.
 *
 * Drives `events` inbound WhatsApp messages through `sb.handleWebhook` (`batch` messages per
 * signed webhook, from a fixed set of senders so contacts and dialogs stop growing after the
 * first webhooks), on a virtual clock that advances so the dedupe TTL (default 7 days) elapses
 * many times during the run. The heap is read after a full GC at checkpoints, and for the facade
 * runs again after `sb.metrics()` (which prunes the metrics recorder's old samples).
 *
 * `variant`:
 * - `store`: the memory store as is (it keeps every message: growth by design);
 * - `sink`: the same store, except that `messages.append` keeps nothing, so whatever still grows
 *   is held by something that should be bounded (dedupe keys, metrics, listeners, caches);
 * - `dedupe`: `store.dedupe.claim` alone, one key per event, same TTL and clock steps.
 */
import { DAY, createVirtualClock } from '../../src/core/clock.js';
import { createMemoryStore } from '../../src/ports/memory/store.js';
import type { Store } from '../../src/ports/store.js';
import { createBenchFacade, deliver, whatsappRequest, whatsappWebhook } from './facade.js';

export type GrowthVariant = 'store' | 'sink' | 'dedupe';

export interface GrowthArgs {
  variant: GrowthVariant;
  events: number;
  batch: number;
  senders: number;
  /** Events per dedupe TTL of virtual time. */
  eventsPerTtl: number;
  checkpoints: number;
}

export interface GrowthCheckpoint {
  events: number;
  /** Heap used after a full GC. */
  heapUsedBytes: number;
  /**
   * Facade runs: heap used after `sb.metrics()` (whose snapshot prunes the recorder's samples
   * older than its window) and another full GC. The difference to `heapUsedBytes` is what the
   * metrics recorder held since the previous checkpoint.
   */
  afterMetricsBytes?: number;
}

export interface GrowthReport {
  variant: GrowthVariant;
  gc: boolean;
  checkpoints: GrowthCheckpoint[];
  virtualDays: number;
  elapsedMs: number;
  /** CPU of the run, without the checkpoints' forced GCs. */
  cpuMicros: number;
}

const TTL_MS = 7 * DAY;
const gc = (globalThis as { gc?: () => void }).gc;

let checkpointCpu = 0;

/** Heap used after a full GC (twice, with a turn of the event loop between); its CPU is not counted as the run's. */
async function settledHeap(): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < 2; i++) {
    await new Promise<void>((resolve) => { setImmediate(resolve); });
    gc?.();
  }
  const used = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage(before);
  checkpointCpu += cpu.user + cpu.system;
  return used;
}

/** The memory store, except that stored messages are not kept (the append still validates and answers "created"). */
function withoutMessages(store: Store): Store {
  return { ...store, messages: { ...store.messages, append: (message) => Promise.resolve({ message, created: true }) } };
}

async function run(args: GrowthArgs): Promise<GrowthReport> {
  const start = Date.UTC(2026, 2, 2, 9);
  const clock = createVirtualClock(start);
  const perWebhookMs = Math.max(1, Math.round((TTL_MS / args.eventsPerTtl) * args.batch));
  const every = Math.max(args.batch, Math.ceil(args.events / args.checkpoints / args.batch) * args.batch);
  const checkpoints: GrowthCheckpoint[] = [];
  const cpuBefore = process.cpuUsage();
  const began = performance.now();

  if (args.variant === 'dedupe') {
    const { dedupe } = createMemoryStore({ clock });
    const perClaimMs = Math.max(1, Math.round(TTL_MS / args.eventsPerTtl));
    checkpoints.push({ events: 0, heapUsedBytes: await settledHeap() });
    for (let i = 1; i <= args.events; i++) {
      if (!(await dedupe.claim(`whatsapp:${String(i).padStart(12, '0')}:wamid.BENCH${String(i).padStart(12, '0')}`, TTL_MS))) throw new Error('a fresh dedupe key was refused');
      clock.advance(perClaimMs);
      if (i % every === 0) checkpoints.push({ events: i, heapUsedBytes: await settledHeap() });
    }
    const cpu = process.cpuUsage(cpuBefore);
    return { variant: args.variant, gc: gc !== undefined, checkpoints, virtualDays: (clock.now() - start) / DAY, elapsedMs: performance.now() - began, cpuMicros: cpu.user + cpu.system - checkpointCpu };
  }

  const memory = createMemoryStore({ clock });
  const facade = await createBenchFacade({ clock, store: args.variant === 'sink' ? withoutMessages(memory) : memory });
  let seq = 1;
  // Every sender writes once first: contacts and dialogs exist before the baseline.
  for (let s = 0; s < args.senders; s++) {
    await deliver(facade.sb, whatsappRequest(whatsappWebhook(seq, s, clock.now(), 1)));
    seq += 1;
  }
  const checkpoint = async (events: number): Promise<void> => {
    const heapUsedBytes = await settledHeap();
    facade.sb.metrics();
    checkpoints.push({ events, heapUsedBytes, afterMetricsBytes: await settledHeap() });
  };
  await checkpoint(0);
  let done = 0;
  let sender = 0;
  while (done < args.events) {
    await deliver(facade.sb, whatsappRequest(whatsappWebhook(seq, sender, clock.now(), args.batch)));
    seq += args.batch;
    done += args.batch;
    sender = (sender + 1) % args.senders;
    clock.advance(perWebhookMs);
    if (done % every === 0) await checkpoint(done);
  }
  if (facade.received() !== args.events + args.senders) throw new Error(`expected ${args.events + args.senders} message.received events, saw ${facade.received()}`);
  const cpu = process.cpuUsage(cpuBefore);
  return { variant: args.variant, gc: gc !== undefined, checkpoints, virtualDays: (clock.now() - start) / DAY, elapsedMs: performance.now() - began, cpuMicros: cpu.user + cpu.system - checkpointCpu };
}

const args = JSON.parse(process.argv[2] ?? '{}') as GrowthArgs;
try {
  process.send?.({ ok: true, report: await run(args) });
} catch (error) {
  process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
process.disconnect();
