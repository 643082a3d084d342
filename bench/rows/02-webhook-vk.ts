/**
 * VK Callback API ingest, in process (no HTTP): the adapter's `handleWebhook` on the
 * `message_new` fixture vs bare JSON.parse + secret compare, and vs vk-io on the same event.
 */
import { timingSafeEqual } from 'node:crypto';
import { VK } from 'vk-io';
import { createVkAdapter } from '../../src/channels/vk/index.js';
import { VK_CONFIRMATION, VK_GROUP_ID, VK_SECRET, vkMessageNew } from '../lib/fixtures.js';
import { compareThroughput, medianRatio } from '../lib/measure.js';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';

const NAME = 'VK callback: adapter.handleWebhook';
const URL_ = 'https://crm.example/webhooks/vk';

const row: BenchRow = {
  id: 'webhook-vk',
  async run({ budget }) {
    const body = vkMessageNew;
    const adapter = createVkAdapter({ groupId: VK_GROUP_ID, accessToken: 'bench-token-0000', secret: VK_SECRET, confirmation: VK_CONFIRMATION });
    const request = (): Request => new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    const secret = Buffer.from(VK_SECRET);
    const bare = (): number => {
      const event = JSON.parse(body.toString('utf8')) as { secret?: string; type: string };
      const given = Buffer.from(event.secret ?? '');
      if (given.length !== secret.length || !timingSafeEqual(given, secret)) throw new Error('bad secret');
      return event.type.length;
    };

    // vk-io: what its getWebhookCallback does after reading the body (secret check with !==),
    // then the update dispatch into a MessageContext and the middleware chain.
    let peerMessages = 0;
    const vk = new VK({ token: 'bench-token-0000', webhookSecret: VK_SECRET, webhookConfirmation: VK_CONFIRMATION });
    vk.updates.on('message_new', (_context, next) => {
      peerMessages++;
      return next();
    });
    const peer = async (): Promise<number> => {
      const update = JSON.parse(body.toString('utf8')) as { secret?: string };
      if (update.secret !== VK_SECRET) throw new Error('bad secret');
      await vk.updates.handleWebhookUpdate(update);
      return peerMessages;
    };

    const first = await adapter.handleWebhook(request());
    if (first.response.status !== 200 || first.events.length !== 1) throw new Error(`the adapter did not accept the fixture (${first.response.status}, ${first.events.length} events)`);
    await peer();
    if (peerMessages !== 1) throw new Error('vk-io did not dispatch message_new');

    const [ours, floor, theirs, requestOnly] = await compareThroughput([
      { name: 'adapter', kind: 'async', op: async () => (await adapter.handleWebhook(request())).events.length },
      { name: 'bare', kind: 'sync', op: bare },
      { name: 'vk-io', kind: 'async', op: peer },
      { name: 'request', kind: 'async', op: async () => (await request().arrayBuffer()).byteLength },
    ], budget);
    if (ours === undefined || floor === undefined || theirs === undefined || requestOnly === undefined) throw new Error('missing case result');

    const common = `${body.length}-byte message_new fixture; ${budget.rounds} interleaved rounds × ${budget.sampleMs} ms, median`;
    return [
      measured({
        name: NAME, unit: 'events/s', value: ours.opsPerSecond, better: 'higher', ratio: medianRatio(ours, floor),
        reference: { name: 'bare JSON.parse + timingSafeEqual(secret), same bytes', value: floor.opsPerSecond },
        note: `${common}. CPU per event: ours ${ours.cpuMicrosPerOp.toFixed(1)} µs, bare ${floor.cpuMicrosPerOp.toFixed(1)} µs. Of ours, ${requestOnly.cpuMicrosPerOp.toFixed(1)} µs is building the Request and reading its body; the rest is JSON.parse, zod validation of the envelope, the secret check and normalization to InboundEvent.`,
      }),
      measured({
        name: NAME, unit: 'events/s', value: ours.opsPerSecond, better: 'higher', ratio: medianRatio(ours, theirs),
        reference: { name: "vk-io 4.10 JSON.parse + secret !== + updates.handleWebhookUpdate", value: theirs.opsPerSecond },
        note: `vk-io (what getWebhookCallback does after reading the body): plain !== secret compare, no schema validation, builds a MessageContext and runs the middleware chain to an on('message_new') handler. CPU per event: ours ${ours.cpuMicrosPerOp.toFixed(1)} µs, vk-io ${theirs.cpuMicrosPerOp.toFixed(1)} µs.`,
      }),
    ];
  },
};

export default row;
