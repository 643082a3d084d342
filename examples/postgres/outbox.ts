import { decodeCursor, DEFAULT_PAGE_LIMIT, storageError } from './switchboard.js';
import type { Clock, IdGenerator, OutboxJob, OutboxJobId, OutboxJobRelease, OutboxStore } from './switchboard.js';
import {
  compareOutboxJobsByDue, leaseOutboxJob, markOutboxJobInFlight, newOutboxJob, outboxJobSchema, releaseOutboxJob, requeueOutboxJob,
} from './switchboard.js';
import type { Database, Executor } from './database.js';
import { data, dataOf } from './database.js';
import { pageOf } from './paging.js';

// The job rules (what each call does to a job, and when it refuses) are Switchboard's own
// (`leaseOutboxJob`, `releaseOutboxJob`, ...): this store only reads and writes rows, each
// read-check-write under the row's lock.
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
  /** Reads job `id` under its row lock, applies `change` and writes the result, in one transaction. */
  const update = (id: OutboxJobId, change: (found: OutboxJob | null) => OutboxJob): Promise<OutboxJob> =>
    db.transaction(async (tx) => await write(tx, change(await byId(tx, id, 'FOR UPDATE'))));
  const release = (id: OutboxJobId, owner: string, how: OutboxJobRelease): Promise<OutboxJob> =>
    update(id, (found) => releaseOutboxJob(found, id, owner, how, clock.now()));

  return {
    // One job per message: the unique message_id decides between concurrent enqueues.
    enqueue: async (input) => {
      const job = newOutboxJob(input, ids.next('job'), clock.now());
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
        due.sort(compareOutboxJobsByDue);
        const leased: OutboxJob[] = [];
        for (const job of due) leased.push(await write(tx, leaseOutboxJob(job, owner, now, leaseMs)));
        return leased;
      }),

    markInFlight: (id, owner, at) => update(id, (found) => markOutboxJobInFlight(found, id, owner, at, clock.now())),
    complete: (id, owner) => release(id, owner, { status: 'done' }),
    reschedule: (id, owner, { runAt, error }) => release(id, owner, { status: 'pending', runAt, lastError: error }),
    deadLetter: (id, owner, reason) => release(id, owner, { status: 'dead', deadReason: reason }),

    listDeadLetters: async (page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? '' : decodeCursor(page.cursor, ['string'] as const)[0];
      const rows = await db.rows(`SELECT data FROM ${table} WHERE status = 'dead' AND id > $1::text ORDER BY id LIMIT $2`, [after, limit + 1]);
      return pageOf(rows, outboxJobSchema, limit, (job) => [job.id]);
    },

    requeue: (id, runAt) => update(id, (found) => requeueOutboxJob(found, id, runAt, clock.now())),

    get: (id) => byId(db, id),
  };
}
