import type { TemplateId } from '../../core/ids.js';
import type { TemplateRecord } from '../../model/template.js';
import { storageError } from '../errors.js';
import { decodeCursor, DEFAULT_PAGE_LIMIT, toPage } from '../page.js';
import type { TemplateRepository } from '../templates.js';
import { copy } from './deps.js';

const nameKey = (name: string, language: string): string => `${name}\u0000${language}`;

export function createMemoryTemplates(): TemplateRepository {
  const byId = new Map<TemplateId, TemplateRecord>();
  const byName = new Map<string, TemplateId>();

  const find = (id: TemplateId | undefined): TemplateRecord | null => (id === undefined ? null : copy(byId.get(id) ?? null));

  return {
    getById: (id) => Promise.resolve(find(id)),
    getByName: (name, language) => Promise.resolve(find(byName.get(nameKey(name, language)))),
    getByProviderId: (providerTemplateId) =>
      Promise.resolve(copy([...byId.values()].find((t) => t.providerTemplateId === providerTemplateId) ?? null)),

    save: (record, expectedVersion) => {
      const current = byId.get(record.id);
      const key = nameKey(record.name, record.language);
      const holder = byName.get(key);
      if (expectedVersion === null) {
        if (current !== undefined) throw storageError('DUPLICATE', `Template ${record.id} already exists`, 'record.id');
      } else {
        if (current === undefined) throw storageError('NOT_FOUND', `Template ${record.id} does not exist`, 'record.id');
        if (current.version !== expectedVersion) {
          throw storageError('VERSION_CONFLICT', `Template ${record.id} is at version ${current.version}, not ${expectedVersion}`, 'expectedVersion');
        }
      }
      if (holder !== undefined && holder !== record.id) {
        throw storageError('DUPLICATE', `A template named ${record.name} in ${record.language} already exists`, 'record.name');
      }
      const stored = { ...copy(record), version: expectedVersion === null ? 1 : expectedVersion + 1 };
      if (current !== undefined) byName.delete(nameKey(current.name, current.language));
      byName.set(key, stored.id);
      byId.set(stored.id, stored);
      return Promise.resolve(copy(stored));
    },

    list: (filter, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const after = page?.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string', 'string'] as const);
      const rows = [...byId.values()]
        .filter((t) => filter?.status === undefined || t.status === filter.status)
        .filter((t) => filter?.category === undefined || t.category === filter.category)
        .filter((t) => filter?.language === undefined || t.language === filter.language)
        .filter((t) => after === undefined || t.name > after[0] || (t.name === after[0] && t.language > after[1]))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.language < b.language ? -1 : a.language > b.language ? 1 : 0))
        .slice(0, limit + 1);
      return Promise.resolve(toPage(rows.map(copy), limit, (t) => [t.name, t.language]));
    },
  };
}
