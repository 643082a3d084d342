import type { ConsentRecord, ConsentRepository, IdGenerator } from './switchboard.js';
import { consentRecordSchema } from './switchboard.js';
import type { Database } from './database.js';
import { data, dataOf } from './database.js';

export function postgresConsents(db: Database, ids: IdGenerator): ConsentRepository {
  const table = db.table('consents');
  return {
    append: async (input) => {
      const record: ConsentRecord = { id: ids.next('cs'), ...input };
      // seq (bigserial) records insertion order, the tie-breaker for equal recordedAt.
      await db.run(
        `INSERT INTO ${table} (id, contact_id, channel, purpose, recorded_at, data) VALUES ($1, $2, $3, $4, $5, $6)`,
        [record.id, record.contactId, record.channel, record.purpose, record.recordedAt, JSON.stringify(record)],
      );
      return record;
    },

    listByContact: async (contactId, channel) =>
      dataOf(
        channel === undefined
          ? await db.rows(`SELECT data FROM ${table} WHERE contact_id = $1 ORDER BY recorded_at, seq`, [contactId])
          : await db.rows(`SELECT data FROM ${table} WHERE contact_id = $1 AND channel = $2 ORDER BY recorded_at, seq`, [contactId, channel]),
        consentRecordSchema,
      ),

    latest: async (contactId, channel, purpose) =>
      data(
        await db.one(
          `SELECT data FROM ${table} WHERE contact_id = $1 AND channel = $2 AND purpose = $3 ORDER BY recorded_at DESC, seq DESC LIMIT 1`,
          [contactId, channel, purpose],
        ),
        consentRecordSchema,
      ),
  };
}
