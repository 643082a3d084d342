import { applyCannedResponsePatch, decodeCursor, DEFAULT_PAGE_LIMIT, foldName, storageError } from './switchboard.js';
import type { CannedResponse, CannedResponseRepository, Clock, IdGenerator } from './switchboard.js';
import { cannedResponseSchema } from './switchboard.js';
import type { Database, Executor } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

export function postgresCannedResponses(db: Database, clock: Clock, ids: IdGenerator): CannedResponseRepository {
  const table = db.table('canned_responses');
  const byId = async (x: Executor, id: string, lock = ''): Promise<CannedResponse | null> =>
    data(await x.one(`SELECT data FROM ${table} WHERE id = $1 ${lock}`, [id]), cannedResponseSchema);

  return {
    create: async (input) => {
      const now = clock.now();
      const record: CannedResponse = { id: ids.next('cr'), ...input, createdAt: now, updatedAt: now, version: 1 };
      await db.run(
        `INSERT INTO ${table} (id, module, name_folded, version, data) VALUES ($1, $2, $3, $4, $5)`,
        [record.id, record.module, foldName(record.name), record.version, JSON.stringify(record)],
      );
      return record;
    },

    get: (id) => byId(db, id),

    update: (id, patch, expectedVersion) =>
      db.transaction(async (tx) => {
        const current = await byId(tx, id, 'FOR UPDATE');
        if (current === null) throw storageError('NOT_FOUND', `Canned response ${id} does not exist`, 'id');
        const next = applyCannedResponsePatch(current, patch, expectedVersion, clock.now());
        await tx.run(`UPDATE ${table} SET name_folded = $2, version = $3, data = $4 WHERE id = $1`, [id, foldName(next.name), next.version, JSON.stringify(next)]);
        return next;
      }),

    delete: async (id) => (await db.run(`DELETE FROM ${table} WHERE id = $1`, [id])) === 1,

    search: async (criteria, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const clauses: string[] = [];
      const values: unknown[] = [];
      const p = (value: unknown): string => `$${values.push(value)}`;
      // strpos() on a JS-folded column: Unicode-aware and free of LIKE's % and _ wildcards.
      if (criteria?.name !== undefined) clauses.push(`strpos(name_folded, ${p(foldName(criteria.name))}) > 0`);
      if (criteria?.module !== undefined) clauses.push(`module = ${p(criteria.module)}`);
      if (page?.cursor !== undefined) clauses.push(`id > ${p(decodeCursor(page.cursor, ['string'] as const)[0])}::text`);
      const whereSql = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
      const rows = await db.rows(`SELECT data FROM ${table} ${whereSql} ORDER BY id LIMIT ${p(limit + 1)}`, values);
      return pageOf(rows, cannedResponseSchema, limit, (r) => [r.id]);
    },
  };
}
