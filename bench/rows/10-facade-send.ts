/**
 * Facade send throughput at concurrency 64 against the loopback stub: `sb.send({ conversationId,
 * text })` (input validation, window and consent checks, price, ledger reservation, outbox job,
 * stored message, the adapter's request, status `sent`) vs bare `fetch` with the adapter's JSON.
 */
import { systemClock } from '../../src/core/clock.js';
import type { ConversationId } from '../../src/core/ids.js';
import { compareLoad, loadRatio } from '../lib/closed-loop.js';
import type { LoadResult } from '../lib/closed-loop.js';
import { GRAPH, PHONE_NUMBER_ID, createBenchFacade, deliver, waIdFor, whatsappRequest, whatsappWebhook } from '../lib/facade.js';
import { SEND_CONCURRENCY, TEXT } from '../lib/outbound.js';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';
import { startStub } from '../lib/stub.js';

/** Customers who wrote in before timing (their 24-hour windows are open); sends rotate over them. */
const RECIPIENTS = 1_000;
/**
 * Sends per round in full mode: fewer than the adapter rows' 10,000, because each facade send
 * costs several times more CPU (and leaves a credits hold open, see the note).
 */
const FULL_SENDS = 4_000;
const FULL_WARMUP = 1_000;

function failures(result: LoadResult): string {
  return result.failures === 0 ? '' : ` ${result.failures} FAILED (${result.firstFailure ?? ''}).`;
}

const row: BenchRow = {
  id: 'facade-send',
  async run(context) {
    const { budget } = context;
    const progress = (message: string): void => { context.progress(message); };
    const stub = await startStub();
    try {
      const facade = await createBenchFacade({ clock: systemClock, stubUrl: stub.url });
      const { sb, ledger } = facade;
      const conversations: ConversationId[] = [];
      sb.on('message.received', ({ conversation, isNewConversation }) => { if (isNewConversation) conversations.push(conversation.id); });
      progress(`facade-send: ${RECIPIENTS} customers write in first (open windows)`);
      for (let r = 0; r < RECIPIENTS; r++) await deliver(sb, whatsappRequest(whatsappWebhook(r + 1, r, Date.now())));
      if (conversations.length !== RECIPIENTS) throw new Error(`seeding opened ${conversations.length} of ${RECIPIENTS} conversations`);

      let charged = 0;
      const send = async (i: number): Promise<void> => {
        const conversationId = conversations[i % RECIPIENTS];
        if (conversationId === undefined) throw new Error('no conversation');
        const outcome = await sb.send({ conversationId, text: TEXT });
        if (outcome.message.status !== 'sent') throw new Error(`send ended ${outcome.message.status}`);
        charged = outcome.quote?.amount ?? 0;
      };
      const endpoint = `${stub.url}/${GRAPH}/${PHONE_NUMBER_ID}/messages`;
      const headers = { authorization: 'Bearer bench-token', 'content-type': 'application/json' };
      const bareFetch = async (i: number): Promise<void> => {
        const response = await fetch(endpoint, {
          method: 'POST', headers,
          body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: `+${waIdFor(i % RECIPIENTS)}`, type: 'text', text: { body: TEXT }, biz_opaque_callback_data: `msg_${i}` }),
        });
        const answer = (await response.json()) as { messages?: { id?: string }[] };
        if (response.status !== 200 || typeof answer.messages?.[0]?.id !== 'string') throw new Error(`stub answered ${response.status}`);
      };
      const balanceBefore = await ledger.balance('default');
      const sends = budget.quick ? budget.sendRequests : FULL_SENDS;
      const sendWarmup = budget.quick ? budget.sendWarmup : FULL_WARMUP;

      const [ours, bare] = await compareLoad([
        { name: 'facade', request: send },
        { name: 'fetch', request: bareFetch },
      ], { warmup: sendWarmup, total: sends, rounds: budget.sendRounds, concurrency: SEND_CONCURRENCY });
      if (ours === undefined || bare === undefined) throw new Error('missing case result');
      const balanceAfter = await ledger.balance('default');
      const held = Number(balanceAfter.held) - Number(balanceBefore.held);

      const how = `free-form text replies into ${RECIPIENTS} open WhatsApp conversations (each customer wrote in before timing); memory store, memory ledger with prices (service message ${charged} credits, reserved per send; no delivery reports arrive here, so every hold stays open: ${(held / Math.max(1, charged)).toLocaleString('en-US')} open holds at the end, warm-up included, and the memory ledger scans an account's open holds for expired ones on every reservation, so the per-send cost creeps up during the run); node:http stub in a child process on 127.0.0.1; concurrency ${SEND_CONCURRENCY}, ${budget.sendRounds} round(s) × ${sends} sends after ${sendWarmup} warm-up, median; the adapter's rate limiter replaced by a pass-through that grants everything (config caps perSecond at 1000), retries off`;
      return [
        measured({
          name: 'Facade send: sb.send (text reply, open window)', unit: 'sends/s', better: 'higher', value: ours.perSecond, ratio: loadRatio(ours, bare),
          reference: { name: 'bare fetch POST, same JSON body, response parsed', value: bare.perSecond },
          note: `${how}. Client CPU per send, less sensitive to noise: ${ours.cpuMicrosPerRequest.toFixed(0)} µs vs ${bare.cpuMicrosPerRequest.toFixed(0)} µs (${(ours.cpuMicrosPerRequest / bare.cpuMicrosPerRequest).toFixed(2)}× the CPU; the adapter alone: row send-whatsapp).${failures(ours)}${failures(bare)}`,
        }),
      ];
    } finally {
      await stub.close();
    }
  },
};

export default row;
