import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../src/core/clock.js';
import { hasErrorCode } from '../../../src/core/errors.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import type { ConsentRecord } from '../../../src/model/consent.js';
import { consentRecordSchema } from '../../../src/model/consent.js';
import { assertConsent, checkConsent, consentRefusalError } from '../../../src/policy/index.js';

const T = Date.parse('2026-11-21T09:00:00Z');
const ids = createIdGenerator({ clock: { now: () => T } });
const contactId = ids.next('ct');

function record(purpose: ConsentRecord['purpose'], status: ConsentRecord['status'], recordedAt: number, source: ConsentRecord['source'] = 'keyword'): ConsentRecord {
  return { id: ids.next('cs'), contactId, channel: 'whatsapp', purpose, status, source, proof: { messageId: 'wamid.1' }, recordedAt };
}
const optIn = (purpose: ConsentRecord['purpose'], at: number) => record(purpose, 'opted_in', at, 'form');
const optOut = (purpose: ConsentRecord['purpose'], at: number) => record(purpose, 'opted_out', at);

describe('checkConsent: tiers from the seeds (first contact → transactional; marketing → explicit opt-in)', () => {
  it('a customer who wrote first may receive transactional messages but not marketing', () => {
    expect(checkConsent({ records: [], purpose: 'transactional', lastInboundAt: T - DAY, now: T })).toEqual({ allowed: true, purpose: 'transactional', basis: 'contacted_business' });
    expect(checkConsent({ records: [], purpose: 'marketing', lastInboundAt: T - DAY, now: T })).toEqual({ allowed: false, purpose: 'marketing', code: 'CONSENT_REQUIRED', remedy: 'opt_in' });
  });

  it('a contact who never wrote and never opted in gets nothing', () => {
    expect(checkConsent({ records: [], purpose: 'transactional', now: T })).toMatchObject({ allowed: false, code: 'CONSENT_REQUIRED' });
  });

  it('marketing needs an explicit marketing opt-in on record, which also covers transactional', () => {
    const grant = optIn('marketing', T - HOUR);
    expect(checkConsent({ records: [grant], purpose: 'marketing', now: T })).toEqual({ allowed: true, purpose: 'marketing', basis: 'opt_in', record: grant });
    expect(checkConsent({ records: [grant], purpose: 'transactional', now: T })).toEqual({ allowed: true, purpose: 'transactional', basis: 'opt_in', record: grant });
    expect(checkConsent({ records: [optIn('transactional', T - HOUR)], purpose: 'marketing', now: T })).toMatchObject({ allowed: false, code: 'CONSENT_REQUIRED' });
  });

  it('a transactional opt-in (form, import) allows notifications to a contact who never wrote', () => {
    expect(checkConsent({ records: [optIn('transactional', T - DAY)], purpose: 'transactional', now: T })).toMatchObject({ allowed: true, basis: 'opt_in' });
  });

  it('can read contact as a 24-hour implied consent only, when the host asks for it', () => {
    const input = { records: [], purpose: 'transactional', impliedConsentMs: DAY } as const;
    expect(checkConsent({ ...input, lastInboundAt: T - DAY + 1, now: T }).allowed).toBe(true);
    expect(checkConsent({ ...input, lastInboundAt: T - DAY, now: T }).allowed).toBe(false);
  });
});

describe('checkConsent: opt-outs', () => {
  it('a marketing opt-out (STOP, 131050) blocks marketing only', () => {
    const records = [optIn('marketing', T - DAY), optOut('marketing', T - HOUR)];
    expect(checkConsent({ records, purpose: 'marketing', now: T })).toEqual({ allowed: false, purpose: 'marketing', code: 'OPTED_OUT', remedy: 'opt_in', record: records[1] });
    expect(checkConsent({ records, purpose: 'transactional', lastInboundAt: T - DAY, now: T }).allowed).toBe(true);
  });

  it('an opt-out of everything (STOPALL) blocks both purposes', () => {
    const records = [optIn('marketing', T - DAY), optOut('all', T - HOUR)];
    expect(checkConsent({ records, purpose: 'marketing', now: T })).toMatchObject({ allowed: false, code: 'OPTED_OUT' });
    expect(checkConsent({ records, purpose: 'transactional', lastInboundAt: T - HOUR, now: T })).toMatchObject({ allowed: false, code: 'OPTED_OUT' });
  });

  it('after STOPALL, a customer who writes again may be answered (transactional), but still gets no marketing', () => {
    const records = [optIn('marketing', T - DAY), optOut('all', T - HOUR)];
    expect(checkConsent({ records, purpose: 'transactional', lastInboundAt: T - HOUR + 1, now: T })).toEqual({ allowed: true, purpose: 'transactional', basis: 'wrote_after_opt_out' });
    expect(checkConsent({ records, purpose: 'marketing', lastInboundAt: T - HOUR + 1, now: T })).toMatchObject({ allowed: false, code: 'OPTED_OUT' });
  });

  it('START lifts opt-outs and restores what was granted before, but grants no new marketing consent', () => {
    const hadMarketing = [optIn('marketing', T - 3 * DAY), optOut('all', T - 2 * DAY), optIn('all', T - DAY)];
    expect(checkConsent({ records: hadMarketing, purpose: 'marketing', now: T })).toMatchObject({ allowed: true, basis: 'opt_in' });
    const neverHad = [optOut('all', T - 2 * DAY), optIn('all', T - DAY)];
    expect(checkConsent({ records: neverHad, purpose: 'marketing', now: T })).toMatchObject({ allowed: false, code: 'CONSENT_REQUIRED' });
    expect(checkConsent({ records: neverHad, purpose: 'transactional', lastInboundAt: T - 2 * DAY, now: T })).toMatchObject({ allowed: true, basis: 'contacted_business' });
  });

  it('a newer explicit opt-in for a purpose overrides an older opt-out of it', () => {
    const records = [optOut('marketing', T - DAY), optIn('marketing', T - HOUR)];
    expect(checkConsent({ records, purpose: 'marketing', now: T })).toMatchObject({ allowed: true, record: records[1] });
  });

  it('an opt-out and an opt-in at the same millisecond: the opt-out wins, whatever the order', () => {
    const a = optIn('marketing', T - HOUR);
    const b = optOut('marketing', T - HOUR);
    expect(checkConsent({ records: [a, b], purpose: 'marketing', now: T }).allowed).toBe(false);
    expect(checkConsent({ records: [b, a], purpose: 'marketing', now: T }).allowed).toBe(false);
  });

  it('an opt-out stamped slightly after now (provider clock ahead) still counts', () => {
    expect(checkConsent({ records: [optIn('marketing', T - DAY), optOut('marketing', T + 2000)], purpose: 'marketing', now: T }).allowed).toBe(false);
  });
});

