/**
 * The code blocks of docs/window-and-consent.md, run against the real API with small stand-ins
 * for the adapter, clock and conversation, so the guide cannot drift from the code. (Imported from
 * the policy barrel, which `switchboard` re-exports, so other modules in progress do not matter.)
 */
import { describe, expect, it } from 'vitest';
import type { ChannelCapabilities } from '../../../src/channels/adapter.js';
import { createVirtualClock, DAY, HOUR } from '../../../src/core/clock.js';
import { SwitchboardError } from '../../../src/core/errors.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import type { Conversation } from '../../../src/model/conversation.js';
import { createMemoryStore } from '../../../src/ports/index.js';
import {
  applyWindowFact, checkConsent, checkWindow, classifyProviderRefusal, closedUnansweredFilter, consentRecordFromKeyword,
  detectConsentKeyword, purposeForCategory, windowClosingWithinFilter,
} from '../../../src/policy/index.js';

const clock = createVirtualClock(new Date('2026-11-21T09:00:00Z'));
const ids = createIdGenerator({ clock });
const contactId = ids.next('ct');
const whatsapp = { capabilities: { window: { kind: 'session', durationMs: 24 * HOUR }, templates: true } satisfies Pick<ChannelCapabilities, 'window' | 'templates'> };
const vk = { capabilities: { window: { kind: 'permission' }, templates: false } satisfies Pick<ChannelCapabilities, 'window' | 'templates'> };

describe('docs/window-and-consent.md examples', () => {
  it('checkWindow: the operator banner', () => {
    const adapter = whatsapp;
    const conversation: Partial<Conversation> = { lastInboundAt: clock.now() - 25 * HOUR };
    const decision = checkWindow({
      capabilities: adapter.capabilities,
      conversation,
      now: clock.now(),
      kind: 'free_form',
      safetyMarginMs: 60_000,
    });
    expect(decision).toMatchObject({ allowed: false, reason: 'expired', remedy: 'template' });
  });

  it('classifyProviderRefusal + applyWindowFact: a VK 950', () => {
    const adapter = vk;
    let conversation: Partial<Conversation> = { messagesAllowed: true, messagesAllowedAt: clock.now() - DAY };
    const error = new SwitchboardError('SEND_REFUSED', "Can't send message, reply timed out", { provider: 'vk', providerCode: 950 });
    const fact = classifyProviderRefusal(error, clock.now());
    if (fact?.kind === 'reply_timed_out' || fact?.kind === 'permission_denied') {
      conversation = applyWindowFact(conversation, fact.fact, { rule: adapter.capabilities.window, now: clock.now() });
    }
    expect(conversation.messagesAllowed).toBe(false);
  });

  it('list filters', () => {
    const adapter = whatsapp;
    const replySoon = windowClosingWithinFilter({ capabilities: adapter.capabilities, now: clock.now(), within: 2 * HOUR });
    const waiting = closedUnansweredFilter({ capabilities: adapter.capabilities, now: clock.now() });
    expect(replySoon).toEqual({ lastInboundBetween: { from: clock.now() - DAY + 1, to: clock.now() - 22 * HOUR }, now: clock.now() });
    expect(waiting).toMatchObject({ unanswered: true });
  });

  it('checkConsent for a template', async () => {
    const store = createMemoryStore({ clock });
    const contact = { id: contactId };
    const template = { category: 'MARKETING' as const };
    const conversation: Partial<Conversation> = { lastInboundAt: clock.now() - HOUR };
    const decision = checkConsent({
      records: await store.consents.listByContact(contact.id, 'whatsapp'), // this contact, this channel
      purpose: purposeForCategory(template.category),
      lastInboundAt: conversation.lastInboundAt,
      now: clock.now(),
    });
    expect(decision).toMatchObject({ allowed: false, code: 'CONSENT_REQUIRED' });
  });

  it('detectConsentKeyword + consentRecordFromKeyword, stored through the consent port', async () => {
    const store = createMemoryStore({ clock });
    const text = 'СТОП';
    const messageId = '4512';
    const event = { timestamp: 1_767_225_600 };
    const match = detectConsentKeyword(text, { language: 'ru' });
    expect(match).not.toBeNull();
    if (match !== null) {
      const record = consentRecordFromKeyword(match, { contactId, channel: 'vk', messageId, recordedAt: event.timestamp });
      expect(record).toMatchObject({ purpose: 'marketing', status: 'opted_out', recordedAt: 1_767_225_600_000 });
      const { id: _id, ...fact } = record;
      await store.consents.append(fact);
      // The port refuses the record with its id: the guide shows why the id is left out.
      await expect(store.consents.append(record)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    const stored = await store.consents.listByContact(contactId, 'vk');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: 'keyword', status: 'opted_out', proof: { messageId } });
  });
});
