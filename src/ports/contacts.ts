import { z } from 'zod';
import type { ContactId } from '../core/ids.js';
import { parseId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import { channelNameSchema } from '../model/common.js';
import type { Contact, ContactAddress } from '../model/contact.js';
import { contactAddressSchema } from '../model/contact.js';

/**
 * Validates the input of {@link ContactRepository.upsert} (strict: unknown keys are refused):
 * 1–32 valid addresses, an optional display name up to 256 characters and the channel.
 * {@link UpsertContactInput} is inferred from it.
 */
export const upsertContactInputSchema = z
  .object({
    /** Addresses this person was seen at; phones must already be E.164 (see `normalizePhone`). */
    addresses: z.array(contactAddressSchema).min(1).max(32),
    /** The provider-reported display name; replaces the stored one when given. */
    name: z.string().max(256).optional(),
    /** The channel the person was seen on; added to the contact's `channels`. */
    channel: channelNameSchema,
  })
  .strict();
/** What a channel learnt about a person: their addresses, name and channel. Inferred from {@link upsertContactInputSchema}. */
export type UpsertContactInput = z.infer<typeof upsertContactInputSchema>;

/**
 * Contacts, unique by address: a `kind:value` address (see `addressKey`) belongs to at most one
 * contact, so the same phone never becomes two contacts.
 */
export interface ContactRepository {
  /** The contact with this id, or null. */
  get(id: ContactId): Promise<Contact | null>;

  /** The contact owning this address (exact `kind` and `value`), or null. */
  findByAddress(address: ContactAddress): Promise<Contact | null>;

  /**
   * Finds the contact owning any of `addresses` and merges the input into it, or creates one.
   *
   * Atomic: concurrent upserts sharing an address (also from two app instances on one database)
   * yield one contact. When the addresses match several contacts, the contact owning the first
   * matching address (in input order) is updated, and addresses owned by other contacts stay
   * with their owners: an address never moves between contacts and contacts are never merged.
   * New addresses are appended; `channel` is added to `channels`; `name` replaces the stored
   * name when given; `updatedAt` is the store clock's time.
   *
   * @throws SwitchboardError `INVALID_INPUT` naming the field (e.g. `addresses[0].value` for a
   *   phone that is not E.164).
   * @example
   * const contact = await store.contacts.upsert({
   *   addresses: [{ kind: 'phone', value: normalizePhone('+1 415 555 0123') }],
   *   name: 'Ada', channel: 'whatsapp',
   * });
   */
  upsert(input: UpsertContactInput): Promise<Contact>;
}

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateContactRepository(inner: ContactRepository): ContactRepository {
  return {
    get: async (id) => await inner.get(parseId('ct', id, 'id')),
    findByAddress: async (address) => await inner.findByAddress(parseWith(contactAddressSchema, address, 'contacts.findByAddress address')),
    upsert: async (input) => await inner.upsert(parseWith(upsertContactInputSchema, input, 'contacts.upsert input')),
  };
}
