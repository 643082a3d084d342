import { z } from 'zod';
import { parseWith } from '../core/validation.js';
import type { ContactAddress } from '../model/contact.js';
import type { ConsentRecord } from '../model/consent.js';
import { consentRecordSchema, consentSourceSchema } from '../model/consent.js';
import type { NewConsentRecord } from '../ports/consents.js';
import type { Runtime } from './runtime.js';
import { toAddress } from './send/resolve-target.js';

/** A consent fact the CRM collected: a signup form, an import, an operator's note. */
export interface RecordConsentInput {
  channel: string;
  /** A phone number (any format; the default country applies), a VK user id, or an address. */
  to: string | ContactAddress;
  purpose: ConsentRecord['purpose'];
  status: ConsentRecord['status'];
  /** Where it came from. Default `api`. */
  source?: ConsentRecord['source'];
  /** Evidence: the form, import batch or acting user. */
  proof?: ConsentRecord['proof'];
  /** When it happened. Default: now. */
  recordedAt?: number;
}

const inputSchema = z.object({
  channel: z.string().min(1),
  to: z.union([z.string().min(1), z.object({ kind: z.string(), value: z.string() })]),
  purpose: consentRecordSchema.shape.purpose,
  status: consentRecordSchema.shape.status,
  source: consentSourceSchema.optional(),
  proof: consentRecordSchema.shape.proof.optional(),
  recordedAt: consentRecordSchema.shape.recordedAt.optional(),
}).strict();

/**
 * Appends a consent fact for the contact at `to` (created when new) and emits `consent.changed`.
 * Marketing templates need an opt-in on record; transactional ones need the customer to have
 * written first or an opt-in (business-initiated messages to a new number need one).
 * @throws SwitchboardError `INVALID_INPUT`, `INVALID_PHONE`, `UNKNOWN_CHANNEL`.
 */
export async function recordConsent(rt: Runtime, input: RecordConsentInput): Promise<ConsentRecord> {
  parseWith(inputSchema, input, 'recordConsent input');
  const adapter = rt.channels.get(input.channel);
  const contact = await rt.store.contacts.upsert({ addresses: [toAddress(rt, input.to, adapter.channel)], channel: adapter.channel });
  const record = await rt.store.consents.append({
    contactId: contact.id, channel: adapter.channel, purpose: input.purpose, status: input.status,
    source: input.source ?? 'api', proof: input.proof ?? {}, recordedAt: input.recordedAt ?? rt.clock.now(),
  });
  rt.events.emit('consent.changed', { record });
  return record;
}

/**
 * Stores a consent fact that Switchboard observed (a provider's refusal or event, the
 * customer's own opt-out words) and announces it with `consent.changed`, unless it restates the
 * latest fact for the same contact, channel and purpose: same status, same source, same
 * instant. One WhatsApp marketing opt-out (131050) arrives both as a failed status and as the
 * adapter's own `consent.changed` event; it is one fact, stored once. Returns the stored record,
 * or `null` when the fact was already on record.
 */
export async function recordObservedConsent(rt: Runtime, record: NewConsentRecord): Promise<ConsentRecord | null> {
  const latest = await rt.store.consents.latest(record.contactId, record.channel, record.purpose);
  if (latest !== null && latest.status === record.status && latest.source === record.source && latest.recordedAt === record.recordedAt) return null;
  const stored = await rt.store.consents.append(record);
  rt.events.emit('consent.changed', { record: stored });
  return stored;
}
