import { z } from 'zod';
import type { SwitchboardError } from '../core/errors.js';
import { parseWith } from '../core/validation.js';
import type { ConsentPurpose, ConsentRecord } from '../model/consent.js';
import { consentPurposeSchema, consentRecordSchema } from '../model/consent.js';
import type { PolicyErrorCode } from './errors.js';
import { invalidPolicyInput, policyError } from './errors.js';
import { formatTime, toDurationMs, toEpochMs, toOptionalEpochMs } from './timestamps.js';

/** The input of {@link checkConsent}: one contact's consent records on one channel and the purpose of the message. */
export interface CheckConsentInput {
  /** Every consent record of one contact on one channel, in any order (as the consent port returns them). */
  records: readonly ConsentRecord[];
  /** What the message is for; marketing needs an explicit opt-in, transactional may be implied by contact. */
  purpose: ConsentPurpose;
  /** When the contact last wrote to the business on this channel; absent if they never did. */
  lastInboundAt?: number | undefined;
  /** The time of the decision (epoch ms). */
  now: number;
  /**
   * How long a customer's own message implies transactional consent. Default: no limit (the
   * seeds' tier "first-contact customers get transactional messages"). Some BSPs read it as a
   * 24-hour opt-in only (Sinch); pass `DAY` to follow that reading.
   */
  impliedConsentMs?: number | undefined;
}

/** Why a purpose is allowed. */
export type ConsentBasis =
  /** An explicit opt-in on record (for transactional, a marketing opt-in also counts). */
  | 'opt_in'
  /** Transactional only: the customer contacted the business and never opted out. */
  | 'contacted_business'
  /** Transactional only: the customer opted out of everything but wrote again afterwards. */
  | 'wrote_after_opt_out';

/** A {@link checkConsent} decision that lets the message go out, with the basis for it. */
export interface ConsentAllowed {
  allowed: true;
  purpose: ConsentPurpose;
  basis: ConsentBasis;
  /** The opt-in record that grants it (for `opt_in`). */
  record?: ConsentRecord;
}

/** A {@link checkConsent} refusal; {@link consentRefusalError} turns it into the `OPTED_OUT` or `CONSENT_REQUIRED` error (remedy `opt_in`) the send path throws. */
export interface ConsentRefused {
  allowed: false;
  purpose: ConsentPurpose;
  /** `OPTED_OUT`: an opt-out is in force; `CONSENT_REQUIRED`: no consent on record. */
  code: Extract<PolicyErrorCode, 'CONSENT_REQUIRED' | 'OPTED_OUT'>;
  remedy: 'opt_in';
  /** The opt-out record in force (for `OPTED_OUT`). */
  record?: ConsentRecord;
}

/** The answer of {@link checkConsent}; narrow it on `allowed`. It is a value, never thrown. */
export type ConsentDecision = ConsentAllowed | ConsentRefused;

const recordsSchema = z.array(consentRecordSchema);

/**
 * Decides whether a message for `purpose` may go to a contact, from the contact's consent
 * records on the channel. Pure: the same records give the same decision in any order.
 *
 * Records are folded oldest first (same timestamp: opt-ins before opt-outs, so an opt-out wins
 * a tie). An opt-out for a purpose, or for `all`, suppresses that purpose; an opt-in for a
 * purpose grants it and lifts its suppression; an opt-in for `all` (START) lifts every
 * suppression without granting anything new.
 *
 * - marketing: allowed only with a marketing opt-in in force; never implied by contact;
 * - transactional: allowed with an opt-in (transactional or marketing), or when the customer
 *   contacted the business; an opt-out of everything blocks it until the customer opts in again
 *   or writes again after the opt-out.
 *
 * @throws SwitchboardError `INVALID_INPUT` for malformed records, records of several contacts
 *   or channels, a bad purpose or timestamp (never for a refusal).
 */
