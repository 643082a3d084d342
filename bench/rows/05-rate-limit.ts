/**
 * Rate-limit adherence: the WhatsApp adapter configured at 80 messages/s pushes a backlog as fast
 * as its limiter lets it, for 10 s, against a stub that answers 429 (Graph error 130429) to any
 * request beyond 80 accepted in the trailing second.
 */
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/index.js';
import { isSwitchboardError } from '../../src/core/errors.js';
import { WHATSAPP_APP_SECRET } from '../lib/fixtures.js';
import { whatsappText } from '../lib/outbound.js';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';
import { startStub } from '../lib/stub.js';

const LIMIT = 80;
const WINDOW_MS = 1_000;
// Enough waiting senders that the limiter, not the senders, sets the pace.
const SENDERS = 32;

const row: BenchRow = {
  id: 'rate-limit',
  async run({ budget }) {
    const stub = await startStub();
    try {
      await stub.configure({ limit: LIMIT, windowMs: WINDOW_MS });
      const adapter = createWhatsAppAdapter({
        phoneNumberId: '106540352242922', wabaId: '102290129340398', accessToken: 'bench-token',
        appSecret: WHATSAPP_APP_SECRET, verifyToken: 'bench-verify', baseUrl: stub.url,
        rateLimit: { perSecond: LIMIT }, retry: { retries: 0 },
      });
      const durationMs = budget.rateLimitSeconds * 1_000;
      const signal = AbortSignal.timeout(durationMs);
      const stopped = (): boolean => signal.aborted;
      let ok = 0;
      let rateLimited = 0;
      let other = 0;
      let sequence = 0;
      const start = performance.now();
      const sender = async (): Promise<void> => {
        while (!stopped()) {
          try {
            // A new recipient each time, so only the per-number limit applies.
            await adapter.send(whatsappText(sequence++), { signal });
            if (performance.now() - start <= durationMs) ok++;
          } catch (error) {
            if (stopped()) break;
            if (isSwitchboardError(error) && error.code === 'WHATSAPP_RATE_LIMITED') rateLimited++;
            else other++;
          }
        }
      };
      await Promise.all(Array.from({ length: SENDERS }, sender));
      const stats = await stub.stats();
      const seconds = durationMs / 1_000;
      const rule = `stub: 429 when ${LIMIT} were already accepted in the trailing ${WINDOW_MS} ms (rejected ones do not count)`;
      return [
        measured({
          name: 'Rate limit: WhatsApp adapter at perSecond 80', unit: 'accepted/s', value: ok / seconds, better: 'higher',
          reference: { name: 'configured limit', value: LIMIT },
          note: `${SENDERS} senders pushing a backlog for ${seconds} s through the default memory limiter, retries off; ${rule}.${other > 0 ? ` ${other} sends failed otherwise.` : ''}`,
        }),
        measured({
          name: 'Rate limit: 429 answers from the stub', unit: `in ${seconds} s`, value: stats.rejected, better: 'lower', ratio: null,
          reference: { name: 'a limiter that never overshoots', value: 0 },
          note: `client saw ${rateLimited} WHATSAPP_RATE_LIMITED; stub accepted ${stats.accepted}.${stats.rejected > 0 ? ' Each 429 means the limiter let more than 80 out within some 1 s window (e.g. a full bucket of 80 plus its refill).' : ''}`,
        }),
      ];
    } finally {
      await stub.close();
    }
  },
};

export default row;
