// Deliberately broken storage, each with one realistic bug, to prove the contracts catch it.
// Every broken part is built on the real memory store so that only the named bug differs.
import type { VirtualClock } from '../../src/core/clock.js';
import { createVirtualClock } from '../../src/core/clock.js';
import { hasErrorCode, SwitchboardError } from '../../src/core/errors.js';
import type { MessageId, OutboxJobId } from '../../src/core/ids.js';
import { newId } from '../../src/core/ids.js';
import type { Contact, Message, OutboxJob } from '../../src/model/index.js';
import { addressKey } from '../../src/model/index.js';
import type { MessageRepository, OutboxStore, Store } from '../../src/ports/index.js';
import { createMemoryStore, decodeCursor, defineStore, encodeCursor } from '../../src/ports/index.js';
import { createMemoryAuditLog } from '../../src/ports/memory/audit-log.js';
import { createMemoryCannedResponses } from '../../src/ports/memory/canned-responses.js';
import { createMemoryConsents } from '../../src/ports/memory/consents.js';
import { createMemoryContacts } from '../../src/ports/memory/contacts.js';
import { createMemoryConversations } from '../../src/ports/memory/conversations.js';
import { createMemoryDedupe } from '../../src/ports/memory/dedupe.js';
import { createMemoryMessages } from '../../src/ports/memory/messages.js';
import { createMemoryOutbox } from '../../src/ports/memory/outbox.js';
import { createMemoryTemplates } from '../../src/ports/memory/templates.js';
import type { StoreFixture } from '../../src/testing/contracts/index.js';

/** Lets other callers run, as a database round trip between a read and a write would. */
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Breakage = (good: Store, clock: VirtualClock) => Partial<Store>;

function fixture(breakage: Breakage): () => Promise<StoreFixture> {
  return () => {
    const clock = createVirtualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
    const good = createMemoryStore({ clock });
    const store = defineStore({ ...good, ...breakage(good, clock) });
    return Promise.resolve({ store, second: store, clock });
  };
}

/** Upsert reads, then writes after a round trip: concurrent upserts create duplicate contacts. */
const racyContactUpsert: Breakage = (good, clock) => {
  const contacts: Contact[] = [];
  const find = (key: string): Contact | undefined => contacts.find((c) => c.addresses.some((a) => addressKey(a) === key));
  return {
    contacts: {
      get: (id) => Promise.resolve(contacts.find((c) => c.id === id) ?? null),
      findByAddress: (address) => Promise.resolve(find(addressKey(address)) ?? null),
      upsert: async (input) => {
        const existing = input.addresses.map((a) => find(addressKey(a))).find((c) => c !== undefined);
        await yieldToOthers();
        const now = clock.now();
        const contact = existing ?? { id: newId('ct'), addresses: [], channels: [], createdAt: now, updatedAt: now };
        for (const a of input.addresses) if (find(addressKey(a)) === undefined) contact.addresses.push(a);
        if (!contact.channels.includes(input.channel)) contact.channels.push(input.channel);
        if (input.name !== undefined) contact.name = input.name;
        contact.updatedAt = now;
        if (existing === undefined) contacts.push(contact);
        return structuredClone(contact);
      },
    },
    conversations: good.conversations,
  };
};

/** Retries version conflicts with the freshly read version: the classic way to lose updates. */
async function lastWriteWins<T>(read: () => Promise<{ version: number } | null>, write: (version: number) => Promise<T>): Promise<T> {
  for (;;) {
    const current = await read();
    try {
      return await write(current?.version ?? 1);
    } catch (error) {
      if (!hasErrorCode(error, 'VERSION_CONFLICT')) throw error;
    }
  }
}

/** Update ignores the expected version: last write wins, lost updates go unnoticed. */
const versionBlindConversations: Breakage = (good) => ({
  conversations: {
    ...good.conversations,
    update: (id, patch) => lastWriteWins(() => good.conversations.get(id), (version) => good.conversations.update(id, patch, version)),
  },
});

