import { addressKey } from './switchboard.js';
import type { Clock, Contact, ContactId, ContactRepository, IdGenerator } from './switchboard.js';
import { contactSchema } from './switchboard.js';
import type { Connection } from './database.js';
import { data } from './database.js';

export function sqliteContacts(c: Connection, clock: Clock, ids: IdGenerator): ContactRepository {
  const byId = (id: string): Contact | null => data(c.one('SELECT data FROM contacts WHERE id = ?', id), contactSchema);
  const ownerOf = (key: string): ContactId | null => {
    const row = c.one('SELECT contact_id FROM contact_addresses WHERE address_key = ?', key);
    return typeof row?.contact_id === 'string' ? (row.contact_id as ContactId) : null;
  };

  return {
    get: (id) => Promise.resolve(byId(id)),

    findByAddress: (address) => {
      const owner = ownerOf(addressKey(address));
      return Promise.resolve(owner === null ? null : byId(owner));
    },

    upsert: (input) =>
      Promise.resolve(
        c.immediate(() => {
          const now = clock.now();
          const owner = input.addresses.map((a) => ownerOf(addressKey(a))).find((id) => id !== null);
          const existing = owner === undefined ? null : byId(owner);
          const contact: Contact = existing ?? { id: ids.next('ct'), addresses: [], channels: [], createdAt: now, updatedAt: now };
          if (existing === null) c.run('INSERT INTO contacts (id, data) VALUES (?, ?)', contact.id, '{}');
          for (const address of input.addresses) {
            // OR IGNORE: an address owned by another contact stays with it.
            if (c.run('INSERT OR IGNORE INTO contact_addresses (address_key, contact_id) VALUES (?, ?)', addressKey(address), contact.id) === 1) {
              contact.addresses.push({ kind: address.kind, value: address.value });
            }
          }
          if (!contact.channels.includes(input.channel)) contact.channels.push(input.channel);
          if (input.name !== undefined) contact.name = input.name;
          contact.updatedAt = now;
          c.run('UPDATE contacts SET data = ? WHERE id = ?', JSON.stringify(contact), contact.id);
          return contact;
        }),
      ),
  };
}
