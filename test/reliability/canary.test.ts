/**
 * Scenario 40, the suite's self-test: the checks must fail on a deliberately broken store. Here
 * the outbox lease lets a second instance lease a job the first one holds (as a lease that reads,
 * waits, then writes would), and the duplicate-send check must notice the customer got two copies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SECOND } from '../../src/core/clock.js';
import type { OutboxJob } from '../../src/model/outbox.js';
import type { Store } from '../../src/ports/store.js';
import { providerDuplicates } from './support/audit.js';
import type { BackendFactory } from './support/backends.js';
import { memoryBackend } from './support/backends.js';
import { seeds } from './support/env.js';
import type { World } from './support/world.js';
import { createWorld } from './support/world.js';

let world: World | undefined;
afterEach(async () => { await world?.close(); world = undefined; });
const [SEED = 1] = seeds(1);

/**
 * The memory backend with a racy lease: like a lease that reads the due jobs, waits for the
 * database, then writes, it also hands out jobs another instance has just leased.
 */
const racyLease: BackendFactory = async (options) => {
  const backend = await memoryBackend(options);
  const held: OutboxJob[] = [];
  const handedOut = new Set<string>();
  const racy = (store: Store): Store => ({
    ...store,
    outbox: {
      ...store.outbox,
      lease: async (request) => {
        const mine = await store.outbox.lease(request);
        const stolen = held.filter((job) => !mine.some((m) => m.id === job.id) && !handedOut.has(`${request.owner}:${job.id}`));
        held.push(...mine);
        for (const job of stolen) handedOut.add(`${request.owner}:${job.id}`);
        return [...mine, ...stolen.map((job) => ({ ...job, leaseOwner: request.owner }))];
      },
      // A racy lease would have written the second owner into the job, so that owner's
      // in-flight mark goes through too (this wrapper only rewrites the copies it hands out).
      markInFlight: async (id, owner, at) => {
        const holder = (await store.outbox.get(id))?.leaseOwner;
        return await store.outbox.markInFlight(id, handedOut.has(`${owner}:${id}`) && holder !== undefined ? holder : owner, at);
      },
    },
  });
  return { ...backend, stores: backend.stores.map(racy) };
};

async function queuedSendRunByBothInstances(backend: BackendFactory): Promise<{ duplicates: string[]; copies: number }> {
  const w = (world = await createWorld({ seed: SEED, instances: 2, backend }));
  const conversationId = await w.waCustomer('16505551301');
  w.wa.failNext('server_error', { times: 2 });
  expect((await w.sb.send({ conversationId, text: 'left to the outbox' })).message.status).toBe('queued');
  w.clock.advance(61 * SECOND);
  await Promise.all(w.instances.map((sb) => sb.outbox.run({ limit: 5 })));
  return { duplicates: providerDuplicates({ whatsapp: w.wa.sent, vk: w.vk.sent }), copies: w.wa.sent.length };
}

describe('canary: the checks catch a broken store', () => {
  it('a racy outbox lease makes the duplicate-send check report the message sent twice', async () => {
    expect((await queuedSendRunByBothInstances(racyLease)).duplicates).toHaveLength(1);
  });

  it('the same run on the real memory store reports no duplicate', async () => {
    expect(await queuedSendRunByBothInstances(memoryBackend)).toEqual({ duplicates: [], copies: 1 });
  });
});
