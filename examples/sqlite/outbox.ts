import { decodeCursor, DEFAULT_PAGE_LIMIT } from './switchboard.js';
import type { Clock, IdGenerator, OutboxJob, OutboxJobId, OutboxJobRelease, OutboxStore } from './switchboard.js';
import {
  leaseOutboxJob, markOutboxJobInFlight, newOutboxJob, outboxJobSchema, releaseOutboxJob, requeueOutboxJob,
} from './switchboard.js';
import type { Connection } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

// The job rules (what each call does to a job, and when it refuses) are Switchboard's own
// (`leaseOutboxJob`, `releaseOutboxJob`, ...): this store only reads and writes rows, each
// read-check-write in one IMMEDIATE transaction.
export function sqliteOutbox(c: Connection, clock: Clock, ids: IdGenerator): OutboxStore {
  const byId = (id: string): OutboxJob | null => data(c.one('SELECT data FROM outbox_jobs WHERE id = ?', id), outboxJobSchema);
  const write = (job: OutboxJob): OutboxJob => {
    c.run(
      `INSERT INTO outbox_jobs (id, message_id, status, run_at, lease_owner, lease_expires_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, run_at = excluded.run_at, lease_owner = excluded.lease_owner,
         lease_expires_at = excluded.lease_expires_at, data = excluded.data`,
      job.id, job.messageId, job.status, job.runAt, job.leaseOwner ?? null, job.leaseExpiresAt ?? null, JSON.stringify(job),
    );
    return job;
  };
  /** Reads job `id`, applies `change` and writes the result, in one transaction. */
  const update = (id: OutboxJobId, change: (found: OutboxJob | null) => OutboxJob): Promise<OutboxJob> =>
    Promise.resolve(c.immediate(() => write(change(byId(id)))));
  const release = (id: OutboxJobId, owner: string, how: OutboxJobRelease): Promise<OutboxJob> =>
    update(id, (found) => releaseOutboxJob(found, id, owner, how, clock.now()));

  return {
    enqueue: (input) =>
      Promise.resolve(
        c.immediate(() => {
          const existing = data(c.one('SELECT data FROM outbox_jobs WHERE message_id = ?', input.messageId), outboxJobSchema);
          return existing ?? write(newOutboxJob(input, ids.next('job'), clock.now()));
        }),
      ),

    // The due condition and order of `isOutboxJobDue` and `compareOutboxJobsByDue`, in SQL.
    lease: ({ owner, limit, leaseMs }) =>
      Promise.resolve(
        c.immediate(() => {
          const now = clock.now();
          const due = c.all(
            `SELECT data FROM outbox_jobs WHERE run_at <= ? AND (status = 'pending' OR (status = 'leased' AND lease_expires_at <= ?))
             ORDER BY run_at, id LIMIT ?`,
            now, now, limit,
          );
          return due
            .map((row) => data(row, outboxJobSchema))
            .filter((job): job is OutboxJob => job !== null)
            .map((job) => write(leaseOutboxJob(job, owner, now, leaseMs)));
        }),
      ),

    markInFlight: (id, owner, at) => update(id, (found) => markOutboxJobInFlight(found, id, owner, at, clock.now())),
    complete: (id, owner) => release(id, owner, { status: 'done' }),
    reschedule: (id, owner, { runAt, error }) => release(id, owner, { status: 'pending', runAt, lastError: error }),
    deadLetter: (id, owner, reason) => release(id, owner, { status: 'dead', deadReason: reason }),

    listDeadLetters: (page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? '' : decodeCursor(page.cursor, ['string'] as const)[0];
      const rows = c.all(`SELECT data FROM outbox_jobs WHERE status = 'dead' AND id > ? ORDER BY id LIMIT ?`, after, limit + 1);
      return Promise.resolve(pageOf(rows, outboxJobSchema, limit, (job) => [job.id]));
    },

    requeue: (id, runAt) => update(id, (found) => requeueOutboxJob(found, id, runAt, clock.now())),

    get: (id) => Promise.resolve(byId(id)),
  };
}
