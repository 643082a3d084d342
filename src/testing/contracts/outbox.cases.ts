import { MINUTE, SECOND } from '../../core/clock.js';
import type { OutboxJobId } from '../../core/ids.js';
import { newId } from '../../core/ids.js';
import type { EnqueueJobInput } from '../../ports/outbox.js';
import { assert, present, rejectsWith } from './assert.js';
import { collectPages } from './builders.js';
import type { ContractCase } from './types.js';

const job = (overrides: Partial<EnqueueJobInput> = {}): EnqueueJobInput => ({ messageId: newId('msg'), channel: 'whatsapp', accountId: '106540352242922', ...overrides });

/** The outbox contract, case by case. */
export const outboxCases: readonly ContractCase[] = [
  {
    name: 'outbox: enqueue creates a pending job due now that get finds; enqueue is idempotent per message',
    async run({ store, clock, inspect }) {
      const input = job();
      const created = await store.outbox.enqueue(input);
      assert.equal(created.status, 'pending');
      assert.equal(created.attempts, 0);
      assert.equal(created.runAt, clock.now());
      assert.equal(created.messageId, input.messageId);
      assert.deepEqual(await store.outbox.get(created.id), created);
      assert.deepEqual(await store.outbox.enqueue({ ...input, runAt: clock.now() + MINUTE }), created);
      assert.equal(await store.outbox.get(newId('job')), null);
      if (inspect) assert.notEqual(await inspect('outboxJob', created.id), null, 'inspect finds the job');
    },
  },
  {
    name: 'outbox: lease takes only due jobs, oldest runAt first, up to the limit, counting attempts',
    async run({ store, clock }) {
      const now = clock.now();
      const later = await store.outbox.enqueue(job({ runAt: now + MINUTE }));
      const second = await store.outbox.enqueue(job({ runAt: now - 1 }));
      const first = await store.outbox.enqueue(job({ runAt: now - 2 }));
      const third = await store.outbox.enqueue(job());
      const leased = await store.outbox.lease({ owner: 'worker-a', limit: 2, leaseMs: 30 * SECOND });
      assert.deepEqual(leased.map((j) => j.id), [first.id, second.id]);
      for (const j of leased) {
        assert.equal(j.status, 'leased');
        assert.equal(j.leaseOwner, 'worker-a');
        assert.equal(j.leaseExpiresAt, now + 30 * SECOND);
        assert.equal(j.attempts, 1);
      }
      assert.deepEqual((await store.outbox.lease({ owner: 'worker-b', limit: 10, leaseMs: SECOND })).map((j) => j.id), [third.id]);
      assert.equal(present(await store.outbox.get(later.id), 'later').status, 'pending', 'a job is not run before runAt');
    },
  },
  {
    name: 'outbox: a leased job is leased again only after its lease expires, and the stale owner gets LEASE_LOST',
    async run({ store, clock }) {
      const created = await store.outbox.enqueue(job());
      await store.outbox.lease({ owner: 'worker-a', limit: 1, leaseMs: 30 * SECOND });
      clock.advance(30 * SECOND - 1);
      assert.deepEqual(await store.outbox.lease({ owner: 'worker-b', limit: 1, leaseMs: SECOND }), []);
      clock.advance(1);
      const retaken = await store.outbox.lease({ owner: 'worker-b', limit: 1, leaseMs: SECOND });
      assert.deepEqual(retaken.map((j) => [j.id, j.attempts]), [[created.id, 2]]);
      await rejectsWith(() => store.outbox.complete(created.id, 'worker-a'), 'LEASE_LOST');
      await rejectsWith(() => store.outbox.reschedule(created.id, 'worker-a', { runAt: clock.now(), error: 'timeout' }), 'LEASE_LOST');
      await rejectsWith(() => store.outbox.deadLetter(created.id, 'worker-a', 'gave up'), 'LEASE_LOST');
      assert.equal((await store.outbox.complete(created.id, 'worker-b')).status, 'done');
    },
  },
  {
    name: 'outbox: complete marks the job done and a done job is never leased again',
    async run({ store, clock }) {
      const created = await store.outbox.enqueue(job());
      await store.outbox.lease({ owner: 'worker-a', limit: 1, leaseMs: SECOND });
      const done = await store.outbox.complete(created.id, 'worker-a');
      assert.equal(done.status, 'done');
      assert.equal(done.leaseOwner, undefined);
      clock.advance(MINUTE);
      assert.deepEqual(await store.outbox.lease({ owner: 'worker-a', limit: 10, leaseMs: SECOND }), []);
      await rejectsWith(() => store.outbox.complete(created.id, 'worker-a'), 'LEASE_LOST');
      await rejectsWith(() => store.outbox.complete(newId('job'), 'worker-a'), 'NOT_FOUND');
    },
  },
  {
    name: 'outbox: reschedule returns the job to pending at runAt with the error recorded',
    async run({ store, clock }) {
      const created = await store.outbox.enqueue(job());
      await store.outbox.lease({ owner: 'worker-a', limit: 1, leaseMs: SECOND });
      const retryAt = clock.now() + MINUTE;
      const rescheduled = await store.outbox.reschedule(created.id, 'worker-a', { runAt: retryAt, error: 'HTTP 503' });
      assert.equal(rescheduled.status, 'pending');
      assert.equal(rescheduled.runAt, retryAt);
      assert.equal(rescheduled.lastError, 'HTTP 503');
      assert.equal(rescheduled.leaseOwner, undefined);
      assert.deepEqual(await store.outbox.lease({ owner: 'worker-a', limit: 1, leaseMs: SECOND }), []);
      clock.advance(MINUTE);
      assert.deepEqual((await store.outbox.lease({ owner: 'worker-b', limit: 1, leaseMs: SECOND })).map((j) => [j.id, j.attempts]), [[created.id, 2]]);
    },
  },
  {
    name: 'outbox: markInFlight records the start of an attempt durably; a later lease still sees it (the previous attempt died mid-flight)',
    async run({ store, clock }) {
      const created = await store.outbox.enqueue(job());
      const startedAt = clock.now();
      const pending = await store.outbox.markInFlight(created.id, 'inline-send', startedAt);
      assert.equal(pending.inFlightAt, startedAt, 'a pending job (the inline send) can be marked');
      assert.equal(pending.status, 'pending');
      assert.equal(present(await store.outbox.get(created.id), 'job').inFlightAt, startedAt);
      const [leased] = await store.outbox.lease({ owner: 'worker-a', limit: 1, leaseMs: SECOND });
      assert.equal(present(leased, 'leased job').inFlightAt, startedAt, 'lease keeps the mark');
      await rejectsWith(() => store.outbox.markInFlight(created.id, 'worker-b', clock.now()), 'LEASE_LOST');
      const cleared = await store.outbox.markInFlight(created.id, 'worker-a', null);
      assert.equal(cleared.inFlightAt, undefined, 'null clears the mark');
      assert.equal(cleared.leaseOwner, 'worker-a', 'marking keeps the lease');
      clock.advance(SECOND);
      assert.equal((await store.outbox.markInFlight(created.id, 'worker-a', clock.now())).inFlightAt, clock.now());
      await rejectsWith(() => store.outbox.markInFlight(newId('job'), 'worker-a', clock.now()), 'NOT_FOUND');
    },
  },
  {
    name: 'outbox: reschedule, complete, deadLetter and requeue clear the in-flight mark; a done or dead job cannot be marked',
    async run({ store, clock }) {
      const [a, b] = [await store.outbox.enqueue(job()), await store.outbox.enqueue(job())];
      await store.outbox.lease({ owner: 'worker-a', limit: 2, leaseMs: MINUTE });
      for (const j of [a, b]) await store.outbox.markInFlight(j.id, 'worker-a', clock.now());
      const rescheduled = await store.outbox.reschedule(a.id, 'worker-a', { runAt: clock.now(), error: 'HTTP 503' });
      assert.equal(rescheduled.inFlightAt, undefined, 'reschedule clears it');
      const dead = await store.outbox.deadLetter(b.id, 'worker-a', 'gave up');
      assert.equal(dead.inFlightAt, undefined, 'deadLetter clears it');
      await rejectsWith(() => store.outbox.markInFlight(b.id, 'worker-a', clock.now()), 'LEASE_LOST');
      assert.equal((await store.outbox.requeue(b.id, clock.now())).inFlightAt, undefined, 'requeue leaves it clear');
      await store.outbox.lease({ owner: 'worker-a', limit: 2, leaseMs: MINUTE });
      await store.outbox.markInFlight(a.id, 'worker-a', clock.now());
      const done = await store.outbox.complete(a.id, 'worker-a');
      assert.equal(done.inFlightAt, undefined, 'complete clears it');
      await rejectsWith(() => store.outbox.markInFlight(a.id, 'worker-a', clock.now()), 'LEASE_LOST');
    },
  },
  {
    name: 'outbox: deadLetter moves the job to dead, listDeadLetters lists it and requeue puts it back',
    async run({ store, clock }) {
      const ids: OutboxJobId[] = [];
      for (let i = 0; i < 3; i++) ids.push((await store.outbox.enqueue(job())).id);
      await store.outbox.lease({ owner: 'worker-a', limit: 3, leaseMs: SECOND });
      for (const id of ids) await store.outbox.deadLetter(id, 'worker-a', 'permanent: 131026 undeliverable');
      const dead = present(await store.outbox.get(ids[0] ?? newId('job')), 'dead job');
      assert.equal(dead.status, 'dead');
      assert.equal(dead.deadReason, 'permanent: 131026 undeliverable');
      const pages = await collectPages((cursor) => store.outbox.listDeadLetters({ limit: 2, ...(cursor === undefined ? {} : { cursor }) }));
      assert.deepEqual(pages.flat().map((j) => j.id), ids);
      clock.advance(MINUTE);
      assert.deepEqual(await store.outbox.lease({ owner: 'worker-a', limit: 10, leaseMs: SECOND }), [], 'dead jobs are never leased');
      const requeued = await store.outbox.requeue(dead.id, clock.now());
      assert.equal(requeued.status, 'pending');
      assert.equal(requeued.attempts, 0);
      assert.equal(requeued.deadReason, undefined);
      assert.equal((await store.outbox.listDeadLetters()).items.length, 2);
      assert.deepEqual((await store.outbox.lease({ owner: 'worker-b', limit: 10, leaseMs: SECOND })).map((j) => j.id), [dead.id]);
    },
  },
  {
    name: 'outbox: requeue of a job that is not dead fails with CONFLICT',
    async run({ store, clock }) {
      const created = await store.outbox.enqueue(job());
      await rejectsWith(() => store.outbox.requeue(created.id, clock.now()), 'CONFLICT');
      await rejectsWith(() => store.outbox.requeue(newId('job'), clock.now()), 'NOT_FOUND');
    },
  },
  {
    name: 'outbox: concurrent leases from two handles never hand one job to two owners',
    needsSecond: true,
    async run({ store, second }) {
      for (let i = 0; i < 10; i++) await store.outbox.enqueue(job());
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : second).outbox.lease({ owner: `worker-${i}`, limit: 3, leaseMs: MINUTE })),
      );
      const leased = batches.flat().map((j) => j.id);
      assert.equal(new Set(leased).size, leased.length, 'no job leased twice');
      assert.equal(leased.length, 10, 'every due job was leased once');
    },
  },
  {
    name: 'outbox: enqueue and lease refuse bad input, naming the field',
    async run({ store }) {
      await rejectsWith(() => store.outbox.enqueue(job({ messageId: 'msg_1' as never })), 'INVALID_INPUT', 'messageId');
      await rejectsWith(() => store.outbox.lease({ owner: 'w', limit: 1, leaseMs: 0 }), 'INVALID_INPUT', 'leaseMs');
      await rejectsWith(() => store.outbox.lease({ owner: '', limit: 1, leaseMs: 1 }), 'INVALID_INPUT', 'owner');
      await rejectsWith(() => store.outbox.complete('job_1' as never, 'w'), 'INVALID_ID', 'id');
      await rejectsWith(() => store.outbox.listDeadLetters({ cursor: 'e30' }), 'INVALID_CURSOR');
    },
  },
];
