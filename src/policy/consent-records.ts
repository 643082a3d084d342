import type { ConsentChangedEvent } from '../channels/adapter.js';
import type { ContactId, IdGenerator } from '../core/ids.js';
import { newId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import type { ConsentPurpose, ConsentRecord } from '../model/consent.js';
import { consentRecordSchema } from '../model/consent.js';
import type { TemplateCategory } from '../model/template.js';
import { templateCategorySchema } from '../model/template.js';
import type { ConsentKeywordMatch } from './consent-keyword.js';
import type { ProviderRefusal } from './provider-refusals.js';
import { toEpochMs } from './timestamps.js';

/** Who and where a new consent record is about. */
export interface ConsentSubject {
  contactId: ContactId;
  channel: string;
  /** Ids for the record; defaults to the process-wide generator (`newId`). */
  ids?: IdGenerator;
}

/**
 * The purpose a template category serves: `MARKETING` → `marketing`; `UTILITY` (the CRM's
 * "notification") and `AUTHENTICATION` → `transactional`.
 * @throws SwitchboardError `INVALID_INPUT` for anything else.
 */
export function purposeForCategory(category: TemplateCategory): ConsentPurpose {
  return parseWith(templateCategorySchema, category, 'template category') === 'MARKETING' ? 'marketing' : 'transactional';
}

/**
 * The record for a bare keyword reply (see `detectConsentKeyword`): source `keyword`, proof
 * the inbound message's id, `recordedAt` the message's provider timestamp.
 * @throws SwitchboardError `INVALID_INPUT` when the result would not be a valid record.
 */
export function consentRecordFromKeyword(
  match: ConsentKeywordMatch,
  input: ConsentSubject & { messageId: string; recordedAt: number },
): ConsentRecord {
  return build(input, {
    purpose: match.scope,
    status: match.action === 'opt_out' ? 'opted_out' : 'opted_in',
    source: 'keyword',
    proof: { messageId: input.messageId, note: `bare reply "${match.keyword}" (${match.language})` },
    recordedAt: toEpochMs(input.recordedAt, 'recordedAt'),
  });
}

/**
 * The record for a provider refusal that is a consent fact: WhatsApp 131050 ("user opted out
 * of marketing messages") becomes a marketing opt-out with source `provider`. Returns `null`
 * for any other error.
 */
export function consentRecordFromProviderError(
  error: ProviderRefusal,
  input: ConsentSubject & { recordedAt: number; messageId?: string },
): ConsentRecord | null {
  const code = typeof error.providerCode === 'string' ? Number(error.providerCode) : error.providerCode;
  if (error.provider !== 'whatsapp' || code !== 131050) return null;
  return build(input, {
    purpose: 'marketing',
    status: 'opted_out',
    source: 'provider',
    proof: { providerCode: 131050, ...(input.messageId === undefined ? {} : { messageId: input.messageId }), note: 'WhatsApp: user opted out of marketing messages' },
    recordedAt: toEpochMs(input.recordedAt, 'recordedAt'),
  });
}

/**
 * The record for an adapter's `consent.changed` event (VK `message_allow` / `message_deny`,
 * a provider's marketing preference webhook): source `provider`, the event's channel and time.
 */
export function consentRecordFromEvent(event: ConsentChangedEvent, input: Omit<ConsentSubject, 'channel'>): ConsentRecord {
  return build({ ...input, channel: event.channel }, {
    purpose: event.purpose,
    status: event.status,
    source: 'provider',
    proof: { ...(event.providerCode === undefined ? {} : { providerCode: event.providerCode }), note: `${event.channel} ${event.type}` },
    recordedAt: toEpochMs(event.timestamp, 'event.timestamp'),
  });
}

function build(subject: ConsentSubject, fields: Omit<ConsentRecord, 'id' | 'contactId' | 'channel'>): ConsentRecord {
  const id = subject.ids === undefined ? newId('cs') : subject.ids.next('cs');
  return parseWith(consentRecordSchema, { id, contactId: subject.contactId, channel: subject.channel, ...fields }, 'consent record');
}