/** Status reports overwrite each other (no rank, no set-once), read-then-write across a round trip. */
const regressingStatuses: Breakage = () => {
  const inner = createMemoryMessages();
  const overrides = new Map<MessageId, Message>();
  const read = async (id: MessageId): Promise<Message | null> => overrides.get(id) ?? (await inner.getById(id));
  const messages: MessageRepository = {
    ...inner,
    getById: read,
    applyStatus: async (id, update) => {
      const current = await read(id);
      if (current === null) return inner.applyStatus(id, update);
      await yieldToOthers();
      const next: Message = { ...current, status: update.status, timestamps: { ...current.timestamps, [update.status]: update.at } };
      overrides.set(id, next);
      return { message: next, changed: true, advanced: true };
    },
  };
  return { messages };
};

/** Claim checks, then sets after a round trip: two concurrent callers can both win. */
const racyDedupe: Breakage = (_good, clock) => {
  const held = new Map<string, number>();
  return {
    dedupe: {
      claim: async (key, ttlMs) => {
        const taken = (held.get(key) ?? -1) > clock.now();
        await yieldToOthers();
        if (taken) return false;
        held.set(key, clock.now() + ttlMs);
        return true;
      },
      confirm: (key, ttlMs) => Promise.resolve(void held.set(key, clock.now() + ttlMs)),
      release: (key) => Promise.resolve(void held.delete(key)),
    },
  };
};

/** Claims never expire. */
const immortalDedupe: Breakage = () => {
  const held = new Set<string>();
  return {
    dedupe: {
      claim: (key) => Promise.resolve(held.has(key) ? false : Boolean(held.add(key))),
      confirm: (key) => Promise.resolve(void held.add(key)),
      release: (key) => Promise.resolve(void held.delete(key)),
    },
  };
};

