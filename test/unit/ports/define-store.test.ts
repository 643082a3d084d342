import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src/core/clock.js';
import { newId } from '../../../src/core/ids.js';
import type { Store } from '../../../src/ports/index.js';
import { applyConversationPatch, createMemoryStore, defineStore, matchesConversationQuery } from '../../../src/ports/index.js';
import type { Conversation } from '../../../src/model/index.js';

/** A store whose every method records that it was reached. */
function spyStore(): { store: Store; reached: string[] } {
  const reached: string[] = [];
  const inner = createMemoryStore({ clock: createVirtualClock(0) });
  const store = Object.fromEntries(
    Object.entries(inner).map(([port, methods]) => [
      port,
      Object.fromEntries(
        Object.entries(methods as Record<string, (...args: unknown[]) => Promise<unknown>>).map(([name, fn]) => [
          name,
          (...args: unknown[]) => {
            reached.push(`${port}.${name}`);
            return fn(...args);
          },
        ]),
      ),
    ]),
  ) as unknown as Store;
  return { store, reached };
}

describe('defineStore', () => {
  it('never lets a malformed phone, id or cursor reach the implementation', async () => {
    const { store: raw, reached } = spyStore();
    const store = defineStore(raw);
    await expect(store.contacts.upsert({ addresses: [{ kind: 'phone', value: '555-0123' }], channel: 'whatsapp' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'addresses[0].value' });
    await expect(store.conversations.get('cv_short' as never)).rejects.toMatchObject({ code: 'INVALID_ID', field: 'id' });
    await expect(store.conversations.list({}, { cursor: 'not a cursor' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(store.outbox.reschedule(newId('job'), 'w', { runAt: -5, error: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'runAt' });
    await expect(store.messages.getByIdempotencyKey('')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(reached).toEqual([]);
  });

  it('rejects (never throws synchronously) on bad input', async () => {
    const store = createMemoryStore();
    let pending: Promise<unknown> = Promise.resolve();
    expect(() => {
      pending = store.contacts.get('x' as never);
    }).not.toThrow();
    await expect(pending).rejects.toMatchObject({ code: 'INVALID_ID' });
  });

  it('passes valid input through and wraps only once', async () => {
    const { store: raw, reached } = spyStore();
    const store = defineStore(raw);
    expect(defineStore(store)).toBe(store);
    await store.dedupe.claim('k', 1000);
    expect(reached).toEqual(['dedupe.claim']);
  });
});

describe('applyConversationPatch', () => {
  const base: Conversation = {
    id: newId('cv'), channel: 'whatsapp', accountId: 'a', contactId: newId('ct'), status: 'closed', closeReason: 'spam', closedAt: 5,
    assigneeId: 'op-1', participants: [], links: [], createdAt: 1, updatedAt: 1, version: 3,
  };

  it('keeps omitted fields, removes optional fields patched to null and sets assigneeId null to unassign', () => {
    const next = applyConversationPatch(base, { status: 'open', closeReason: null, closedAt: null, assigneeId: null }, 99);
    expect(next).toEqual({ ...base, status: 'open', assigneeId: null, closeReason: undefined, closedAt: undefined, version: 4, updatedAt: 99 });
    expect('closeReason' in next).toBe(false);
    expect(base.closeReason).toBe('spam');
  });
});

describe('conversation patches', () => {
  it('accept every model field except the key, timestamps and version, and null clears optional ones', async () => {
    const clock = createVirtualClock(1_000);
    const store = createMemoryStore({ clock });
    const { conversation } = await store.conversations.createOpen({ channel: 'vk', accountId: '229875643', contactId: newId('ct'), messagesAllowed: true, messagesAllowedAt: 900 });
    expect(conversation).toMatchObject({ messagesAllowed: true, messagesAllowedAt: 900 });
    const updated = await store.conversations.update(conversation.id, { messagesAllowed: null, messagesAllowedAt: null, firstResponseAt: 950 }, 1);
    expect(updated).not.toHaveProperty('messagesAllowed');
    expect(updated).not.toHaveProperty('messagesAllowedAt');
    expect(updated.firstResponseAt).toBe(950);
    await expect(store.conversations.update(conversation.id, { version: 9 } as never, 2)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.conversations.update(conversation.id, { contactId: newId('ct') } as never, 2)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.conversations.update(conversation.id, { status: null } as never, 2)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'status' });
  });
});

describe('matchesConversationQuery', () => {
  const c = (overrides: Partial<Conversation>): Conversation => ({
    id: newId('cv'), channel: 'whatsapp', accountId: 'a', contactId: newId('ct'), status: 'open', assigneeId: null,
    participants: [], links: [], createdAt: 0, updatedAt: 0, version: 1, ...overrides,
  });

  it('treats an answer at the same millisecond as the customer message as answered', () => {
    expect(matchesConversationQuery(c({ lastInboundAt: 10, lastOutboundAt: 10 }), { unanswered: true })).toBe(false);
    expect(matchesConversationQuery(c({ lastInboundAt: 10, lastOutboundAt: 9 }), { unanswered: true })).toBe(true);
  });

  it('counts a dialog without customer messages as not unanswered and never unreplied', () => {
    expect(matchesConversationQuery(c({ lastOutboundAt: 10 }), { unanswered: false })).toBe(true);
    expect(matchesConversationQuery(c({}), { unrepliedFor: 1, now: 100 })).toBe(false);
  });
});
