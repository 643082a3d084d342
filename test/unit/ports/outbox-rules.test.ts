import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../../../src/core/ids.js';
import { SwitchboardError } from '../../../src/core/errors.js';
import type { OutboxJob } from '../../../src/model/outbox.js';
import { outboxJobSchema } from '../../../src/model/outbox.js';
import {
  compareOutboxJobsByDue, isOutboxJobDue, leaseOutboxJob, markOutboxJobInFlight, newOutboxJob, releaseOutboxJob, requeueOutboxJob,
} from '../../../src/ports/index.js';
import type { StorageErrorCode } from '../../../src/ports/index.js';

// The job rules every outbox store shares; the stores themselves are held to them by the
// outbox contract (memory, SQLite and PostgreSQL).

const ids = createIdGenerator();
const T0 = Date.UTC(2026, 10, 21, 12);
const fresh = (runAt?: number): OutboxJob =>
  newOutboxJob({ messageId: ids.next('msg'), channel: 'whatsapp', accountId: 'acc_1', ...(runAt === undefined ? {} : { runAt }) }, ids.next('job'), T0);
const leased = (owner = 'w1'): OutboxJob => leaseOutboxJob(fresh(), owner, T0, 30_000);

/** The code of the storage error `run` throws, or `undefined` when it throws none. */
function codeOf(run: () => unknown): StorageErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SwitchboardError) return (error as SwitchboardError<StorageErrorCode>).code;
    throw error;
  }
  return undefined;
}

describe('outbox job rules', () => {
  it('creates a valid pending job with no attempts, due now unless told when', () => {
    const job = fresh();
    expect(outboxJobSchema.parse(job)).toEqual(job);
    expect(job).toMatchObject({ status: 'pending', attempts: 0, runAt: T0, createdAt: T0, updatedAt: T0 });
    expect(fresh(T0 + 5_000).runAt).toBe(T0 + 5_000);
  });

  it('calls a job due when its time has come and it is pending, or leased with an expired lease', () => {
    expect(isOutboxJobDue(fresh(), T0)).toBe(true);
    expect(isOutboxJobDue(fresh(T0 + 1), T0)).toBe(false);
    const job = leased();
    expect(isOutboxJobDue(job, T0 + 29_999)).toBe(false);
    expect(isOutboxJobDue(job, T0 + 30_000)).toBe(true);
    expect(isOutboxJobDue(releaseOutboxJob(job, job.id, 'w1', { status: 'done' }, T0), T0 + 60_000)).toBe(false);
  });

  it('orders due jobs oldest runAt first, then by id', () => {
    const later = fresh(T0 + 2);
    const [x, y] = [fresh(T0 + 1), fresh(T0 + 1)].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (x === undefined || y === undefined) throw new Error('two jobs expected');
    expect([later, y, x].sort(compareOutboxJobsByDue)).toEqual([x, y, later]);
    expect(compareOutboxJobsByDue(x, x)).toBe(0);
  });

  it('leases to one owner until now + leaseMs and counts the attempt, keeping an in-flight mark', () => {
    const marked = markOutboxJobInFlight(fresh(), ids.next('job'), 'anyone', T0 - 1, T0);
    const job = leaseOutboxJob(marked, 'w2', T0 + 10, 1_000);
    expect(job).toMatchObject({ status: 'leased', leaseOwner: 'w2', leaseExpiresAt: T0 + 1_010, attempts: 1, inFlightAt: T0 - 1, updatedAt: T0 + 10 });
  });

  it('marks an attempt in flight on a pending job or one the owner holds, and clears it with null', () => {
    const job = leased('w1');
    const marked = markOutboxJobInFlight(job, job.id, 'w1', T0 + 5, T0 + 5);
    expect(marked.inFlightAt).toBe(T0 + 5);
    expect('inFlightAt' in markOutboxJobInFlight(marked, job.id, 'w1', null, T0 + 6)).toBe(false);
    expect(codeOf(() => markOutboxJobInFlight(job, job.id, 'w2', T0, T0))).toBe('LEASE_LOST');
    const done = releaseOutboxJob(job, job.id, 'w1', { status: 'done' }, T0);
    expect(codeOf(() => markOutboxJobInFlight(done, job.id, 'w1', T0, T0))).toBe('LEASE_LOST');
    expect(codeOf(() => markOutboxJobInFlight(null, job.id, 'w1', T0, T0))).toBe('NOT_FOUND');
  });

  it('releases a held job as done, pending again with the error, or dead with the reason, dropping the lease and the mark', () => {
    const job = markOutboxJobInFlight(leased('w1'), ids.next('job'), 'w1', T0, T0);
    const again = releaseOutboxJob(job, job.id, 'w1', { status: 'pending', runAt: T0 + 60_000, lastError: 'timeout' }, T0 + 1);
    expect(again).toMatchObject({ status: 'pending', runAt: T0 + 60_000, lastError: 'timeout', attempts: 1, updatedAt: T0 + 1 });
    expect(again).not.toHaveProperty('leaseOwner');
    expect(again).not.toHaveProperty('leaseExpiresAt');
    expect(again).not.toHaveProperty('inFlightAt');
    expect(releaseOutboxJob(job, job.id, 'w1', { status: 'dead', deadReason: 'bad number' }, T0)).toMatchObject({ status: 'dead', deadReason: 'bad number' });
    expect(outboxJobSchema.parse(again)).toEqual(again);
  });

  it('refuses a release by anyone but the lease holder, and of a job that is not leased', () => {
    const job = leased('w1');
    expect(codeOf(() => releaseOutboxJob(job, job.id, 'w2', { status: 'done' }, T0))).toBe('LEASE_LOST');
    expect(codeOf(() => releaseOutboxJob(fresh(), job.id, 'w1', { status: 'done' }, T0))).toBe('LEASE_LOST');
    expect(codeOf(() => releaseOutboxJob(undefined, job.id, 'w1', { status: 'done' }, T0))).toBe('NOT_FOUND');
  });

  it('requeues only a dead job: pending, a fresh retry budget, the last error kept, the reason gone', () => {
    const job = leased('w1');
    const failed = releaseOutboxJob(job, job.id, 'w1', { status: 'pending', runAt: T0, lastError: 'timeout' }, T0);
    const dead = releaseOutboxJob(leaseOutboxJob(failed, 'w1', T0, 1_000), job.id, 'w1', { status: 'dead', deadReason: 'gave up' }, T0);
    const requeued = requeueOutboxJob(dead, job.id, T0 + 9, T0 + 2);
    expect(requeued).toMatchObject({ status: 'pending', runAt: T0 + 9, attempts: 0, lastError: 'timeout', updatedAt: T0 + 2 });
    expect(requeued).not.toHaveProperty('deadReason');
    expect(codeOf(() => requeueOutboxJob(requeued, job.id, T0, T0))).toBe('CONFLICT');
    expect(codeOf(() => requeueOutboxJob(null, job.id, T0, T0))).toBe('NOT_FOUND');
  });
});
