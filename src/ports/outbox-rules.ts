import type { OutboxJobId } from '../core/ids.js';
import type { OutboxJob } from '../model/outbox.js';
import { storageError } from './errors.js';
import type { EnqueueJobInput } from './outbox.js';

// The outbox job rules every `OutboxStore` applies, as functions on job records: an
// implementation reads and writes rows (inside its transaction or under its row lock) and leaves
// the state changes and their errors to these, so that the memory store, the SQLite and
// PostgreSQL examples and a host's own store agree. None touches storage.

/** A new `pending` job for a message, `attempts` 0, due at `input.runAt` or else `now` (what `enqueue` stores when the message has no job yet). */
export function newOutboxJob(input: EnqueueJobInput, id: OutboxJobId, now: number): OutboxJob {
  return {
    id, messageId: input.messageId, channel: input.channel, accountId: input.accountId,
    status: 'pending', attempts: 0, runAt: input.runAt ?? now, createdAt: now, updatedAt: now,
  };
}

/** Whether `lease` may hand the job out at `now`: due (`runAt <= now`) and `pending`, or `leased` with a lease that has expired. */
export function isOutboxJobDue(job: OutboxJob, now: number): boolean {
  return job.runAt <= now && (job.status === 'pending' || (job.status === 'leased' && (job.leaseExpiresAt ?? 0) <= now));
}

/** The order `lease` hands due jobs out in: oldest `runAt` first, then by id. */
export function compareOutboxJobsByDue(a: OutboxJob, b: OutboxJob): number {
  return a.runAt - b.runAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A due job as `lease` hands it to `owner`: `leased` until `now + leaseMs`, with one more attempt (an `inFlightAt` mark is kept). */
export function leaseOutboxJob(job: OutboxJob, owner: string, now: number, leaseMs: number): OutboxJob {
  return { ...job, status: 'leased', leaseOwner: owner, leaseExpiresAt: now + leaseMs, attempts: job.attempts + 1, updatedAt: now };
}

/**
 * The job as `markInFlight` leaves it: `inFlightAt` set to `at`, or removed for `null`. `found` is
 * the stored job with id `id` (`null` or `undefined` when there is none).
 * @throws SwitchboardError `NOT_FOUND`; `LEASE_LOST` when the job is leased by another owner,
 *   `done` or `dead` (a `pending` job may be marked by anyone: the inline attempt of a send).
 */
export function markOutboxJobInFlight(found: OutboxJob | null | undefined, id: OutboxJobId, owner: string, at: number | null, now: number): OutboxJob {
  const job = existing(found, id);
  if (job.status !== 'pending' && (job.status !== 'leased' || job.leaseOwner !== owner)) {
    throw storageError('LEASE_LOST', `Outbox job ${id} is ${job.status === 'leased' ? 'leased by another owner' : job.status}, not available to ${owner}`, 'owner');
  }
  const { inFlightAt: _previous, ...rest } = job;
  return { ...rest, ...(at === null ? {} : { inFlightAt: at }), updatedAt: now };
}

/** How a worker gives a job back: `complete` (`done`), `reschedule` (`pending` again, with the error) or `deadLetter` (`dead`, with the reason). */
export type OutboxJobRelease =
  | { readonly status: 'done' }
  | { readonly status: 'pending'; readonly runAt: number; readonly lastError: string }
  | { readonly status: 'dead'; readonly deadReason: string };

/**
 * The job as `complete`, `reschedule` or `deadLetter` leaves it: `release` applied, the lease and
 * any `inFlightAt` mark removed. `found` is the stored job with id `id`.
 * @throws SwitchboardError `NOT_FOUND`; `LEASE_LOST` when `owner` does not hold the job's lease.
 */
export function releaseOutboxJob(found: OutboxJob | null | undefined, id: OutboxJobId, owner: string, release: OutboxJobRelease, now: number): OutboxJob {
  const job = existing(found, id);
  if (job.status !== 'leased' || job.leaseOwner !== owner) throw storageError('LEASE_LOST', `Outbox job ${id} is not leased by ${owner}`, 'owner');
  const { leaseOwner: _owner, leaseExpiresAt: _expires, inFlightAt: _inFlight, ...released } = job;
  return { ...released, ...release, updatedAt: now };
}

/**
 * The job as `requeue` leaves it: `pending` at `runAt` with `attempts` back to 0, `deadReason`
 * and any `inFlightAt` mark removed, `lastError` kept. `found` is the stored job with id `id`.
 * @throws SwitchboardError `NOT_FOUND`; `CONFLICT` when the job is not `dead`.
 */
export function requeueOutboxJob(found: OutboxJob | null | undefined, id: OutboxJobId, runAt: number, now: number): OutboxJob {
  const job = existing(found, id);
  if (job.status !== 'dead') throw storageError('CONFLICT', `Outbox job ${id} is ${job.status}; only a dead-lettered job can be requeued`, 'id');
  const { deadReason: _reason, inFlightAt: _inFlight, ...rest } = job;
  return { ...rest, status: 'pending', runAt, attempts: 0, updatedAt: now };
}

function existing(found: OutboxJob | null | undefined, id: OutboxJobId): OutboxJob {
  if (found === null || found === undefined) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
  return found;
}
