import type { SQLInputValue } from 'node:sqlite';
import { decodeCursor, DEFAULT_PAGE_LIMIT, storageError } from './switchboard.js';
import type { TemplateRecord, TemplateRepository } from './switchboard.js';
import { templateRecordSchema } from './switchboard.js';
import type { Connection } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

export function sqliteTemplates(c: Connection): TemplateRepository {
  const one = (sql: string, ...params: SQLInputValue[]): TemplateRecord | null => data(c.one(sql, ...params), templateRecordSchema);

  return {
    getById: (id) => Promise.resolve(one('SELECT data FROM templates WHERE id = ?', id)),
    getByName: (name, language) => Promise.resolve(one('SELECT data FROM templates WHERE name = ? AND language = ?', name, language)),
    getByProviderId: (providerTemplateId) => Promise.resolve(one('SELECT data FROM templates WHERE provider_template_id = ? LIMIT 1', providerTemplateId)),

    save: (record, expectedVersion) =>
      Promise.resolve(
        c.immediate(() => {
          const current = one('SELECT data FROM templates WHERE id = ?', record.id);
          if (expectedVersion === null && current !== null) throw storageError('DUPLICATE', `Template ${record.id} already exists`, 'record.id');
          if (expectedVersion !== null) {
            if (current === null) throw storageError('NOT_FOUND', `Template ${record.id} does not exist`, 'record.id');
            if (current.version !== expectedVersion) {
              throw storageError('VERSION_CONFLICT', `Template ${record.id} is at version ${current.version}, not ${expectedVersion}`, 'expectedVersion');
            }
          }
          const holder = one('SELECT data FROM templates WHERE name = ? AND language = ?', record.name, record.language);
          if (holder !== null && holder.id !== record.id) {
            throw storageError('DUPLICATE', `A template named ${record.name} in ${record.language} already exists`, 'record.name');
          }
          const stored: TemplateRecord = { ...record, version: expectedVersion === null ? 1 : expectedVersion + 1 };
          c.run(
            `INSERT INTO templates (id, name, language, status, category, provider_template_id, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, language = excluded.language, status = excluded.status,
               category = excluded.category, provider_template_id = excluded.provider_template_id, version = excluded.version, data = excluded.data`,
            stored.id, stored.name, stored.language, stored.status, stored.category, stored.providerTemplateId ?? null, stored.version, JSON.stringify(stored),
          );
          return stored;
        }),
      ),

    list: (filter, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const clauses: string[] = [];
      const params: SQLInputValue[] = [];
      const add = (sql: string, ...values: SQLInputValue[]): void => {
        clauses.push(sql);
        params.push(...values);
      };
      if (filter?.status !== undefined) add('status = ?', filter.status);
      if (filter?.category !== undefined) add('category = ?', filter.category);
      if (filter?.language !== undefined) add('language = ?', filter.language);
      if (page?.cursor !== undefined) {
        const [name, language] = decodeCursor(page.cursor, ['string', 'string'] as const);
        add('(name > ? OR (name = ? AND language > ?))', name, name, language);
      }
      const whereSql = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
      const rows = c.all(`SELECT data FROM templates ${whereSql} ORDER BY name, language LIMIT ?`, ...params, limit + 1);
      return Promise.resolve(pageOf(rows, templateRecordSchema, limit, (t) => [t.name, t.language]));
    },
  };
}