describe('checkConsent: properties', () => {
  const arbitraryRecord = fc
    .tuple(fc.constantFrom<ConsentRecord['purpose'][]>('transactional', 'marketing', 'all'), fc.constantFrom<ConsentRecord['status'][]>('opted_in', 'opted_out'), fc.integer({ min: T - 10 * DAY, max: T }))
    .map(([purpose, status, at]) => record(purpose, status, at));
  const scenario = fc.record({
    records: fc.array(arbitraryRecord, { maxLength: 12 }),
    purpose: fc.constantFrom<('transactional' | 'marketing')[]>('transactional', 'marketing'),
    lastInboundAt: fc.option(fc.integer({ min: T - 10 * DAY, max: T }), { nil: undefined }),
  });

  it('decides the same whatever order the port returns the records in', () => {
    fc.assert(
      fc.property(scenario.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.records, { minLength: s.records.length, maxLength: s.records.length }))), ([s, shuffled]) => {
        const base = { purpose: s.purpose, now: T, ...(s.lastInboundAt === undefined ? {} : { lastInboundAt: s.lastInboundAt }) };
        expect(checkConsent({ ...base, records: shuffled })).toEqual(checkConsent({ ...base, records: s.records }));
      }),
    );
  });

  it('decides the same from records stored and read back (serialized and re-parsed)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const stored = (JSON.parse(JSON.stringify(s.records)) as unknown[]).map((r) => consentRecordSchema.parse(r));
        const base = { purpose: s.purpose, now: T, ...(s.lastInboundAt === undefined ? {} : { lastInboundAt: s.lastInboundAt }) };
        expect(checkConsent({ ...base, records: stored })).toEqual(checkConsent({ ...base, records: s.records }));
      }),
    );
  });

  it('never allows marketing while the newest record touching marketing is an opt-out', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const touching = s.records.filter((r) => r.purpose !== 'transactional').sort((a, b) => a.recordedAt - b.recordedAt || (a.status === 'opted_out' ? 1 : -1));
        const newest = touching.at(-1);
        if (newest?.status === 'opted_out') expect(checkConsent({ records: s.records, purpose: 'marketing', now: T }).allowed).toBe(false);
        if (newest === undefined) expect(checkConsent({ records: s.records, purpose: 'marketing', now: T }).allowed).toBe(false);
      }),
    );
  });
});

describe('checkConsent: bad input and errors', () => {
  it('refuses records of two contacts, malformed records, and a bad purpose with INVALID_INPUT', () => {
    const other = { ...optIn('marketing', T), contactId: ids.next('ct') };
    const calls = [
      () => checkConsent({ records: [optIn('marketing', T), other], purpose: 'marketing', now: T }),
      () => checkConsent({ records: [{ ...optIn('marketing', T), recordedAt: -1 }], purpose: 'marketing', now: T }),
      () => checkConsent({ records: [], purpose: 'promo' as never, now: T }),
      () => checkConsent({ records: [], purpose: 'marketing', now: Number.NaN }),
    ];
    for (const call of calls) {
      let thrown: unknown;
      try { call(); } catch (error) { thrown = error; }
      expect(hasErrorCode(thrown, 'INVALID_INPUT')).toBe(true);
    }
  });

  it('assertConsent throws OPTED_OUT / CONSENT_REQUIRED with remedy opt_in', () => {
    expect(() => assertConsent({ records: [optOut('all', T - HOUR)], purpose: 'transactional', now: T })).toThrow(expect.objectContaining({ code: 'OPTED_OUT', remedy: 'opt_in' }));
    expect(() => assertConsent({ records: [], purpose: 'marketing', now: T })).toThrow(expect.objectContaining({ code: 'CONSENT_REQUIRED', remedy: 'opt_in' }));
    expect(assertConsent({ records: [], purpose: 'transactional', lastInboundAt: T, now: T })).toMatchObject({ allowed: true });
  });

  it('names the opt-out in the error message and details', () => {
    const stop = optOut('marketing', T - HOUR);
    const error = consentRefusalError({ allowed: false, purpose: 'marketing', code: 'OPTED_OUT', remedy: 'opt_in', record: stop });
    expect(error.message).toContain('opted out of marketing messages on 2026-11-21T08:00:00.000Z (keyword)');
    expect(error.details).toEqual({ purpose: 'marketing', consentId: stop.id, recordedAt: stop.recordedAt });
  });
});
