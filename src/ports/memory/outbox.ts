import type { MessageId, OutboxJobId } from '../../core/ids.js';
import type { OutboxJob } from '../../model/outbox.js';
import { storageError } from '../errors.js';
import type { OutboxStore } from '../outbox.js';
import { decodeCursor, DEFAULT_PAGE_LIMIT, toPage } from '../page.js';
import type { MemoryDeps } from './deps.js';
import { copy } from './deps.js';

export function createMemoryOutbox({ clock, ids }: MemoryDeps): OutboxStore {
  const byId = new Map<OutboxJobId, OutboxJob>();
  const byMessage = new Map<MessageId, OutboxJobId>();

  /** The job if `owner` holds its lease; throws NOT_FOUND or LEASE_LOST otherwise. */
  function held(id: OutboxJobId, owner: string): OutboxJob {
    const job = byId.get(id);
    if (job === undefined) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
    if (job.status !== 'leased' || job.leaseOwner !== owner) {
      throw storageError('LEASE_LOST', `Outbox job ${id} is not leased by ${owner}`, 'owner');
    }
    return job;
  }

  function release(job: OutboxJob, changes: Partial<OutboxJob>): OutboxJob {
    const { leaseOwner: _owner, leaseExpiresAt: _expires, inFlightAt: _inFlight, ...rest } = job;
    const next: OutboxJob = { ...rest, ...changes, updatedAt: clock.now() };
    byId.set(next.id, next);
    return copy(next);
  }

  return {
    enqueue: (input) => {
      const existingId = byMessage.get(input.messageId);
      const existing = existingId === undefined ? undefined : byId.get(existingId);
      if (existing !== undefined) return Promise.resolve(copy(existing));
      const now = clock.now();
      const job: OutboxJob = {
        id: ids.next('job'), messageId: input.messageId, channel: input.channel, accountId: input.accountId,
        status: 'pending', attempts: 0, runAt: input.runAt ?? now, createdAt: now, updatedAt: now,
      };
      byId.set(job.id, job);
      byMessage.set(job.messageId, job.id);
      return Promise.resolve(copy(job));
    },

    lease: ({ owner, limit, leaseMs }) => {
      const now = clock.now();
      const due = [...byId.values()]
        .filter((j) => j.runAt <= now && (j.status === 'pending' || (j.status === 'leased' && (j.leaseExpiresAt ?? 0) <= now)))
        .sort((a, b) => a.runAt - b.runAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
      const leased = due.map((job) => {
        const next: OutboxJob = { ...job, status: 'leased', leaseOwner: owner, leaseExpiresAt: now + leaseMs, attempts: job.attempts + 1, updatedAt: now };
        byId.set(next.id, next);
        return copy(next);
      });
      return Promise.resolve(leased);
    },

    markInFlight: (id, owner, at) => {
      const job = byId.get(id);
      if (job === undefined) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
      if (job.status !== 'pending' && (job.status !== 'leased' || job.leaseOwner !== owner)) {
        throw storageError('LEASE_LOST', `Outbox job ${id} is ${job.status === 'leased' ? 'leased by another owner' : job.status}, not available to ${owner}`, 'owner');
      }
      const { inFlightAt: _previous, ...rest } = job;
      const next: OutboxJob = { ...rest, ...(at === null ? {} : { inFlightAt: at }), updatedAt: clock.now() };
      byId.set(id, next);
      return Promise.resolve(copy(next));
    },

    complete: (id, owner) => Promise.resolve(release(held(id, owner), { status: 'done' })),

    reschedule: (id, owner, { runAt, error }) => Promise.resolve(release(held(id, owner), { status: 'pending', runAt, lastError: error })),

    deadLetter: (id, owner, reason) => Promise.resolve(release(held(id, owner), { status: 'dead', deadReason: reason })),

    listDeadLetters: (page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string'] as const);
      const rows = [...byId.values()]
        .filter((j) => j.status === 'dead' && (after === undefined || j.id > after[0]))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, limit + 1);
      return Promise.resolve(toPage(rows.map(copy), limit, (j) => [j.id]));
    },

    requeue: (id, runAt) => {
      const job = byId.get(id);
      if (job === undefined) throw storageError('NOT_FOUND', `Outbox job ${id} does not exist`, 'id');
      if (job.status !== 'dead') throw storageError('CONFLICT', `Outbox job ${id} is ${job.status}; only a dead-lettered job can be requeued`, 'id');
      const { deadReason: _reason, inFlightAt: _inFlight, ...rest } = job;
      const next: OutboxJob = { ...rest, status: 'pending', runAt, attempts: 0, updatedAt: clock.now() };
      byId.set(id, next);
      return Promise.resolve(copy(next));
    },

    get: (id) => Promise.resolve(copy(byId.get(id) ?? null)),
  };
}
