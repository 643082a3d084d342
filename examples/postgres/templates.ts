import { decodeCursor, DEFAULT_PAGE_LIMIT, storageError } from './switchboard.js';
import type { TemplateRecord, TemplateRepository } from './switchboard.js';
import { templateRecordSchema } from './switchboard.js';
import type { Database, Executor } from './database.js';
import { data, isUniqueViolation } from './database.js';
import { pageOf } from './paging.js';

export function postgresTemplates(db: Database): TemplateRepository {
  const table = db.table('templates');
  const one = async (x: Executor, where: string, params: unknown[]): Promise<TemplateRecord | null> =>
    data(await x.one(`SELECT data FROM ${table} WHERE ${where}`, params), templateRecordSchema);
  const columns = (t: TemplateRecord): unknown[] => [
    t.id, t.name, t.language, t.status, t.category, t.providerTemplateId ?? null, t.version, JSON.stringify(t),
  ];
  const nameTaken = (record: TemplateRecord) =>
    storageError('DUPLICATE', `A template named ${record.name} in ${record.language} already exists`, 'record.name');

  return {
    getById: (id) => one(db, 'id = $1', [id]),
    getByName: (name, language) => one(db, 'name = $1 AND language = $2', [name, language]),
    getByProviderId: (providerTemplateId) => one(db, 'provider_template_id = $1 ORDER BY id LIMIT 1', [providerTemplateId]),

    save: (record, expectedVersion) =>
      db.transaction(async (tx) => {
        const stored: TemplateRecord = { ...record, version: expectedVersion === null ? 1 : expectedVersion + 1 };
        try {
          if (expectedVersion === null) {
            // The primary key and the (name, language) constraint decide races between creators.
            const inserted = await tx.run(
              `INSERT INTO ${table} (id, name, language, status, category, provider_template_id, version, data)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
              columns(stored),
            );
            if (inserted === 0) throw storageError('DUPLICATE', `Template ${record.id} already exists`, 'record.id');
            return stored;
          }
          const current = await one(tx, 'id = $1 FOR UPDATE', [record.id]);
          if (current === null) throw storageError('NOT_FOUND', `Template ${record.id} does not exist`, 'record.id');
          if (current.version !== expectedVersion) {
            throw storageError('VERSION_CONFLICT', `Template ${record.id} is at version ${current.version}, not ${expectedVersion}`, 'expectedVersion');
          }
          await tx.run(
            `UPDATE ${table} SET name = $2, language = $3, status = $4, category = $5, provider_template_id = $6, version = $7, data = $8
             WHERE id = $1`,
            columns(stored),
          );
          return stored;
        } catch (error) {
          if (isUniqueViolation(error, 'templates_name_language')) throw nameTaken(record);
          throw error;
        }
      }),

    list: async (filter, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const clauses: string[] = [];
      const values: unknown[] = [];
      const p = (value: unknown): string => `$${values.push(value)}`;
      if (filter?.status !== undefined) clauses.push(`status = ${p(filter.status)}`);
      if (filter?.category !== undefined) clauses.push(`category = ${p(filter.category)}`);
      if (filter?.language !== undefined) clauses.push(`language = ${p(filter.language)}`);
      if (page?.cursor !== undefined) {
        const [name, language] = decodeCursor(page.cursor, ['string', 'string'] as const);
        clauses.push(`(name, language) > (${p(name)}::text, ${p(language)}::text)`);
      }
      const whereSql = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
      const rows = await db.rows(`SELECT data FROM ${table} ${whereSql} ORDER BY name, language LIMIT ${p(limit + 1)}`, values);
      return pageOf(rows, templateRecordSchema, limit, (t) => [t.name, t.language]);
    },
  };
}
