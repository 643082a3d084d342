import type { CannedResponseId } from '../../core/ids.js';
import type { CannedResponse } from '../../model/canned-response.js';
import type { CannedResponseRepository } from '../canned-responses.js';
import { applyCannedResponsePatch, foldName } from '../canned-responses.js';
import { storageError } from '../errors.js';
import { decodeCursor, DEFAULT_PAGE_LIMIT, toPage } from '../page.js';
import type { MemoryDeps } from './deps.js';
import { copy } from './deps.js';

export function createMemoryCannedResponses({ clock, ids }: MemoryDeps): CannedResponseRepository {
  const byId = new Map<CannedResponseId, CannedResponse>();

  return {
    create: (input) => {
      const now = clock.now();
      const record: CannedResponse = { id: ids.next('cr'), ...input, createdAt: now, updatedAt: now, version: 1 };
      byId.set(record.id, record);
      return Promise.resolve(copy(record));
    },

    get: (id) => Promise.resolve(copy(byId.get(id) ?? null)),

    update: (id, patch, expectedVersion) => {
      const current = byId.get(id);
      if (current === undefined) throw storageError('NOT_FOUND', `Canned response ${id} does not exist`, 'id');
      const next = applyCannedResponsePatch(current, patch, expectedVersion, clock.now());
      byId.set(id, next);
      return Promise.resolve(copy(next));
    },

    delete: (id) => Promise.resolve(byId.delete(id)),

    search: (criteria, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string'] as const);
      const needle = criteria?.name === undefined ? undefined : foldName(criteria.name);
      const rows = [...byId.values()]
        .filter((r) => criteria?.module === undefined || r.module === criteria.module)
        .filter((r) => needle === undefined || foldName(r.name).includes(needle))
        .filter((r) => after === undefined || r.id > after[0])
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit + 1);
      return Promise.resolve(toPage(rows.map(copy), limit, (r) => [r.id]));
    },
  };
}
