import { HttpResponse } from 'msw';
import type { VkTestEvent } from './events.js';
import { randomHex } from './random.js';

/**
 * The simulated Bots Long Poll server: an event log numbered by `ts`, a key that can expire
 * (`failed: 2`), history that can be partly lost (`failed: 1`) or reset (`failed: 3`), and
 * requests held open while there is nothing new (up to the hold time or until aborted).
 */
export class VkLongPollQueue {
  private key: string;
  private next = 1;
  private floor = 1;
  private broken = false;
  private readonly log: { seq: number; update: VkTestEvent }[] = [];
  private waiters = new Set<() => void>();

  constructor(readonly serverUrl: string, private readonly random: () => number, private readonly holdMs: number) {
    this.key = randomHex(random, 32);
  }

  /** What `groups.getLongPollServer` answers (and the end of a `failed: 3` state). */
  server(): { key: string; server: string; ts: string } {
    if (this.broken) {
      this.broken = false;
      this.key = randomHex(this.random, 32);
    }
    return { key: this.key, server: this.serverUrl, ts: String(this.next) };
  }

  /** Appends an update (without `secret`, as Long Poll sends them) and wakes waiting requests. */
  push(event: VkTestEvent): VkTestEvent {
    const { secret: _secret, ...update } = event;
    this.log.push({ seq: this.next++, update });
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    return update;
  }

  expireKey(): void {
    this.key = randomHex(this.random, 32);
  }

  loseHistory(): void {
    this.floor = this.next;
  }

  reset(): void {
    this.broken = true;
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.searchParams.get('act') !== 'a_check') return new HttpResponse('unknown act', { status: 400 });
    const wait = Math.min(90, Math.max(0, Number(url.searchParams.get('wait') ?? '25'))) * 1000;
    const deadline = Date.now() + Math.min(wait, this.holdMs);
    for (;;) {
      if (this.broken) return HttpResponse.json({ failed: 3 });
      if (url.searchParams.get('key') !== this.key) return HttpResponse.json({ failed: 2 });
      const tsParam = url.searchParams.get('ts') ?? '';
      const ts = /^\d+$/.test(tsParam) ? Number(tsParam) : Number.NaN;
      if (Number.isNaN(ts) || ts > this.next) return HttpResponse.json({ failed: 1, ts: String(this.next) });
      if (ts < this.floor) return HttpResponse.json({ failed: 1, ts: String(this.floor) });
      const updates = this.log.filter((entry) => entry.seq >= ts).map((entry) => entry.update);
      const left = deadline - Date.now();
      if (updates.length > 0 || left <= 0 || request.signal.aborted) {
        return HttpResponse.json({ ts: String(this.next), updates });
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters.delete(done);
          request.signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
        request.signal.addEventListener('abort', done, { once: true });
      });
    }
  }
}
