import { addressKey } from './switchboard.js';
import type { Clock, Contact, ContactRepository, IdGenerator } from './switchboard.js';
import { contactSchema } from './switchboard.js';
import type { Database, Executor } from './database.js';
import { data } from './database.js';

export function postgresContacts(db: Database, clock: Clock, ids: IdGenerator): ContactRepository {
  const contacts = db.table('contacts');
  const addresses = db.table('contact_addresses');
  const byId = async (x: Executor, id: string, lock = ''): Promise<Contact | null> =>
    data(await x.one(`SELECT data FROM ${contacts} WHERE id = $1 ${lock}`, [id]), contactSchema);

  return {
    get: (id) => byId(db, id),

    findByAddress: async (address) =>
      data(
        await db.one(`SELECT c.data FROM ${addresses} a JOIN ${contacts} c ON c.id = a.contact_id WHERE a.address_key = $1`, [addressKey(address)]),
        contactSchema,
      ),

    upsert: (input) =>
      db.transaction(async (tx) => {
        // Two upserts sharing an address must not both see "no owner" and create two contacts:
        // lock every input address first (sorted, so two upserts never wait on each other in a
        // cycle). The locks cover addresses that have no row yet, which row locks cannot.
        const keys = input.addresses.map(addressKey);
        await tx.run('SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k', [[...new Set(keys)].sort()]);
        const owners = await tx.rows(`SELECT address_key, contact_id FROM ${addresses} WHERE address_key = ANY($1::text[])`, [keys]);
        const ownerOf = new Map(owners.map((row) => [String(row.address_key), String(row.contact_id)]));
        const owner = keys.map((key) => ownerOf.get(key)).find((id) => id !== undefined);
        const now = clock.now();
        // The row lock serializes upserts that reach one contact through different addresses.
        const existing = owner === undefined ? null : await byId(tx, owner, 'FOR UPDATE');
        const contact: Contact = existing ?? { id: ids.next('ct'), addresses: [], channels: [], createdAt: now, updatedAt: now };
        if (existing === null) await tx.run(`INSERT INTO ${contacts} (id, data) VALUES ($1, '{}')`, [contact.id]);
        for (const address of input.addresses) {
          // An address owned by another contact stays with it.
          const added = await tx.run(
            `INSERT INTO ${addresses} (address_key, contact_id) VALUES ($1, $2) ON CONFLICT (address_key) DO NOTHING`,
            [addressKey(address), contact.id],
          );
          if (added === 1) contact.addresses.push({ kind: address.kind, value: address.value });
        }
        if (!contact.channels.includes(input.channel)) contact.channels.push(input.channel);
        if (input.name !== undefined) contact.name = input.name;
        contact.updatedAt = now;
        await tx.run(`UPDATE ${contacts} SET data = $1 WHERE id = $2`, [JSON.stringify(contact), contact.id]);
        return contact;
      }),
  };
}
