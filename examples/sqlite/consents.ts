import { data } from './database.js';
import type { Connection } from './database.js';
import type { ConsentRecord, ConsentRepository, IdGenerator } from './switchboard.js';
import { consentRecordSchema } from './switchboard.js';

export function sqliteConsents(c: Connection, ids: IdGenerator): ConsentRepository {
  const rows = (contactId: string, channel?: string): ConsentRecord[] =>
    (channel === undefined
      ? c.all('SELECT data FROM consents WHERE contact_id = ? ORDER BY recorded_at, seq', contactId)
      : c.all('SELECT data FROM consents WHERE contact_id = ? AND channel = ? ORDER BY recorded_at, seq', contactId, channel)
    ).map((row) => data(row, consentRecordSchema)).filter((r): r is ConsentRecord => r !== null);

  return {
    append: (input) => {
      const record: ConsentRecord = { id: ids.next('cs'), ...input };
      // seq (AUTOINCREMENT) records insertion order, the tie-breaker for equal recordedAt.
      c.run(
        'INSERT INTO consents (id, contact_id, channel, purpose, recorded_at, data) VALUES (?, ?, ?, ?, ?, ?)',
        record.id, record.contactId, record.channel, record.purpose, record.recordedAt, JSON.stringify(record),
      );
      return Promise.resolve(record);
    },
    listByContact: (contactId, channel) => Promise.resolve(rows(contactId, channel)),
    latest: (contactId, channel, purpose) =>
      Promise.resolve(
        data(
          c.one(
            'SELECT data FROM consents WHERE contact_id = ? AND channel = ? AND purpose = ? ORDER BY recorded_at DESC, seq DESC LIMIT 1',
            contactId, channel, purpose,
          ),
          consentRecordSchema,
        ),
      ),
  };
}
