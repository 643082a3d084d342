/**
 * WhatsApp send throughput at concurrency 64 against the loopback stub: the adapter's `send`
 * vs bare `fetch` with the same body, and vs whatsapp-api-js's `sendMessage`.
 */
import { WhatsAppAPI } from 'whatsapp-api-js';
import { Text } from 'whatsapp-api-js/messages';
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/index.js';
import { WHATSAPP_APP_SECRET } from '../lib/fixtures.js';
import { compareLoad, loadRatio } from '../lib/closed-loop.js';
import type { LoadResult } from '../lib/closed-loop.js';
import { SEND_CONCURRENCY, TEXT, grantEverything, phoneFor, whatsappText } from '../lib/outbound.js';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';
import { startStub } from '../lib/stub.js';

const NAME = 'WhatsApp send: adapter.send (text)';
const PHONE_NUMBER_ID = '106540352242922';
const GRAPH = 'v25.0';

function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function cpu(result: LoadResult): string {
  return `${result.cpuMicrosPerRequest.toFixed(0)} µs`;
}

function failures(result: LoadResult): string {
  return result.failures === 0 ? '' : ` ${result.failures} FAILED (${result.firstFailure ?? ''}).`;
}

const row: BenchRow = {
  id: 'send-whatsapp',
  async run({ budget }) {
    const stub = await startStub();
    try {
      const adapter = createWhatsAppAdapter({
        phoneNumberId: PHONE_NUMBER_ID, wabaId: '102290129340398', accessToken: 'bench-token',
        appSecret: WHATSAPP_APP_SECRET, verifyToken: 'bench-verify', graphVersion: GRAPH, baseUrl: stub.url,
        rateLimiter: grantEverything, retry: { retries: 0 },
      });
      const endpoint = `${stub.url}/${GRAPH}/${PHONE_NUMBER_ID}/messages`;
      const headers = { authorization: 'Bearer bench-token', 'content-type': 'application/json' };
      const bareFetch = async (i: number): Promise<void> => {
        const response = await fetch(endpoint, {
          method: 'POST', headers,
          body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: phoneFor(i), type: 'text', text: { body: TEXT }, biz_opaque_callback_data: `msg_${i}` }),
        });
        const answer = (await response.json()) as { messages?: { id?: string }[] };
        if (response.status !== 200 || typeof answer.messages?.[0]?.id !== 'string') throw new Error(`stub answered ${response.status}`);
      };
      // whatsapp-api-js hard-codes https://graph.facebook.com; its documented ponyfill.fetch
      // option is the only way to point it elsewhere.
      const wa = new WhatsAppAPI({
        token: 'bench-token', appSecret: WHATSAPP_APP_SECRET, v: GRAPH,
        ponyfill: { fetch: (url: string | URL | Request, init?: RequestInit) => fetch(urlOf(url).replace('https://graph.facebook.com', stub.url), init) },
      });
      const peer = async (i: number): Promise<void> => {
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- its recipient-object overload requires a bsuid; a phone-only send uses this form
        const sent = await wa.sendMessage(PHONE_NUMBER_ID, phoneFor(i).slice(1), new Text(TEXT));
        if (!('messages' in sent)) throw new Error('whatsapp-api-js got no message id');
      };

      const [ours, bare, theirs] = await compareLoad([
        { name: 'adapter', request: async (i) => { await adapter.send(whatsappText(i)); } },
        { name: 'fetch', request: bareFetch },
        { name: 'whatsapp-api-js', request: peer },
      ], { warmup: budget.sendWarmup, total: budget.sendRequests, rounds: budget.sendRounds, concurrency: SEND_CONCURRENCY });
      if (ours === undefined || bare === undefined || theirs === undefined) throw new Error('missing case result');

      const how = `node:http stub in a child process on 127.0.0.1; concurrency ${SEND_CONCURRENCY}, ${budget.sendRounds} round(s) × ${budget.sendRequests} sends, median; rate limiter replaced by a pass-through (config caps perSecond at 1000)`;
      return [
        measured({
          name: NAME, unit: 'sends/s', value: ours.perSecond, better: 'higher', ratio: loadRatio(ours, bare),
          reference: { name: 'bare fetch POST, same JSON body, response parsed', value: bare.perSecond },
          note: `${how}. Client CPU per send, less sensitive to noise: ${cpu(ours)} vs ${cpu(bare)} (${(ours.cpuMicrosPerRequest / bare.cpuMicrosPerRequest).toFixed(2)}× the CPU).${failures(ours)}${failures(bare)}`,
        }),
        measured({
          name: NAME, unit: 'sends/s', value: ours.perSecond, better: 'higher', ratio: loadRatio(ours, theirs),
          reference: { name: 'whatsapp-api-js 6.3 sendMessage(Text)', value: theirs.perSecond },
          note: `whatsapp-api-js pointed at the stub through ponyfill.fetch rewriting https://graph.facebook.com (no base-URL option); client CPU per send ${cpu(theirs)} (ours ${(ours.cpuMicrosPerRequest / theirs.cpuMicrosPerRequest).toFixed(2)}× that).${failures(theirs)}`,
        }),
      ];
    } finally {
      await stub.close();
    }
  },
};

export default row;
