import type { ConsentRecord } from '../../model/consent.js';
import type { ConsentRepository } from '../consents.js';
import type { MemoryDeps } from './deps.js';
import { copy } from './deps.js';

export function createMemoryConsents({ ids }: MemoryDeps): ConsentRepository {
  // Insertion order is the tie-breaker for equal recordedAt, so an array is the natural index.
  const records: ConsentRecord[] = [];

  const byContact = (contactId: string, channel?: string): ConsentRecord[] =>
    records
      .filter((r) => r.contactId === contactId && (channel === undefined || r.channel === channel))
      .map((r, seq) => ({ r, seq }))
      .sort((a, b) => a.r.recordedAt - b.r.recordedAt || a.seq - b.seq)
      .map(({ r }) => r);

  return {
    append: (input) => {
      const record: ConsentRecord = { id: ids.next('cs'), ...copy(input) };
      records.push(record);
      return Promise.resolve(copy(record));
    },
    listByContact: (contactId, channel) => Promise.resolve(byContact(contactId, channel).map(copy)),
    latest: (contactId, channel, purpose) =>
      Promise.resolve(copy(byContact(contactId, channel).filter((r) => r.purpose === purpose).at(-1) ?? null)),
  };
}
