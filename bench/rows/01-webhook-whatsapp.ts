/**
 * WhatsApp webhook ingest, in process (no HTTP): the adapter's `handleWebhook` on Meta's exact
 * bytes vs the bare cost of verifying and parsing them, and vs whatsapp-api-js on the same body.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/index.js';
import { WHATSAPP_APP_SECRET, whatsappInboundText, whatsappSignature } from '../lib/fixtures.js';
import { compareThroughput, medianRatio } from '../lib/measure.js';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';

const NAME = 'WhatsApp webhook: adapter.handleWebhook';
const URL_ = 'https://crm.example/webhooks/whatsapp';

const row: BenchRow = {
  id: 'webhook-whatsapp',
  async run({ budget }) {
    const body = whatsappInboundText;
    const text = body.toString('utf8');
    const signature = whatsappSignature(body);
    const adapter = createWhatsAppAdapter({
      phoneNumberId: '106540352242922', wabaId: '102290129340398', accessToken: 'bench-token',
      appSecret: WHATSAPP_APP_SECRET, verifyToken: 'bench-verify',
    });
    const request = (): Request => new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });

    // The bare floor: what any correct handler must do with these bytes.
    const bare = (): number => {
      const expected = createHmac('sha256', WHATSAPP_APP_SECRET).update(body).digest();
      const given = Buffer.from(signature.slice(7), 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
      const parsed = JSON.parse(body.toString('utf8')) as { entry: unknown[] };
      return parsed.entry.length;
    };

    let peerMessages = 0;
    const wa = new WhatsAppAPI({ token: 'bench-token', appSecret: WHATSAPP_APP_SECRET, v: 'v23.0' });
    wa.on.message = () => {
      peerMessages++;
    };
    const peer = async (): Promise<number> => {
      await wa.post(JSON.parse(text) as Parameters<typeof wa.post>[0], text, signature);
      return peerMessages;
    };

    // Each path must do the real work once before it is timed.
    const first = await adapter.handleWebhook(request());
    if (first.response.status !== 200 || first.events.length !== 1) throw new Error(`the adapter did not accept the fixture (${first.response.status}, ${first.events.length} events)`);
    await peer();
    if (peerMessages !== 1) throw new Error('whatsapp-api-js did not dispatch the fixture message');
    const tampered = await wa.post(JSON.parse(text) as Parameters<typeof wa.post>[0], text.replace('Caf', 'Cof'), signature).then(() => 'accepted', () => 'rejected');
    if (tampered !== 'rejected') throw new Error('whatsapp-api-js accepted a tampered body');

    const [ours, floor, theirs, requestOnly] = await compareThroughput([
      { name: 'adapter', kind: 'async', op: async () => (await adapter.handleWebhook(request())).events.length },
      { name: 'bare', kind: 'sync', op: bare },
      { name: 'whatsapp-api-js', kind: 'async', op: peer },
      { name: 'request', kind: 'async', op: async () => (await request().arrayBuffer()).byteLength },
    ], budget);
    if (ours === undefined || floor === undefined || theirs === undefined || requestOnly === undefined) throw new Error('missing case result');

    const common = `${body.length}-byte text message, Meta's escaped JSON; ${budget.rounds} interleaved rounds × ${budget.sampleMs} ms, median`;
    return [
      measured({
        name: NAME, unit: 'events/s', value: ours.opsPerSecond, better: 'higher', ratio: medianRatio(ours, floor),
        reference: { name: 'bare HMAC-SHA256 + timingSafeEqual + JSON.parse, same bytes', value: floor.opsPerSecond },
        note: `${common}. CPU per event: ours ${ours.cpuMicrosPerOp.toFixed(1)} µs, bare ${floor.cpuMicrosPerOp.toFixed(1)} µs. Of ours, ${requestOnly.cpuMicrosPerOp.toFixed(1)} µs is building the Request and reading its body; the rest is the signature check, JSON.parse, zod validation and normalization to InboundEvent.`,
      }),
      measured({
        name: NAME, unit: 'events/s', value: ours.opsPerSecond, better: 'higher', ratio: medianRatio(ours, theirs),
        reference: { name: 'whatsapp-api-js 6.3 wa.post(JSON.parse(body), body, sig)', value: theirs.opsPerSecond },
        note: `whatsapp-api-js verifies with awaited WebCrypto over escapeUnicode(body) (run on the libuv thread pool, so it borrows an idle core and its figure swings with machine load), validates nothing, and dispatches only entry[0].changes[0].messages[0]. CPU per event, all threads: ours ${ours.cpuMicrosPerOp.toFixed(1)} µs, whatsapp-api-js ${theirs.cpuMicrosPerOp.toFixed(1)} µs.`,
      }),
    ];
  },
};

export default row;
