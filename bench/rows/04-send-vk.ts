/**
 * VK send throughput at concurrency 64 against the loopback stub: the adapter's `send`
 * (messages.send with a random_id) vs bare `fetch` with the same form body, and vs vk-io's API client.
 */
import { Agent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { API } from 'vk-io';
import { createVkAdapter } from '../../src/channels/vk/index.js';
import { VK_CONFIRMATION, VK_GROUP_ID, VK_SECRET } from '../lib/fixtures.js';
import { compareLoad, loadRatio } from '../lib/closed-loop.js';
import type { LoadResult } from '../lib/closed-loop.js';
import { SEND_CONCURRENCY, TEXT, grantEverything, vkText } from '../lib/outbound.js';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';
import { startStub } from '../lib/stub.js';

const NAME = 'VK send: adapter.send (text)';
const TOKEN = 'bench-token-0000';

function cpu(result: LoadResult): string {
  return `${result.cpuMicrosPerRequest.toFixed(0)} µs`;
}

function failures(result: LoadResult): string {
  return result.failures === 0 ? '' : ` ${result.failures} FAILED (${result.firstFailure ?? ''}).`;
}

const row: BenchRow = {
  id: 'send-vk',
  async run({ budget }) {
    const stub = await startStub();
    const agent = new Agent({ keepAlive: true, maxSockets: SEND_CONCURRENCY });
    try {
      const adapter = createVkAdapter({
        groupId: VK_GROUP_ID, accessToken: TOKEN, secret: VK_SECRET, confirmation: VK_CONFIRMATION,
        baseUrl: `${stub.url}/method`, rateLimiter: grantEverything, retry: { retries: 0 },
      });
      const bareFetch = async (i: number): Promise<void> => {
        const form = new URLSearchParams({ peer_id: String(100_000_000 + (i % 1_000_000)), random_id: String(i), message: TEXT, access_token: TOKEN, v: '5.199' });
        const response = await fetch(`${stub.url}/method/messages.send`, { method: 'POST', body: form });
        const answer = (await response.json()) as { response?: unknown };
        if (typeof answer.response !== 'number') throw new Error(`stub answered ${response.status}`);
      };
      // vk-io takes apiBaseUrl, but its default agent is https.globalAgent: an http:// base needs
      // an explicit http.Agent (its type says https.Agent; the transport is node:http either way). Its request queue cannot be switched off; 'sequential' with a huge
      // apiLimit starts one call per 1 ms timer tick, the fastest it goes in a closed loop ('burst'
      // releases the queued calls, then waits the rest of 1133 ms: about 60/s at concurrency 64).
      const api = new API({ token: TOKEN, apiBaseUrl: `${stub.url}/method`, agent: agent as unknown as HttpsAgent, apiRequestMode: 'sequential', apiLimit: 1e6, apiTimeout: 120_000 });
      const peer = async (i: number): Promise<void> => {
        const id = await api.messages.send({ peer_id: 100_000_000 + (i % 1_000_000), random_id: i, message: TEXT });
        if (typeof id !== 'number') throw new Error('vk-io returned no message id');
      };

      const [ours, bare, theirs] = await compareLoad([
        { name: 'adapter', request: async (i) => { await adapter.send(vkText(i)); } },
        { name: 'fetch', request: bareFetch },
        { name: 'vk-io', request: peer },
      ], { warmup: budget.sendWarmup, total: budget.sendRequests, rounds: budget.sendRounds, concurrency: SEND_CONCURRENCY });
      if (ours === undefined || bare === undefined || theirs === undefined) throw new Error('missing case result');

      const how = `node:http stub in a child process on 127.0.0.1; concurrency ${SEND_CONCURRENCY}, ${budget.sendRounds} round(s) × ${budget.sendRequests} sends, median; rate limiter replaced by a pass-through (VK allows 20 req/s per token)`;
      return [
        measured({
          name: NAME, unit: 'sends/s', value: ours.perSecond, better: 'higher', ratio: loadRatio(ours, bare),
          reference: { name: 'bare fetch POST messages.send, same form body, response parsed', value: bare.perSecond },
          note: `${how}. Client CPU per send, less sensitive to noise: ${cpu(ours)} vs ${cpu(bare)} (${(ours.cpuMicrosPerRequest / bare.cpuMicrosPerRequest).toFixed(2)}× the CPU).${failures(ours)}${failures(bare)}`,
        }),
        measured({
          name: NAME, unit: 'sends/s', value: ours.perSecond, better: 'higher', ratio: loadRatio(ours, theirs),
          reference: { name: 'vk-io 4.10 api.messages.send', value: theirs.perSecond },
          note: `vk-io: new API({ apiBaseUrl: stub, agent: http.Agent keep-alive, apiRequestMode: 'sequential', apiLimit: 1e6 }). Its queue cannot be disabled: one call per ≥ 1 ms timer tick caps it near 1000/s ('burst' gives ~60/s at this concurrency); client CPU per send ${cpu(theirs)} (ours ${(ours.cpuMicrosPerRequest / theirs.cpuMicrosPerRequest).toFixed(2)}× that).${failures(theirs)}`,
        }),
      ];
    } finally {
      agent.destroy();
      await stub.close();
    }
  },
};

export default row;
