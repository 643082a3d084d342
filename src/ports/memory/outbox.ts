import type { MessageId, OutboxJobId } from '../../core/ids.js';
import type { OutboxJob } from '../../model/outbox.js';
import type { OutboxStore } from '../outbox.js';
import type { OutboxJobRelease } from '../outbox-rules.js';
import {
  compareOutboxJobsByDue, isOutboxJobDue, leaseOutboxJob, markOutboxJobInFlight, newOutboxJob, releaseOutboxJob, requeueOutboxJob,
} from '../outbox-rules.js';
import { decodeCursor, DEFAULT_PAGE_LIMIT, toPage } from '../page.js';
import type { MemoryDeps } from './deps.js';
import { copy } from './deps.js';

export function createMemoryOutbox({ clock, ids }: MemoryDeps): OutboxStore {
  const byId = new Map<OutboxJobId, OutboxJob>();
  const byMessage = new Map<MessageId, OutboxJobId>();

  /** Keeps `job` and returns a copy. */
  const keep = (job: OutboxJob): OutboxJob => {
    byId.set(job.id, job);
    return copy(job);
  };
  const store = (job: OutboxJob): Promise<OutboxJob> => Promise.resolve(keep(job));
  const release = (id: OutboxJobId, owner: string, change: OutboxJobRelease): Promise<OutboxJob> =>
    store(releaseOutboxJob(byId.get(id), id, owner, change, clock.now()));

  return {
    enqueue: (input) => {
      const existingId = byMessage.get(input.messageId);
      const existing = existingId === undefined ? undefined : byId.get(existingId);
      if (existing !== undefined) return Promise.resolve(copy(existing));
      const job = newOutboxJob(input, ids.next('job'), clock.now());
      byMessage.set(job.messageId, job.id);
      return store(job);
    },

    lease: ({ owner, limit, leaseMs }) => {
      const now = clock.now();
      const due = [...byId.values()].filter((job) => isOutboxJobDue(job, now)).sort(compareOutboxJobsByDue).slice(0, limit);
      // One settled promise for the batch, not one per job: the reliability canary that races two
      // instances' leases (test/reliability/canary.test.ts) relies on a lease settling in one step.
      return Promise.resolve(due.map((job) => keep(leaseOutboxJob(job, owner, now, leaseMs))));
    },

    markInFlight: (id, owner, at) => store(markOutboxJobInFlight(byId.get(id), id, owner, at, clock.now())),
    complete: (id, owner) => release(id, owner, { status: 'done' }),
    reschedule: (id, owner, { runAt, error }) => release(id, owner, { status: 'pending', runAt, lastError: error }),
    deadLetter: (id, owner, reason) => release(id, owner, { status: 'dead', deadReason: reason }),

    listDeadLetters: (page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string'] as const);
      const rows = [...byId.values()]
        .filter((j) => j.status === 'dead' && (after === undefined || j.id > after[0]))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, limit + 1);
      return Promise.resolve(toPage(rows.map(copy), limit, (j) => [j.id]));
    },

    requeue: (id, runAt) => store(requeueOutboxJob(byId.get(id), id, runAt, clock.now())),

    get: (id) => Promise.resolve(copy(byId.get(id) ?? null)),
  };
}
