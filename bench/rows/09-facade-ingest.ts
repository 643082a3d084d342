/**
 * Facade webhook ingest, in process (no HTTP): `sb.handleWebhook(request)` with the memory store
 * and a memory ledger (verify, parse, validate, dedupe, store contact/dialog/message, window,
 * consent keywords, emit `message.received`), on webhooks with a distinct message id each, vs
 * the bare cost of verifying and parsing the same bytes; plus its latency at concurrency 64.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock } from '../../src/core/clock.js';
import { VK_SECRET, WHATSAPP_APP_SECRET } from '../lib/fixtures.js';
import { createBenchFacade, deliver, vkCallback, vkRequest, whatsappRequest, whatsappWebhook } from '../lib/facade.js';
import type { SignedWebhook } from '../lib/facade.js';
import { compareThroughput, median, medianRatio } from '../lib/measure.js';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';
import { createWebhookPool, percentile, poolSizeFor } from '../lib/webhook-pool.js';
import type { WebhookPool } from '../lib/webhook-pool.js';

/** Senders the timed messages rotate over; each has written once before timing (its dialog exists). */
const SENDERS = 1_000;
const BATCH = 10;
const CONCURRENCY = 64;

const row: BenchRow = {
  id: 'facade-ingest',
  async run(context) {
    const { budget } = context;
    const progress = (message: string): void => { context.progress(message); };
    const facade = await createBenchFacade({ clock: systemClock });
    const { sb } = facade;
    let seq = 1;
    const now = (): number => Date.now();
    for (let s = 0; s < SENDERS; s++) {
      await deliver(sb, whatsappRequest(whatsappWebhook(seq++, s, now())));
      await deliver(sb, vkRequest(vkCallback(seq++, s, now())));
    }
    const seeded = facade.received();
    if (seeded !== 2 * SENDERS) throw new Error(`seeding stored ${seeded} of ${2 * SENDERS} messages`);

    // Bodies: every message id unique across all cases (seq only grows).
    const makeWa = (count: number) => (i: number): SignedWebhook => {
      const hook = whatsappWebhook(seq, i % SENDERS, now(), count);
      seq += count;
      return hook;
    };
    const makeVk = (i: number): Buffer => vkCallback(seq++, i % SENDERS, now());
    const sizing = budget.quick ? 50 : 500;
    const measuringMs = budget.warmupMs + budget.rounds * budget.sampleMs;
    const poolFor = async <T>(make: (i: number) => T, op: (item: T) => Promise<void>): Promise<WebhookPool<T>> => {
      const items = Array.from({ length: sizing }, (_, i) => make(i));
      const started = performance.now();
      for (const item of items) await op(item);
      return createWebhookPool(poolSizeFor((sizing / (performance.now() - started)) * 1000, measuringMs), make);
    };
    const waOne = (hook: SignedWebhook): Promise<void> => deliver(sb, whatsappRequest(hook));
    const vkOne = (body: Buffer): Promise<void> => deliver(sb, vkRequest(body));
    progress('facade-ingest: building webhook pools');
    const wa1 = await poolFor(makeWa(1), waOne);
    const wa10 = await poolFor(makeWa(BATCH), waOne);
    const vk = await poolFor(makeVk, vkOne);

    // The floors, on bodies of the same shape and size.
    const { body: waBody, signature: waSignature } = whatsappWebhook(0, 0, now());
    const bareWa = (): number => {
      const expected = createHmac('sha256', WHATSAPP_APP_SECRET).update(waBody).digest();
      const given = Buffer.from(waSignature.slice(7), 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
      return (JSON.parse(waBody.toString('utf8')) as { entry: unknown[] }).entry.length;
    };
    const vkBody = vkCallback(0, 0, now());
    const secret = Buffer.from(VK_SECRET);
    const bareVk = (): number => {
      const event = JSON.parse(vkBody.toString('utf8')) as { secret?: string; type: string };
      const given = Buffer.from(event.secret ?? '');
      if (given.length !== secret.length || !timingSafeEqual(given, secret)) throw new Error('bad secret');
      return event.type.length;
    };

    const before = facade.received();
    progress('facade-ingest: measuring');
    const [ours1, ours10, floorWa, oursVk, floorVk] = await compareThroughput([
      { name: 'facade-wa-1', kind: 'async', op: async () => { await waOne(wa1.next()); return 1; } },
      { name: 'facade-wa-10', kind: 'async', op: async () => { await waOne(wa10.next()); return BATCH; } },
      { name: 'bare-wa', kind: 'sync', op: bareWa },
      { name: 'facade-vk', kind: 'async', op: async () => { await vkOne(vk.next()); return 1; } },
      { name: 'bare-vk', kind: 'sync', op: bareVk },
    ], budget);
    if (ours1 === undefined || ours10 === undefined || floorWa === undefined || oursVk === undefined || floorVk === undefined) throw new Error('missing case result');
    if (facade.received() === before) throw new Error('no message.received was emitted while measuring');

    // Latency: a burst of CONCURRENCY webhooks in flight at once, repeatedly (closed loop).
    progress('facade-ingest: latency at concurrency 64');
    const latencyTotal = budget.quick ? 256 : 6_400;
    const latencies: number[] = [];
    const latencyPool = createWebhookPool(latencyTotal, makeWa(1));
    let started = 0;
    const worker = async (): Promise<void> => {
      while (started < latencyTotal) {
        started++;
        const request = whatsappRequest(latencyPool.next());
        const t0 = performance.now();
        await deliver(sb, request);
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    const p99 = percentile(latencies, 0.99);
    const sequential = median(ours1.samples.map((perSecond) => 1000 / perSecond));

    const overflow = wa1.overflow + wa10.overflow + vk.overflow;
    const common = `each webhook has fresh message ids (dedupe never short-circuits) from ${SENDERS} senders whose dialogs exist; memory store, memory ledger, a message.received listener; ${budget.rounds} interleaved rounds × ${budget.sampleMs} ms, median${overflow > 0 ? `; ${overflow} bodies were built inside the timed loop (pool ran out)` : ''}`;
    const cpuWa1 = ours1.cpuMicrosPerOp;
    const cpuWa10 = ours10.cpuMicrosPerOp / BATCH;
    return [
      measured({
        name: 'Facade ingest: sb.handleWebhook, WhatsApp, 1 message/webhook', unit: 'events/s', better: 'higher', value: ours1.opsPerSecond, ratio: medianRatio(ours1, floorWa),
        reference: { name: 'bare HMAC-SHA256 + timingSafeEqual + JSON.parse, same bytes', value: floorWa.opsPerSecond },
        note: `${waBody.length}-byte text webhook (the fixture's bytes, new ids); ${common}. CPU per event: ours ${cpuWa1.toFixed(0)} µs, bare ${floorWa.cpuMicrosPerOp.toFixed(1)} µs (the adapter alone: row webhook-whatsapp).`,
      }),
      measured({
        name: `Facade ingest: sb.handleWebhook, WhatsApp, ${BATCH} messages/webhook`, unit: 'events/s', better: 'higher', value: ours10.opsPerSecond * BATCH,
        ratio: median(ours10.samples.map((perSecond, i) => (perSecond * BATCH) / (floorWa.samples[i] ?? Number.NaN))),
        reference: { name: 'bare HMAC-SHA256 + timingSafeEqual + JSON.parse, 1-message bytes', value: floorWa.opsPerSecond },
        note: `One sender's burst batched by Meta into one webhook (${BATCH} messages, one signature check and one JSON.parse per webhook); ${common}. CPU per event ${cpuWa10.toFixed(0)} µs: the store pipeline per message (contact, open dialog, message, window, consent keyword, events) dominates once the per-request cost is shared.`,
      }),
      measured({
        name: 'Facade ingest: sb.handleWebhook, VK message_new', unit: 'events/s', better: 'higher', value: oursVk.opsPerSecond, ratio: medianRatio(oursVk, floorVk),
        reference: { name: 'bare JSON.parse + timingSafeEqual(secret), same bytes', value: floorVk.opsPerSecond },
        note: `${vkBody.length}-byte message_new (the fixture with a new event id and message id each); ${common}. CPU per event: ours ${oursVk.cpuMicrosPerOp.toFixed(0)} µs, bare ${floorVk.cpuMicrosPerOp.toFixed(1)} µs.`,
      }),
      measured({
        name: `Facade ingest latency: sb.handleWebhook p95, ${CONCURRENCY} in flight`, unit: 'ms', better: 'lower', value: p95,
        reference: { name: 'target: webhooks answered within 200 ms', value: 200 },
        note: `${latencyTotal} one-message WhatsApp webhooks, ${CONCURRENCY} in flight at a time (a burst larger than Meta sends one number), wall clock per call from start to answer: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms. One at a time: ${sequential.toFixed(2)} ms per webhook (median round). In process: add your HTTP server's time.`,
      }),
    ];
  },
};

export default row;
