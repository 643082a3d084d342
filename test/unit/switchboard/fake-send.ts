import type { ChannelAdapter } from '../../../src/channels/adapter.js';
import type { SwitchboardError } from '../../../src/core/errors.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Logger } from '../../../src/core/logger.js';
import { normalizePhone } from '../../../src/core/phone.js';
import type { Conversation } from '../../../src/model/conversation.js';
import type { Message } from '../../../src/model/message.js';
import type { Store } from '../../../src/ports/store.js';
import type { ChannelRegistry, SwitchboardContext } from '../../../src/switchboard/context.js';
import type { SendInput, SendOutcome } from '../../../src/switchboard/send-types.js';
import type { DialogFixture } from './fixture.js';

/**
 * A recording stand-in for the send pipeline, for unit tests of automation only: it stores the
 * outbound message under its idempotency key (so repeats are duplicates, as in the real
 * pipeline) and can refuse chosen sends. Spec tests use the real facade and simulators.
 */
export interface FakeSend {
  (input: SendInput): Promise<SendOutcome>;
  calls: SendInput[];
  refuse: ((input: SendInput) => SwitchboardError | undefined) | undefined;
}

export function fakeSend(store: Store, clock: { now(): number }): FakeSend {
  const ids = createIdGenerator({ clock });
  const send = (async (input: SendInput): Promise<SendOutcome> => {
    send.calls.push(input);
    const refusal = send.refuse?.(input);
    if (refusal !== undefined) throw refusal;
    let conversation: Conversation | null;
    if ('conversationId' in input) {
      conversation = await store.conversations.get(input.conversationId);
    } else {
      const value = typeof input.to === 'string' ? normalizePhone(input.to) : input.to.value;
      const contact = await store.contacts.upsert({ addresses: [{ kind: typeof input.to === 'string' ? 'phone' : input.to.kind, value }], channel: input.channel });
      conversation = (await store.conversations.createOpen({ channel: input.channel, accountId: input.accountId ?? '106540352242922', contactId: contact.id })).conversation;
    }
    if (conversation === null) throw new Error('fake send: no conversation');
    const message: Message = {
      id: ids.next('msg'),
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channel: conversation.channel,
      accountId: conversation.accountId,
      direction: 'outbound',
      content: input.text !== undefined ? { type: 'text', text: input.text } : { type: 'template', name: typeof input.template === 'string' ? input.template : input.template?.name ?? 'x', language: 'en', parameters: [] },
      idempotencyKey: input.idempotencyKey ?? ids.next('idem'),
      status: 'sent',
      timestamps: { sent: clock.now() },
      ...(input.operatorId === undefined ? {} : { operatorId: input.operatorId }),
      createdAt: clock.now(),
    };
    const { message: stored, created } = await store.messages.append(message);
    return { message: stored, conversation, duplicate: !created };
  }) as FakeSend;
  send.calls = [];
  send.refuse = undefined;
  return send;
}

/** A full context over a dialog fixture and a fake send. */
export function contextWith(f: DialogFixture, send: FakeSend, channels: ChannelRegistry, logger: Logger = silentLogger): SwitchboardContext {
  return { store: f.store, ledger: undefined, prices: undefined, channels, clock: f.clock, ids: createIdGenerator({ clock: f.clock }), logger, events: f.events, policy: f.policy, send };
}

/** Only what automation reads from adapters: channel and account. */
export function channelsOf(...pairs: [string, string][]): ChannelRegistry {
  const list = pairs.map(([channel, accountId]) => ({ channel, accountId, capabilities: { window: { kind: 'none' } } }) as unknown as ChannelAdapter);
  return {
    get: (channel, accountId) => {
      const found = list.find((a) => a.channel === channel && (accountId === undefined || a.accountId === accountId));
      if (found === undefined) throw new Error(`no ${channel}`);
      return found;
    },
    all: () => list,
  };
}
