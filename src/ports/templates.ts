import { z } from 'zod';
import type { TemplateId } from '../core/ids.js';
import { parseId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import type { TemplateRecord } from '../model/template.js';
import {
  templateCategorySchema, templateLanguageSchema, templateNameSchema, templateRecordSchema, templateStatusSchema,
} from '../model/template.js';
import { storageError } from './errors.js';
import type { Page, PageRequest } from './page.js';
import { parsePageRequest } from './page.js';

/** Validates the filters of template listings (strict): optional status, category and language. {@link TemplateFilter} is inferred from it. */
export const templateFilterSchema = z
  .object({ status: templateStatusSchema.optional(), category: templateCategorySchema.optional(), language: templateLanguageSchema.optional() })
  .strict();
/** Filters of template listings; every given one must match. Inferred from {@link templateFilterSchema}. */
export type TemplateFilter = z.infer<typeof templateFilterSchema>;

/** Templates, unique by id and by (name, language), with optimistic concurrency through `version`. */
export interface TemplateRepository {
  /** The template with this id, or null. */
  getById(id: TemplateId): Promise<TemplateRecord | null>;

  /** The template with this name in this language, or null. */
  getByName(name: string, language: string): Promise<TemplateRecord | null>;

  /** The template with this provider id (Meta's template id), or null. */
  getByProviderId(providerTemplateId: string): Promise<TemplateRecord | null>;

  /**
   * Creates (`expectedVersion: null`) or replaces a template, compare-and-set on the version.
   * The stored `version` is set by the store: 1 on create, `expectedVersion + 1` on update
   * (the record's own `version` is ignored). Returns the stored record.
   *
   * @throws SwitchboardError `DUPLICATE` when creating an existing id or a taken (name, language);
   *   `NOT_FOUND` when updating a missing id; `VERSION_CONFLICT` when the stored version is not
   *   `expectedVersion`.
   */
  save(record: TemplateRecord, expectedVersion: number | null): Promise<TemplateRecord>;

  /** Templates matching the filter, ordered by name, then language. */
  list(filter?: TemplateFilter, page?: PageRequest): Promise<Page<TemplateRecord>>;
}

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateTemplateRepository(inner: TemplateRepository): TemplateRepository {
  return {
    getById: async (id) => await inner.getById(parseId('tpl', id, 'id')),
    getByName: async (name, language) => {
      const validName = parseWith(templateNameSchema, name, 'templates.getByName name');
      return await inner.getByName(validName, parseWith(templateLanguageSchema, language, 'templates.getByName language'));
    },
    getByProviderId: async (providerTemplateId) =>
      await inner.getByProviderId(parseWith(z.string().min(1).max(64), providerTemplateId, 'templates.getByProviderId providerTemplateId')),
    save: async (record, expectedVersion) => {
      const valid = parseWith(templateRecordSchema, record, 'templates.save record');
      if (expectedVersion !== null && !(Number.isSafeInteger(expectedVersion) && expectedVersion > 0)) {
        throw storageError('INVALID_INPUT', 'templates.save: expectedVersion must be a positive integer, or null to create', 'expectedVersion');
      }
      return await inner.save(valid, expectedVersion);
    },
    list: async (filter, page) => {
      const validFilter = parseWith(templateFilterSchema, filter ?? {}, 'templates.list filter');
      const { cursor, limit } = parsePageRequest(page, 'templates.list');
      return await inner.list(validFilter, { limit, ...(cursor === undefined ? {} : { cursor }) });
    },
  };
}
