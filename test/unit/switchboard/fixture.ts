import { createVirtualClock } from '../../../src/core/clock.js';
import type { VirtualClock } from '../../../src/core/clock.js';
import { TypedEmitter } from '../../../src/core/events.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import type { IdGenerator } from '../../../src/core/ids.js';
import type { Conversation } from '../../../src/model/conversation.js';
import type { AuditLog } from '../../../src/ports/audit-log.js';
import { createMemoryStore } from '../../../src/ports/index.js';
import type { Store } from '../../../src/ports/store.js';
import type { ResolvedPolicy } from '../../../src/switchboard/context.js';
import type { SwitchboardEvents } from '../../../src/switchboard/events.js';

export const START = Date.UTC(2026, 10, 20, 9, 0);

export interface DialogFixture {
  store: Store;
  auditLog: AuditLog;
  clock: VirtualClock;
  ids: IdGenerator;
  events: TypedEmitter<SwitchboardEvents>;
  policy: ResolvedPolicy;
  /** Every emitted event, in order, as [name, payload]. */
  emitted: [string, unknown][];
  openDialog(phoneOrVkId?: string, channel?: string, accountId?: string): Promise<Conversation>;
}

export function policyWith(overrides: Partial<ResolvedPolicy> = {}): ResolvedPolicy {
  return {
    requireClaimToReply: false,
    operators: undefined,
    onMessageAfterCompleted: 'reopen',
    windowSafetyMarginMs: 0,
    defaultCountry: undefined,
    ...overrides,
  };
}

const RECORDED = [
  'conversation.assigned', 'conversation.participants_changed', 'conversation.closed', 'conversation.restored',
  'conversation.handoff_requested', 'broadcast.progress', 'broadcast.completed',
] as const;

export function dialogFixture(policy: Partial<ResolvedPolicy> = {}): DialogFixture {
  const clock = createVirtualClock(START);
  const ids = createIdGenerator({ clock });
  const store = createMemoryStore({ clock, ids });
  const events = new TypedEmitter<SwitchboardEvents>();
  const emitted: [string, unknown][] = [];
  for (const name of RECORDED) events.on(name, (payload) => { emitted.push([name, payload]); });
  let contactCount = 0;
  return {
    store,
    auditLog: store.auditLog,
    clock,
    ids,
    events,
    policy: policyWith(policy),
    emitted,
    openDialog: async (vkUser, channel = 'vk', accountId = '232142875') => {
      contactCount += 1;
      const contact = await store.contacts.upsert({ addresses: [{ kind: 'vk_user', value: vkUser ?? `70000${String(contactCount)}` }], channel, name: 'Ivan Petrov' });
      const { conversation } = await store.conversations.createOpen({ channel, accountId, contactId: contact.id, lastInboundAt: clock.now() });
      return conversation;
    },
  };
}
