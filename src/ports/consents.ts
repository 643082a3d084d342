import { z } from 'zod';
import type { ContactId } from '../core/ids.js';
import { parseId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import { channelNameSchema } from '../model/common.js';
import type { ConsentPurpose, ConsentRecord } from '../model/consent.js';
import { consentPurposeSchema, consentRecordSchema } from '../model/consent.js';

/** Validates a consent fact to append: a {@link ConsentRecord} without its `id`, which the store assigns (strict). {@link NewConsentRecord} is inferred from it. */
export const newConsentRecordSchema = consentRecordSchema.omit({ id: true }).strict();
/** A {@link ConsentRecord} before the store gives it an id; inferred from {@link newConsentRecordSchema}. */
export type NewConsentRecord = z.infer<typeof newConsentRecordSchema>;

const purposeSchema = z.union([consentPurposeSchema, z.literal('all')]);

/** Consent facts: append-only, never edited; the newest per (contact, channel, purpose) decides. */
export interface ConsentRepository {
  /** Stores a new fact under a new id and returns it. */
  append(record: NewConsentRecord): Promise<ConsentRecord>;

  /** A contact's facts, optionally for one channel, oldest `recordedAt` first (ties in insertion order). */
  listByContact(contactId: ContactId, channel?: string): Promise<ConsentRecord[]>;

  /**
   * The fact with the newest `recordedAt` for exactly this contact, channel and purpose (ties go
   * to the one appended last), or null. Purpose `all` is its own key; combining it with the
   * specific purposes is the consent policy's job.
   */
  latest(contactId: ContactId, channel: string, purpose: ConsentPurpose | 'all'): Promise<ConsentRecord | null>;
}

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateConsentRepository(inner: ConsentRepository): ConsentRepository {
  return {
    append: async (record) => await inner.append(parseWith(newConsentRecordSchema, record, 'consents.append record')),
    listByContact: async (contactId, channel) => {
      const validId = parseId('ct', contactId, 'contactId');
      return await inner.listByContact(validId, channel === undefined ? undefined : parseWith(channelNameSchema, channel, 'consents.listByContact channel'));
    },
    latest: async (contactId, channel, purpose) => {
      const validId = parseId('ct', contactId, 'contactId');
      const validChannel = parseWith(channelNameSchema, channel, 'consents.latest channel');
      return await inner.latest(validId, validChannel, parseWith(purposeSchema, purpose, 'consents.latest purpose'));
    },
  };
}
