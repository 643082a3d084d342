import { decodeCursor, DEFAULT_PAGE_LIMIT, storageError } from './switchboard.js';
import type { Clock, IdGenerator, OutboxJob, OutboxJobId, OutboxStore } from './switchboard.js';
import { outboxJobSchema } from './switchboard.js';
import type { Connection } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

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
  /** Runs `change` on a job `owner` holds, in one transaction; NOT_FOUND or LEASE_LOST otherwise. */
  const whileHeld = (id: OutboxJobId, owner: string, change: (job: Omit<OutboxJob, 'leaseOwner' | 'leaseExpiresAt'>) => OutboxJob): Promise<OutboxJob> =>
    Promise.resolve(
      c.immediate(() => {
        const job = byId(id);
        if (job === null) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
        if (job.status !== 'leased' || job.leaseOwner !== owner) throw storageError('LEASE_LOST', `Outbox job ${id} is not leased by ${owner}`, 'owner');
        const { leaseOwner: _owner, leaseExpiresAt: _expires, inFlightAt: _inFlight, ...released } = job;
        return write({ ...change(released), updatedAt: clock.now() });
      }),
    );

  return {
    enqueue: (input) =>
      Promise.resolve(
        c.immediate(() => {
          const existing = data(c.one('SELECT data FROM outbox_jobs WHERE message_id = ?', input.messageId), outboxJobSchema);
          if (existing !== null) return existing;
          const now = clock.now();
          return write({
            id: ids.next('job'), messageId: input.messageId, channel: input.channel, accountId: input.accountId,
            status: 'pending', attempts: 0, runAt: input.runAt ?? now, createdAt: now, updatedAt: now,
          });
        }),
      ),

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
            .map((job) => write({ ...job, status: 'leased', leaseOwner: owner, leaseExpiresAt: now + leaseMs, attempts: job.attempts + 1, updatedAt: now }));
        }),
      ),

    markInFlight: (id, owner, at) =>
      Promise.resolve(
        c.immediate(() => {
          const job = byId(id);
          if (job === null) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
          if (job.status !== 'pending' && (job.status !== 'leased' || job.leaseOwner !== owner)) {
            throw storageError('LEASE_LOST', `Outbox job ${id} is ${job.status === 'leased' ? 'leased by another owner' : job.status}, not available to ${owner}`, 'owner');
          }
          const { inFlightAt: _previous, ...rest } = job;
          return write({ ...rest, ...(at === null ? {} : { inFlightAt: at }), updatedAt: clock.now() });
        }),
      ),

    complete: (id, owner) => whileHeld(id, owner, (job) => ({ ...job, status: 'done' })),
    reschedule: (id, owner, { runAt, error }) => whileHeld(id, owner, (job) => ({ ...job, status: 'pending', runAt, lastError: error })),
    deadLetter: (id, owner, reason) => whileHeld(id, owner, (job) => ({ ...job, status: 'dead', deadReason: reason })),

    listDeadLetters: (page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? '' : decodeCursor(page.cursor, ['string'] as const)[0];
      const rows = c.all(`SELECT data FROM outbox_jobs WHERE status = 'dead' AND id > ? ORDER BY id LIMIT ?`, after, limit + 1);
      return Promise.resolve(pageOf(rows, outboxJobSchema, limit, (job) => [job.id]));
    },

    requeue: (id, runAt) =>
      Promise.resolve(
        c.immediate(() => {
          const job = byId(id);
          if (job === null) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
          if (job.status !== 'dead') throw storageError('CONFLICT', `Outbox job ${id} is ${job.status}; only a dead-lettered job can be requeued`, 'id');
          const { deadReason: _reason, inFlightAt: _inFlight, ...rest } = job;
          return write({ ...rest, status: 'pending', runAt, attempts: 0, updatedAt: clock.now() });
        }),
      ),

    get: (id) => Promise.resolve(byId(id)),
  };
}