/** Lease selects due jobs, then marks them after a round trip: two workers get one job. */
const racyLease: Breakage = (_good, clock) => {
  const jobs = new Map<OutboxJobId, OutboxJob>();
  const lost = (id: OutboxJobId): never => {
    throw new SwitchboardError(jobs.has(id) ? 'LEASE_LOST' : 'NOT_FOUND', `job ${id}`);
  };
  const held = (id: OutboxJobId, owner: string): OutboxJob => {
    const job = jobs.get(id);
    return job !== undefined && job.status === 'leased' && job.leaseOwner === owner ? job : lost(id);
  };
  const release = (job: OutboxJob, changes: Partial<OutboxJob>): OutboxJob => {
    const { leaseOwner: _o, leaseExpiresAt: _e, inFlightAt: _f, ...rest } = job;
    const next = { ...rest, ...changes, updatedAt: clock.now() };
    jobs.set(job.id, next);
    return next;
  };
  const outbox: OutboxStore = {
    enqueue: (input) => {
      const existing = [...jobs.values()].find((j) => j.messageId === input.messageId);
      if (existing !== undefined) return Promise.resolve(existing);
      const now = clock.now();
      const job: OutboxJob = { id: newId('job'), messageId: input.messageId, channel: input.channel, accountId: input.accountId, status: 'pending', attempts: 0, runAt: input.runAt ?? now, createdAt: now, updatedAt: now };
      jobs.set(job.id, job);
      return Promise.resolve(job);
    },
    lease: async ({ owner, limit, leaseMs }) => {
      const now = clock.now();
      const due = [...jobs.values()]
        .filter((j) => j.runAt <= now && (j.status === 'pending' || (j.status === 'leased' && (j.leaseExpiresAt ?? 0) <= now)))
        .sort((a, b) => a.runAt - b.runAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
      await yieldToOthers();
      return due.map((j) => {
        const next: OutboxJob = { ...j, status: 'leased', leaseOwner: owner, leaseExpiresAt: now + leaseMs, attempts: j.attempts + 1 };
        jobs.set(j.id, next);
        return next;
      });
    },
    markInFlight: (id, owner, at) => {
      const job = jobs.get(id);
      if (job === undefined || (job.status !== 'pending' && (job.status !== 'leased' || job.leaseOwner !== owner))) return lost(id);
      const { inFlightAt: _f, ...rest } = job;
      const next: OutboxJob = { ...rest, ...(at === null ? {} : { inFlightAt: at }), updatedAt: clock.now() };
      jobs.set(id, next);
      return Promise.resolve(next);
    },
    complete: (id, owner) => Promise.resolve(release(held(id, owner), { status: 'done' })),
    reschedule: (id, owner, { runAt, error }) => Promise.resolve(release(held(id, owner), { status: 'pending', runAt, lastError: error })),
    deadLetter: (id, owner, reason) => Promise.resolve(release(held(id, owner), { status: 'dead', deadReason: reason })),
    listDeadLetters: (page) => {
      const dead = [...jobs.values()].filter((j) => j.status === 'dead').sort((a, b) => (a.id < b.id ? -1 : 1));
      const start = page?.cursor === undefined ? 0 : decodeCursor(page.cursor, ['number'] as const)[0];
      const limit = page?.limit ?? 50;
      const items = dead.slice(start, start + limit);
      return Promise.resolve({ items, nextCursor: start + limit < dead.length ? encodeCursor([start + limit]) : null });
    },
    requeue: (id, runAt) => {
      const job = jobs.get(id);
      if (job === undefined) return lost(id);
      if (job.status !== 'dead') throw new SwitchboardError('CONFLICT', `job ${id} is not dead`);
      const { deadReason: _r, ...rest } = job;
      const next: OutboxJob = { ...rest, status: 'pending', runAt, attempts: 0 };
      jobs.set(id, next);
      return Promise.resolve(next);
    },
    get: (id) => Promise.resolve(jobs.get(id) ?? null),
  };
  return { outbox };
};

/** Template saves ignore the expected version. */
const versionBlindTemplates: Breakage = (good) => ({
  templates: {
    ...good.templates,
    save: async (record, expectedVersion) => {
      if (expectedVersion === null) return good.templates.save(record, null);
      return lastWriteWins(() => good.templates.getById(record.id), (version) => good.templates.save(record, version));
    },
  },
});

/** Canned response updates let the module change (by recreating the response). */
const mutableModule: Breakage = (good) => ({
  cannedResponses: {
    ...good.cannedResponses,
    update: async (id, patch, expectedVersion) => {
      const { module, ...rest } = patch;
      const updated = await good.cannedResponses.update(id, rest, expectedVersion);
      return module === undefined ? updated : { ...updated, module };
    },
  },
});

/** `latest` returns the last appended fact instead of the newest recordedAt. */
const lastAppendedConsent: Breakage = (good) => ({
  consents: {
    ...good.consents,
    latest: async (contactId, channel, purpose) => {
      const facts = (await good.consents.listByContact(contactId, channel)).filter((r) => r.purpose === purpose);
      return [...facts].sort((a, b) => (a.id < b.id ? -1 : 1)).at(-1) ?? null;
    },
  },
});

/** The memory repositories without `defineStore`: nothing validates input. */
function unvalidated(): Promise<StoreFixture> {
  const clock = createVirtualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
  const ids = { next: <P extends string>(prefix: P) => newId(prefix) };
  const deps = { clock, ids };
  const store: Store = {
    contacts: createMemoryContacts(deps),
    conversations: createMemoryConversations(deps),
    messages: createMemoryMessages(),
    templates: createMemoryTemplates(),
    cannedResponses: createMemoryCannedResponses(deps),
    consents: createMemoryConsents(deps),
    dedupe: createMemoryDedupe(deps),
    outbox: createMemoryOutbox(deps),
    auditLog: createMemoryAuditLog(),
  };
  return Promise.resolve({ store, second: store, clock });
}

export const brokenStores = {
  racyContactUpsert: fixture(racyContactUpsert),
  versionBlindConversations: fixture(versionBlindConversations),
  regressingStatuses: fixture(regressingStatuses),
  racyDedupe: fixture(racyDedupe),
  immortalDedupe: fixture(immortalDedupe),
  racyLease: fixture(racyLease),
  versionBlindTemplates: fixture(versionBlindTemplates),
  mutableModule: fixture(mutableModule),
  lastAppendedConsent: fixture(lastAppendedConsent),
  unvalidated,
};
