/**
 * Fault injection through the simulators, from a seed: 20 % of provider calls fail (429, 5xx,
 * timeouts after acceptance, connection resets, error bodies) while many messages are sent
 * through two Switchboard instances, their outboxes run, and status webhooks arrive shuffled
 * and duplicated. Afterwards every message must have ended (sent, failed with a classified
 * reason, or dead-lettered), nothing may be sent twice, and the ledger must balance.
 *
 * Volume: `SENDS_PER_SEED` per seed (1 000 in the short form inside `npm test`); the long run
 * uses `RELIABILITY_RUNS=10` (10 seeds → ≥ 10 000 sends) or `RELIABILITY_SENDS` per seed.
 */
import { hasErrorCode } from '../../src/core/errors.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, SECOND } from '../../src/core/clock.js';
import type { ConversationId } from '../../src/core/ids.js';
import { isSwitchboardError } from '../../src/core/errors.js';
import type { Message } from '../../src/model/message.js';
import type { VkFault } from '../../src/testing/vk/simulator.js';
import type { SendOutcome } from '../../src/switchboard/send-types.js';
import { deadLetters, holdViolation, ledgerViolations, messagesOf, outcomeOf } from './support/audit.js';
import type { Outcome } from './support/audit.js';
import { LONG_RUN, pick, prng, seeds, shuffled } from './support/env.js';
import { leakedSecrets } from './support/log-capture.js';
import type { World } from './support/world.js';
import { ACCOUNT, SECRET_VALUES, createWorld } from './support/world.js';

const SENDS_PER_SEED = Number(process.env.RELIABILITY_SENDS ?? 1_000);
const BATCH = 100;
const WA_CUSTOMERS = 30;
const VK_CUSTOMERS = 30;
/** VK faults on messages.send: rate limit (6), internal errors (1, 10), HTTP 500, resets before and after VK stored the message, and a final refusal (914). */
const VK_FAULTS: readonly VkFault[] = [{ error: 6 }, { error: 10 }, { error: 1 }, 'http_500', 'network', 'lost_response', { error: 914 }];

/**
 * Bugs still open in the SDK (see the report), each with an `it.fails` reproduction elsewhere;
 * remove an entry once its bug is fixed. B1 (unknown-reconciliation.test.ts), B5 and B7
 * (delivery-semantics.test.ts) are fixed.
 */
const OPEN_BUGS: ReadonlySet<string> = new Set<string>([]);
const waAccepted = (w: World, messageId: string): boolean => w.wa.sent.some((s) => s.bizOpaqueCallbackData === messageId);

let world: World | undefined;
afterEach(async () => { await world?.close(); world = undefined; });

interface Attempt { key: string; conversationId: ConversationId; text: string }

