import { decodeCursor, DEFAULT_PAGE_LIMIT, storageError } from './switchboard.js';
import type { Clock, IdGenerator, OutboxJob, OutboxJobId, OutboxStore } from './switchboard.js';
import { outboxJobSchema } from './switchboard.js';
import type { Database, Executor } from './database.js';
import { data, dataOf } from './database.js';
import { pageOf } from './paging.js';

export function postgresOutbox(db: Database, clock: Clock, ids: IdGenerator): OutboxStore {
  const table = db.table('outbox_jobs');
  const byId = async (x: Executor, id: string, lock = ''): Promise<OutboxJob | null> =>
    data(await x.one(`SELECT data FROM ${table} WHERE id = $1 ${lock}`, [id]), outboxJobSchema);
  const write = async (x: Executor, job: OutboxJob): Promise<OutboxJob> => {
    await x.run(
      `UPDATE ${table} SET status = $2, run_at = $3, lease_owner = $4, lease_expires_at = $5, data = $6 WHERE id = $1`,
      [job.id, job.status, job.runAt, job.leaseOwner ?? null, job.leaseExpiresAt ?? null, JSON.stringify(job)],
    );
    return job;
  };
  /** Runs `change` on a job `owner` holds, under its row lock; NOT_FOUND or LEASE_LOST otherwise. */
  const whileHeld = (id: OutboxJobId, owner: string, change: (job: Omit<OutboxJob, 'leaseOwner' | 'leaseExpiresAt'>) => OutboxJob): Promise<OutboxJob> =>
    db.transaction(async (tx) => {
      const job = await byId(tx, id, 'FOR UPDATE');
      if (job === null) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
      if (job.status !== 'leased' || job.leaseOwner !== owner) throw storageError('LEASE_LOST', `Outbox job ${id} is not leased by ${owner}`, 'owner');
      const { leaseOwner: _owner, leaseExpiresAt: _expires, inFlightAt: _inFlight, ...released } = job;
      return await write(tx, { ...change(released), updatedAt: clock.now() });
    });

  return {
    // One job per message: the unique message_id decides between concurrent enqueues.
    enqueue: async (input) => {
      const now = clock.now();
      const job: OutboxJob = {
        id: ids.next('job'), messageId: input.messageId, channel: input.channel, accountId: input.accountId,
        status: 'pending', attempts: 0, runAt: input.runAt ?? now, createdAt: now, updatedAt: now,
      };
      const inserted = await db.run(
        `INSERT INTO ${table} (id, message_id, status, run_at, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO NOTHING`,
        [job.id, job.messageId, job.status, job.runAt, JSON.stringify(job)],
      );
      if (inserted === 1) return job;
      const existing = data(await db.one(`SELECT data FROM ${table} WHERE message_id = $1`, [input.messageId]), outboxJobSchema);
      if (existing === null) throw storageError('CONFLICT', `The outbox job of message ${input.messageId} vanished while enqueuing`, 'messageId');
      return existing;
    },

    // FOR UPDATE SKIP LOCKED: a concurrent lease skips the rows this one is taking instead of
    // waiting for them, and re-checks the due condition on rows changed since its snapshot.
    lease: ({ owner, limit, leaseMs }) =>
      db.transaction(async (tx) => {
        const now = clock.now();
        const due = dataOf(
          await tx.rows(
            `SELECT data FROM ${table} WHERE run_at <= $1 AND (status = 'pending' OR (status = 'leased' AND lease_expires_at <= $1))
             ORDER BY run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [now, limit],
          ),
          outboxJobSchema,
        );
        // Rows re-checked after a concurrent change keep the order "oldest runAt first".
        due.sort((a, b) => a.runAt - b.runAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const leased: OutboxJob[] = [];
        for (const job of due) {
          leased.push(await write(tx, { ...job, status: 'leased', leaseOwner: owner, leaseExpiresAt: now + leaseMs, attempts: job.attempts + 1, updatedAt: now }));
        }
        return leased;
      }),

    markInFlight: (id, owner, at) =>
      db.transaction(async (tx) => {
        const job = await byId(tx, id, 'FOR UPDATE');
        if (job === null) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
        if (job.status !== 'pending' && (job.status !== 'leased' || job.leaseOwner !== owner)) {
          throw storageError('LEASE_LOST', `Outbox job ${id} is ${job.status === 'leased' ? 'leased by another owner' : job.status}, not available to ${owner}`, 'owner');
        }
        const { inFlightAt: _previous, ...rest } = job;
        return await write(tx, { ...rest, ...(at === null ? {} : { inFlightAt: at }), updatedAt: clock.now() });
      }),

    complete: (id, owner) => whileHeld(id, owner, (job) => ({ ...job, status: 'done' })),
    reschedule: (id, owner, { runAt, error }) => whileHeld(id, owner, (job) => ({ ...job, status: 'pending', runAt, lastError: error })),
    deadLetter: (id, owner, reason) => whileHeld(id, owner, (job) => ({ ...job, status: 'dead', deadReason: reason })),

    listDeadLetters: async (page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? '' : decodeCursor(page.cursor, ['string'] as const)[0];
      const rows = await db.rows(`SELECT data FROM ${table} WHERE status = 'dead' AND id > $1::text ORDER BY id LIMIT $2`, [after, limit + 1]);
      return pageOf(rows, outboxJobSchema, limit, (job) => [job.id]);
    },

    requeue: (id, runAt) =>
      db.transaction(async (tx) => {
        const job = await byId(tx, id, 'FOR UPDATE');
        if (job === null) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
        if (job.status !== 'dead') throw storageError('CONFLICT', `Outbox job ${id} is ${job.status}; only a dead-lettered job can be requeued`, 'id');
        const { deadReason: _reason, inFlightAt: _inFlight, ...rest } = job;
        return await write(tx, { ...rest, status: 'pending', runAt, attempts: 0, updatedAt: clock.now() });
      }),

    get: (id) => byId(db, id),
  };
}
