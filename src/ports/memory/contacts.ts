import type { ContactId } from '../../core/ids.js';
import type { Contact, ContactAddress } from '../../model/contact.js';
import { addressKey } from '../../model/contact.js';
import type { ContactRepository, UpsertContactInput } from '../contacts.js';
import type { MemoryDeps } from './deps.js';
import { copy } from './deps.js';

export function createMemoryContacts({ clock, ids }: MemoryDeps): ContactRepository {
  const byId = new Map<ContactId, Contact>();
  const ownerOf = new Map<string, ContactId>();

  function upsert(input: UpsertContactInput): Contact {
    const now = clock.now();
    const ownerId = input.addresses.map((a) => ownerOf.get(addressKey(a))).find((id) => id !== undefined);
    const existing = ownerId === undefined ? undefined : byId.get(ownerId);
    const contact: Contact = existing === undefined
      ? { id: ids.next('ct'), addresses: [], channels: [], createdAt: now, updatedAt: now }
      : copy(existing);
    for (const address of input.addresses) {
      const owner = ownerOf.get(addressKey(address));
      if (owner === undefined) {
        contact.addresses.push({ kind: address.kind, value: address.value });
        ownerOf.set(addressKey(address), contact.id);
      }
    }
    if (!contact.channels.includes(input.channel)) contact.channels.push(input.channel);
    if (input.name !== undefined) contact.name = input.name;
    contact.updatedAt = now;
    byId.set(contact.id, contact);
    return copy(contact);
  }

  return {
    get: (id) => Promise.resolve(copy(byId.get(id) ?? null)),
    findByAddress: (address: ContactAddress) => {
      const id = ownerOf.get(addressKey(address));
      return Promise.resolve(id === undefined ? null : copy(byId.get(id) ?? null));
    },
    upsert: (input) => Promise.resolve(upsert(input)),
  };
}
