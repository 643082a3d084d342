import type { SQLInputValue } from 'node:sqlite';
import { applyCannedResponsePatch, decodeCursor, DEFAULT_PAGE_LIMIT, foldName, storageError } from './switchboard.js';
import type { CannedResponse, CannedResponseRepository, Clock, IdGenerator } from './switchboard.js';
import { cannedResponseSchema } from './switchboard.js';
import type { Connection } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

export function sqliteCannedResponses(c: Connection, clock: Clock, ids: IdGenerator): CannedResponseRepository {
  const byId = (id: string): CannedResponse | null => data(c.one('SELECT data FROM canned_responses WHERE id = ?', id), cannedResponseSchema);
  const write = (r: CannedResponse): void => {
    c.run(
      `INSERT INTO canned_responses (id, module, name_folded, version, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name_folded = excluded.name_folded, version = excluded.version, data = excluded.data`,
      r.id, r.module, foldName(r.name), r.version, JSON.stringify(r),
    );
  };

  return {
    create: (input) => {
      const now = clock.now();
      const record: CannedResponse = { id: ids.next('cr'), ...input, createdAt: now, updatedAt: now, version: 1 };
      write(record);
      return Promise.resolve(record);
    },

    get: (id) => Promise.resolve(byId(id)),

    update: (id, patch, expectedVersion) =>
      Promise.resolve(
        c.immediate(() => {
          const current = byId(id);
          if (current === null) throw storageError('NOT_FOUND', `Canned response ${id} does not exist`, 'id');
          const next = applyCannedResponsePatch(current, patch, expectedVersion, clock.now());
          write(next);
          return next;
        }),
      ),

    delete: (id) => Promise.resolve(c.run('DELETE FROM canned_responses WHERE id = ?', id) === 1),

    search: (criteria, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const clauses: string[] = [];
      const params: SQLInputValue[] = [];
      // instr() on a JS-folded column: Unicode-aware and free of LIKE's % and _ wildcards.
      if (criteria?.name !== undefined) {
        clauses.push('instr(name_folded, ?) > 0');
        params.push(foldName(criteria.name));
      }
      if (criteria?.module !== undefined) {
        clauses.push('module = ?');
        params.push(criteria.module);
      }
      if (page?.cursor !== undefined) {
        clauses.push('id > ?');
        params.push(decodeCursor(page.cursor, ['string'] as const)[0]);
      }
      const whereSql = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
      const rows = c.all(`SELECT data FROM canned_responses ${whereSql} ORDER BY id LIMIT ?`, ...params, limit + 1);
      return Promise.resolve(pageOf(rows, cannedResponseSchema, limit, (r) => [r.id]));
    },
  };
}
