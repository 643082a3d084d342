// Chapters 8-9: a broadcast with progress and a report; the health snapshot.
import { balanceParts } from '../format.js';
import { MINUTE } from '../sdk.js';
import type { SwitchboardMetrics } from '../sdk.js';
import type { Transcript } from '../transcript.js';
import type { DemoWorld } from '../world.js';
import { ORDER_UPDATE } from './whatsapp-templates.js';

/** Customers of today's shipments; the last two show what a broadcast refuses. */
const SHIPMENTS = [
  { to: '+1 650-555-2001', first_name: 'Grace', order_id: 'A-1043', consent: true },
  { to: '(650) 555-2002', first_name: 'Alan', order_id: 'A-1044', consent: true },
  { to: '650.555.2003', first_name: 'Edsger', order_id: 'A-1045', consent: true },
  { to: '+1 650 555 2004', first_name: 'Barbara', order_id: 'A-1046', consent: false },
  { to: 'call me maybe', first_name: 'Ken', order_id: 'A-1047', consent: false },
];

export async function broadcastShipments(world: DemoWorld, t: Transcript): Promise<void> {
  const { sb } = world;
  t.section('A broadcast: today\'s shipment notifications');
  world.clock.advance(10 * MINUTE);
  for (const shipment of SHIPMENTS.filter((s) => s.consent)) {
    await sb.recordConsent({ channel: 'whatsapp', to: shipment.to, purpose: 'transactional', status: 'opted_in', source: 'import', proof: { importId: 'orders-2026-11-17' } });
  }
  t.event('•', `consent imported for ${String(SHIPMENTS.filter((s) => s.consent).length)} of ${String(SHIPMENTS.length)} customers`);
  const progress = world.collect('broadcast.progress');
  const report = await sb.broadcast({
    id: 'shipments-2026-11-17',
    template: { name: ORDER_UPDATE.name, language: ORDER_UPDATE.language },
    channel: 'whatsapp',
    batchSize: 2,
    recipients: SHIPMENTS.map(({ to, first_name, order_id }) => ({ to, data: { first_name, order_id, eta: 'Thursday' } })),
  });
  progress.stop();
  for (const p of progress.items) {
    t.detail('broadcast.progress ', ['value', `${String(p.done)}/${String(p.total)}`], ` sent ${String(p.sent)} skipped ${String(p.skipped)} failed ${String(p.failed)}`);
  }
  t.event('•', 'report: sent ', ['ok', String(report.sent)], `, queued ${String(report.queued)}, already sent ${String(report.alreadySent)}, failed ${String(report.failed.length)}`);
  for (const skip of report.skipped) t.detail('skipped ', skip.to, ': ', ['refused', skip.reason]);
  t.detail(...balanceParts(await world.balance()), ` · auto-recharge payments: ${String(world.payments.length)}`);

  const again = await sb.broadcast({
    id: 'shipments-2026-11-17', template: { name: ORDER_UPDATE.name, language: ORDER_UPDATE.language }, channel: 'whatsapp',
    recipients: SHIPMENTS.map(({ to, first_name, order_id }) => ({ to, data: { first_name, order_id, eta: 'Thursday' } })),
  });
  t.event('•', 'the same broadcast id re-run (a crash, a double click) → already sent ', ['ok', String(again.alreadySent)], `, new sends ${String(again.sent - again.alreadySent)}`);
}

export function healthSnapshot(world: DemoWorld, t: Transcript): SwitchboardMetrics {
  t.section('Health: sb.metrics()');
  const m = world.sb.metrics();
  const minutes = m.windowMs / 60_000;
  // The snapshot gives rates per minute; over a 24 h window counts read better.
  const counts = (r: Readonly<Record<string, number>>): string =>
    Object.entries(r).map(([channel, perMinute]) => `${channel} ${String(Math.round(perMinute * minutes))}`).join(', ') || 'none';
  t.event('•', `last ${String(minutes / 60)} h: messages in `, ['value', counts(m.messagesPerMinute.inbound)], ' · out ', ['value', counts(m.messagesPerMinute.outbound)]);
  t.detail(`sends ${String(m.sends.attempts)} attempts, ${String(m.sends.failures)} failures, error rate `, ['value', m.sendErrorRate.toFixed(2)]);
  t.detail(`webhooks ${String(m.webhooks.count)} (p50 ${String(m.webhooks.p50)} ms, p95 ${String(m.webhooks.p95)} ms, rejected ${String(m.webhooks.rejected)}, failed ${String(m.webhooks.failed)})`);
  t.detail(`first response p50 ${String(m.firstResponseMs.p50 / 1000)} s over ${String(m.firstResponseMs.count)} dialog(s) · dead letters ${String(m.deadLetters)}`);
  return m;
}