export function checkConsent(input: CheckConsentInput): ConsentDecision {
  const records = parseWith(recordsSchema, input.records, 'consent records');
  const purpose = parseWith(consentPurposeSchema, input.purpose, 'purpose');
  const now = toEpochMs(input.now, 'now');
  const lastInboundAt = toOptionalEpochMs(input.lastInboundAt, 'lastInboundAt');
  const impliedMs = input.impliedConsentMs === undefined ? Number.POSITIVE_INFINITY : toDurationMs(input.impliedConsentMs, 'impliedConsentMs');
  assertOneSubject(records);

  const { granted, suppressed } = foldRecords(records)[purpose];
  const contactImplies = lastInboundAt !== undefined && now - lastInboundAt < impliedMs;

  if (suppressed !== undefined) {
    if (purpose === 'transactional' && contactImplies && lastInboundAt > suppressed.recordedAt) {
      return { allowed: true, purpose, basis: 'wrote_after_opt_out' };
    }
    return { allowed: false, purpose, code: 'OPTED_OUT', remedy: 'opt_in', record: suppressed };
  }
  if (granted !== undefined) return { allowed: true, purpose, basis: 'opt_in', record: granted };
  if (purpose === 'transactional' && contactImplies) return { allowed: true, purpose, basis: 'contacted_business' };
  return { allowed: false, purpose, code: 'CONSENT_REQUIRED', remedy: 'opt_in' };
}

/**
 * Like {@link checkConsent}, but throws the refusal.
 * @throws SwitchboardError `CONSENT_REQUIRED` or `OPTED_OUT` (remedy `opt_in`).
 */
export function assertConsent(input: CheckConsentInput): ConsentAllowed {
  const decision = checkConsent(input);
  if (!decision.allowed) throw consentRefusalError(decision);
  return decision;
}

/** The error for a consent refusal, with a message a CRM can show an operator. */
export function consentRefusalError(decision: ConsentRefused): SwitchboardError<PolicyErrorCode> {
  const message =
    decision.code === 'OPTED_OUT'
      ? `The contact opted out of ${decision.purpose} messages${decision.record === undefined ? '' : ` on ${formatTime(decision.record.recordedAt)} (${decision.record.source})`}; only the contact can opt in again.`
      : decision.purpose === 'marketing'
        ? 'Marketing messages need an explicit opt-in on record for this contact and channel.'
        : 'Transactional messages need the contact to have written first or an opt-in on record.';
  return policyError(decision.code, message, decision.remedy, {
    purpose: decision.purpose,
    ...(decision.record === undefined ? {} : { consentId: decision.record.id, recordedAt: decision.record.recordedAt }),
  });
}

interface PurposeState {
  granted?: ConsentRecord;
  suppressed?: ConsentRecord;
}

function foldRecords(records: readonly ConsentRecord[]): Record<ConsentPurpose, PurposeState> {
  const state: Record<ConsentPurpose, PurposeState> = { transactional: {}, marketing: {} };
  const ordered = [...records].sort(
    (a, b) => a.recordedAt - b.recordedAt || rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const record of ordered) {
    const purposes: ConsentPurpose[] = record.purpose === 'all' ? ['transactional', 'marketing'] : [record.purpose];
    for (const purpose of purposes) {
      const current = state[purpose];
      if (record.status === 'opted_out') state[purpose] = { ...current, suppressed: record };
      else if (record.purpose === 'all') state[purpose] = withoutSuppression(current);
      else state[purpose] = { granted: record };
    }
  }
  // A marketing opt-in is the higher tier: it also grants transactional messages.
  const marketingGrant = state.marketing.granted;
  if (state.transactional.granted === undefined && marketingGrant !== undefined) {
    state.transactional = { ...state.transactional, granted: marketingGrant };
  }
  return state;
}

function withoutSuppression(current: PurposeState): PurposeState {
  return current.granted === undefined ? {} : { granted: current.granted };
}

function rank(record: ConsentRecord): number {
  return record.status === 'opted_in' ? 0 : 1;
}

function assertOneSubject(records: readonly ConsentRecord[]): void {
  const first = records[0];
  if (first === undefined) return;
  for (const [index, record] of records.entries()) {
    if (record.contactId !== first.contactId || record.channel !== first.channel) {
      throw invalidPolicyInput(`records[${index}]`, 'all records must belong to one contact and one channel');
    }
  }
}
