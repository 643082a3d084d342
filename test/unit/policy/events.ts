import { fixturePath } from '../../fixtures/paths.js';
import { readFileSync } from 'node:fs';
import type { ConsentChangedEvent, InboundEvent, MessageReceivedEvent, MessageStatusEvent } from '../../../src/channels/adapter.js';

/** Reads a shared fixture as bytes and parses it (fixtures are never re-serialised). */
export function readFixture(path: string): unknown {
  return JSON.parse(readFileSync(fixturePath(path)).toString('utf8'));
}

let seq = 0;
const base = (channel = 'whatsapp') => ({ channel, accountId: '106540352242922', dedupeKey: `k${++seq}` });

export function customerMessage(timestamp: number, extra: Partial<MessageReceivedEvent> = {}): MessageReceivedEvent {
  return {
    ...base(extra.channel),
    type: 'message.received',
    providerMessageId: `wamid.${seq}`,
    from: { addresses: [] },
    content: { type: 'text', text: 'Hello' },
    timestamp,
    refreshesWindow: true,
    ...extra,
  };
}

export function reaction(timestamp: number): MessageReceivedEvent {
  return customerMessage(timestamp, { content: { type: 'reaction', emoji: '👍', targetProviderMessageId: 'wamid.x' }, refreshesWindow: false });
}

export function status(timestamp: number): MessageStatusEvent {
  return { ...base(), type: 'message.status', providerMessageId: 'wamid.out', status: 'read', timestamp };
}

export function echo(timestamp: number): InboundEvent {
  return { ...base('vk'), type: 'message.echo', providerMessageId: '5', peer: { kind: 'vk_user', value: '578716413' }, content: { type: 'text', text: 'Hi' }, timestamp };
}

/** VK `message_allow` / `message_deny` as an adapter reports them: a consent change for every purpose. */
export function permission(allowed: boolean, timestamp: number): ConsentChangedEvent {
  return {
    ...base('vk'), type: 'consent.changed', contact: { kind: 'vk_user', value: '578716413' },
    purpose: 'all', status: allowed ? 'opted_in' : 'opted_out', timestamp,
  };
}