describe('fault injection: 20 % of provider calls fail (seeded)', () => {
  for (const seed of seeds()) {
    it(`scenarios 20, 21, 24, 25, 28, 29, 36: ${SENDS_PER_SEED} sends over two instances end sent, failed with a reason, or dead-lettered; nothing is sent twice; the ledger balances (seed ${seed})`, async () => {
      const w = (world = await createWorld({
        seed, instances: 2, timeoutMs: 250,
        waFaults: { rate: 0.2 },
        vkFaults: { rate: 0.2, kinds: VK_FAULTS, methods: ['messages.send'] },
        config: { outbox: { retryDelaysMs: [2 * SECOND, 10 * SECOND] } },
      }));
      const random = prng(seed);
      const conversations: ConversationId[] = [];
      for (let i = 0; i < WA_CUSTOMERS; i++) conversations.push(await w.waCustomer(`1650555${String(1000 + i)}`));
      for (let i = 0; i < VK_CUSTOMERS; i++) conversations.push(await w.vkCustomer(5_000 + i));

      const attempts: Attempt[] = [];
      const thrown: { key: string; code: string }[] = [];
      const repeats: { key: string; first: string | undefined; again: SendOutcome }[] = [];
      const firstIds = new Map<string, string>();
      let statusCursor = 0;
      const deliverNewStatuses = async (): Promise<void> => {
        const fresh = w.wa.sent.slice(statusCursor);
        statusCursor = w.wa.sent.length;
        const payloads = fresh.flatMap((sent) => w.wa.statuses(sent, random() < 0.5 ? ['sent', 'delivered'] : ['sent', 'delivered', 'read'], { order: 'shuffled', duplicates: Math.floor(random() * 3) }));
        for (const payload of shuffled(random, payloads)) {
          const response = await w.deliverWa(payload, pick(random, w.instances));
          expect(response.status, `status webhook answered ${response.status} (seed ${seed})`).toBe(200);
        }
      };
      const runOutboxes = async (rounds: number): Promise<number> => {
        let processed = 0;
        for (let r = 0; r < rounds; r++) {
          // Past the 60 s lease of inline sends. (Virtual time only moves here and in adapters' waits,
          // so an attempt in flight never outlives its lease.)
          w.clock.advance(61 * SECOND);
          const reports = await Promise.all(w.instances.map((sb) => sb.outbox.run()));
          processed += reports.reduce((n, report) => n + report.processed, 0);
        }
        return processed;
      };

      for (let start = 0; start < SENDS_PER_SEED; start += BATCH) {
        // One provider outage per run (both channels fail every call for a while): its messages use up their retries and are dead-lettered.
        if (start === 2 * BATCH) {
          w.wa.failNext('server_error', { times: 150 });
          w.vk.failNext('messages.send', 'http_500', 150);
        }
        const batch: Promise<void>[] = [];
        for (let i = start; i < Math.min(start + BATCH, SENDS_PER_SEED); i++) {
          const repeat = attempts.length > 0 && random() < 0.05 ? pick(random, attempts) : undefined;
          const attempt = repeat ?? { key: `order-${seed}-${i}`, conversationId: pick(random, conversations), text: `Update #${i} for seed ${seed}` };
          if (repeat === undefined) attempts.push(attempt);
          const sb = pick(random, w.instances);
          batch.push(sb.send({ conversationId: attempt.conversationId, text: attempt.text, idempotencyKey: attempt.key }).then(
            (outcome) => {
              if (repeat !== undefined) repeats.push({ key: attempt.key, first: firstIds.get(attempt.key), again: outcome });
              else firstIds.set(attempt.key, outcome.message.id);
            },
            (error: unknown) => {
              w.capture.error(error);
              expect(isSwitchboardError(error), `send threw an untyped error: ${String(error)} (seed ${seed})`).toBe(true);
              thrown.push({ key: attempt.key, code: (error as { code: string }).code });
            },
          ));
        }
        await Promise.all(batch);
        await deliverNewStatuses();
        await runOutboxes(2);
        await deliverNewStatuses();
      }
      // Drain: run the outboxes until nothing is due, then deliver the last statuses; then let a
      // day pass (any reconciliation deadline for ambiguous sends) and run them once more.
      for (let round = 0; round < 10 && (await runOutboxes(1)) > 0; round++) await deliverNewStatuses();
      await deliverNewStatuses();
      w.clock.advance(DAY);
      await runOutboxes(1);
      // Scenario 29 under faults: replay every other dead letter; each goes out once, with the same message and hold.
      const replayed = (await deadLetters(w.sb)).filter((_, i) => i % 2 === 0);
      for (const job of replayed) {
        try {
          await pick(random, w.instances).outbox.retryDeadLetter(job.id);
        } catch (error) {
          // Refused only where a replay could reach the customer twice: a VK message whose answer
          // was lost longer ago than VK's random_id de-duplication window (B7). It stays dead for a human.
          expect(hasErrorCode(error, 'DEAD_LETTER_NOT_RETRYABLE'), `retryDeadLetter refused with ${String(error)} (seed ${seed})`).toBe(true);
          const message = await w.store.messages.getById(job.messageId);
          expect([message?.channel, message?.status], `a refused replay must be an ambiguous VK send (seed ${seed})`).toEqual(['vk', 'unknown']);
        }
      }
      for (let round = 0; round < 5 && (await runOutboxes(1)) > 0; round++) await deliverNewStatuses();
      await deliverNewStatuses();

      const messages = (await messagesOf(w.store, conversations)).filter((m) => m.direction === 'outbound');
      const byKey = new Map(messages.map((m) => [m.idempotencyKey, m]));
      const dead = new Set((await deadLetters(w.sb)).map((job) => job.messageId as string));

      // Every send is accounted for: a stored message per key, or a refusal that stored nothing.
      for (const attempt of attempts) {
        const stored = byKey.get(attempt.key);
        const refusal = thrown.find((t) => t.key === attempt.key);
        expect(stored !== undefined || refusal !== undefined, `key ${attempt.key} neither stored nor refused (seed ${seed})`).toBe(true);
        if (refusal !== undefined && stored === undefined) expect(refusal.code, `a refusal that stored nothing must be a local rule (seed ${seed})`).toMatch(/^(WINDOW_CLOSED|INSUFFICIENT_CREDITS|CONVERSATION_CLOSED)$/);
      }
      expect(messages).toHaveLength(byKey.size);

      // Repeats with a used key returned the first message.
      for (const r of repeats) {
        if (r.first !== undefined) expect(r.again.message.id, `repeat of ${r.key} (seed ${seed})`).toBe(r.first);
        expect(r.again.duplicate).toBe(true);
      }

      // Where every message ended.
      const outcomes = new Map<Outcome, Message[]>();
      for (const message of messages) {
        const outcome = outcomeOf(message, dead);
        outcomes.set(outcome, [...(outcomes.get(outcome) ?? []), message]);
      }
      const open = outcomes.get('open') ?? [];
      // Bug B1 (see unknown-reconciliation.test.ts): an ambiguous WhatsApp send that Meta never
      // accepted stays `unknown` forever. Tolerated here only while that test is marked `it.fails`;
      // once B1 is fixed this list must be empty too (remove it from OPEN_BUGS).
      const tolerated = !OPEN_BUGS.has('B1') ? [] : open.filter((m) => m.channel === 'whatsapp' && m.status === 'unknown' && !waAccepted(w, m.id));
      expect(open.filter((m) => !tolerated.includes(m)).map((m) => `${m.channel} ${m.id} ${m.status}`), `messages that never ended (seed ${seed})`).toEqual([]);
      expect((outcomes.get('sent') ?? []).length).toBeGreaterThan(messages.length / 2);
      expect((outcomes.get('failed') ?? []).length).toBeGreaterThan(0);
      expect(dead.size + replayed.length, `the outage dead-lettered nothing (seed ${seed})`).toBeGreaterThan(0);

      // VK: one random_id per message across every attempt, and at most one delivered copy.
      const vkMessages = messages.filter((m) => m.channel === 'vk');
      const randomIdsByText = new Map<string, Set<string>>();
      for (const call of w.vk.calls.filter((c) => c.method === 'messages.send')) {
        const text = call.params.message ?? '';
        randomIdsByText.set(text, (randomIdsByText.get(text) ?? new Set()).add(call.params.random_id ?? ''));
      }
      for (const [text, ids] of randomIdsByText) expect([...ids], `VK attempts of "${text}" used several random_ids (seed ${seed})`).toHaveLength(1);
      const vkCopies = new Map<string, number>();
      for (const sent of w.vk.sent) vkCopies.set(sent.text, (vkCopies.get(sent.text) ?? 0) + 1);
      // Bug B7: a dead letter replayed more than an hour after an attempt VK stored (answer lost) is sent again,
      // since VK forgets a random_id after an hour. Tolerated for replayed dead letters only while open.
      const replayedTexts = new Set(messages.filter((m) => replayed.some((job) => job.messageId === m.id)).map((m) => (m.content.type === 'text' ? m.content.text : '')));
      expect.soft([...vkCopies].filter(([text, n]) => n > 1 && !(OPEN_BUGS.has('B7') && replayedTexts.has(text))), `VK messages delivered twice (seed ${seed})`).toEqual([]);
      for (const m of vkMessages) {
        const text = m.content.type === 'text' ? m.content.text : '';
        // VK has it: sent, or dead-lettered (a replay reuses the random_id, so VK returns the same message).
        // Bug B5: a permanent refusal on a retry after a lost answer reports it failed; tolerated while open.
        const allowed: Outcome[] = OPEN_BUGS.has('B5') ? ['sent', 'dead', 'failed'] : ['sent', 'dead'];
        if (vkCopies.has(text)) expect(allowed, `VK stored the message "${text}" but Switchboard says ${m.status} (seed ${seed})`).toContain(outcomeOf(m, dead));
      }

      // WhatsApp: at most one accepted copy per message; accepted ones (also after a timeout) reconciled with their wamid.
      const waCopies = new Map<string, string[]>();
      for (const sent of w.wa.sent) {
        const id = sent.bizOpaqueCallbackData ?? '';
        waCopies.set(id, [...(waCopies.get(id) ?? []), sent.wamid]);
      }
      expect.soft([...waCopies].filter(([, wamids]) => wamids.length > 1), `WhatsApp messages sent twice (seed ${seed})`).toEqual([]);
      for (const m of messages.filter((x) => x.channel === 'whatsapp')) {
        const wamid = waCopies.get(m.id)?.[0];
        if (wamid === undefined) continue;
        expect({ status: m.status, wamid: m.providerMessageId }, `WhatsApp accepted ${m.id} (seed ${seed})`).toMatchObject({ wamid });
        expect(['delivered', 'read']).toContain(m.status);
      }

      // Credits: every ended message settled by the rules; the journal replays to the balance.
      const holdProblems: string[] = [];
      for (const m of messages) {
        const problem = holdViolation(m, await w.ledger.getHold(m.id), m.channel === 'vk' ? 'on_acceptance' : 'on_delivery', dead);
        if (problem !== undefined) holdProblems.push(problem);
      }
      expect.soft(holdProblems, `hold settlement (seed ${seed})`).toEqual([]);
      expect(await ledgerViolations(w.ledger, ACCOUNT), `ledger (seed ${seed})`).toEqual([]);
      expect(await ledgerViolations(w.ledgers[1] ?? w.ledger, ACCOUNT)).toEqual([]);
      // After the hold lifetime every remaining hold (dead letters) has expired: nothing stays reserved.
      w.clock.advance(31 * DAY);
      expect.soft((await w.ledger.balance(ACCOUNT)).held, `holds left after 31 days (seed ${seed})`).toBe(0);
      expect(await ledgerViolations(w.ledger, ACCOUNT)).toEqual([]);

      // No credential in any log line or error produced along the way.
      expect(leakedSecrets(w.capture, SECRET_VALUES)).toEqual([]);

      if (LONG_RUN || process.env.RELIABILITY_SENDS !== undefined) {
        const count = (o: Outcome): number => (outcomes.get(o) ?? []).length;
        const faults = { wa: w.wa.requests.filter((r) => r.path.endsWith('/messages')).length - w.wa.sent.length, vk: w.vk.calls.filter((c) => c.method === 'messages.send' && c.outcome !== 'ok').length };
        process.stdout.write(`${JSON.stringify({ seed, sends: attempts.length + repeats.length, keys: attempts.length, stored: messages.length, thrownBySend: thrown.length, sent: count('sent'), failed: count('failed'), dead: dead.size, deadReplayed: replayed.length, openB1: tolerated.length, waCopies: w.wa.sent.length, vkCopies: w.vk.sent.length, providerFaults: faults, logLines: w.capture.lines.length })}\n`);
      }
    }, 240_000);
  }
});
