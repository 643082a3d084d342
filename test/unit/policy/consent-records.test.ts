import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/core/clock.js';
import { SwitchboardError } from '../../../src/core/errors.js';
import { createIdGenerator, isId } from '../../../src/core/ids.js';
import { consentRecordSchema } from '../../../src/model/consent.js';
import {
  checkConsent, consentRecordFromEvent, consentRecordFromKeyword, consentRecordFromProviderError, detectConsentKeyword, purposeForCategory,
} from '../../../src/policy/index.js';
import { permission } from './events.js';

const T = Date.parse('2026-11-21T09:00:00Z');
const ids = createIdGenerator({ clock: { now: () => T } });
const contactId = ids.next('ct');

describe('purposeForCategory', () => {
  it('maps MARKETING to marketing, UTILITY and AUTHENTICATION to transactional', () => {
    expect(purposeForCategory('MARKETING')).toBe('marketing');
    expect(purposeForCategory('UTILITY')).toBe('transactional');
    expect(purposeForCategory('AUTHENTICATION')).toBe('transactional');
  });

  it('refuses an unknown category with INVALID_INPUT', () => {
    expect(() => purposeForCategory('SERVICE' as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('consent record builders produce valid records with their proof', () => {
  it('a bare STOP reply becomes a marketing opt-out proven by the inbound message, at its provider time', () => {
    const match = detectConsentKeyword('STOP')!;
    const record = consentRecordFromKeyword(match, { contactId, channel: 'whatsapp', messageId: 'wamid.HBgL', recordedAt: 1_750_275_992, ids });
    expect(consentRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      contactId, channel: 'whatsapp', purpose: 'marketing', status: 'opted_out', source: 'keyword',
      proof: { messageId: 'wamid.HBgL', note: 'bare reply "stop" (en)' }, recordedAt: 1_750_275_992_000,
    });
    expect(isId('cs', record.id)).toBe(true);
  });

  it('START becomes an opt-in for all purposes that lifts the STOP', () => {
    const stop = consentRecordFromKeyword(detectConsentKeyword('СТОП')!, { contactId, channel: 'vk', messageId: '4512', recordedAt: T - HOUR });
    const start = consentRecordFromKeyword(detectConsentKeyword('СТАРТ')!, { contactId, channel: 'vk', messageId: '4513', recordedAt: T });
    expect(start).toMatchObject({ purpose: 'all', status: 'opted_in' });
    const grant = { ...start, id: ids.next('cs'), purpose: 'marketing' as const, source: 'form' as const, recordedAt: T - 2 * HOUR };
    expect(checkConsent({ records: [grant, stop], purpose: 'marketing', now: T }).allowed).toBe(false);
    expect(checkConsent({ records: [grant, stop, start], purpose: 'marketing', now: T }).allowed).toBe(true);
  });

  it("Meta's 131050 becomes a marketing opt-out with source provider; other errors are not consent facts", () => {
    const error = new SwitchboardError('SEND_REFUSED', 'opted out', { provider: 'whatsapp', providerCode: 131050 });
    const record = consentRecordFromProviderError(error, { contactId, channel: 'whatsapp', recordedAt: T, messageId: 'msg_1', ids });
    expect(record).toMatchObject({ purpose: 'marketing', status: 'opted_out', source: 'provider', proof: { providerCode: 131050, messageId: 'msg_1' }, recordedAt: T });
    expect(consentRecordSchema.safeParse(record).success).toBe(true);
    expect(consentRecordFromProviderError({ provider: 'whatsapp', providerCode: 131047 }, { contactId, channel: 'whatsapp', recordedAt: T })).toBeNull();
    expect(consentRecordFromProviderError({ provider: 'vk', providerCode: 131050 }, { contactId, channel: 'vk', recordedAt: T })).toBeNull();
  });

  it('an adapter consent event (VK message_deny) becomes a provider record for every purpose', () => {
    const record = consentRecordFromEvent(permission(false, T), { contactId, ids });
    expect(record).toMatchObject({ channel: 'vk', purpose: 'all', status: 'opted_out', source: 'provider', recordedAt: T });
  });

  it('refuses input that would make an invalid record (bad channel, bad time) with INVALID_INPUT', () => {
    const match = detectConsentKeyword('STOP')!;
    expect(() => consentRecordFromKeyword(match, { contactId, channel: 'WhatsApp!', messageId: 'm', recordedAt: T })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'channel' }));
    expect(() => consentRecordFromKeyword(match, { contactId, channel: 'whatsapp', messageId: 'm', recordedAt: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'recordedAt' }));
  });
});
