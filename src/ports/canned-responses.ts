import { z } from 'zod';
import type { CannedResponseId } from '../core/ids.js';
import { parseId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import type { CannedResponse } from '../model/canned-response.js';
import { storageError } from './errors.js';
import type { Page, PageRequest } from './page.js';
import { parsePageRequest } from './page.js';

const nameSchema = z.string().trim().min(1).max(128);
const moduleSchema = z.string().min(1).max(64);
const bodySchema = z.string().min(1).max(4096);

/**
 * Validates the input of {@link CannedResponseRepository.create} (strict): a name (trimmed,
 * 1–128 characters), the module (1–64) and the body (1–4096). {@link CreateCannedResponseInput}
 * is inferred from it.
 */
export const createCannedResponseInputSchema = z.object({ name: nameSchema, module: moduleSchema, body: bodySchema }).strict();
/** A new canned response's name, module and body; inferred from {@link createCannedResponseInputSchema}. */
export type CreateCannedResponseInput = z.infer<typeof createCannedResponseInputSchema>;

/** Fields an update may set. `module` is accepted only when it equals the stored one. */
export const cannedResponsePatchSchema = z.object({ name: nameSchema.optional(), body: bodySchema.optional(), module: moduleSchema.optional() }).strict();
/** The fields of a canned response update; inferred from {@link cannedResponsePatchSchema}. */
export type CannedResponsePatch = z.infer<typeof cannedResponsePatchSchema>;

/** Validates a canned-response search (strict): an optional name substring and an optional exact module. {@link CannedResponseSearch} is inferred from it. */
export const cannedResponseSearchSchema = z
  .object({
    /** Case-insensitive substring of the name (Unicode case folding, e.g. "прив" finds "Привет"). */
    name: z.string().min(1).max(128).optional(),
    /** Exact module. */
    module: moduleSchema.optional(),
  })
  .strict();
/** A canned-response search; every given filter must match. Inferred from {@link cannedResponseSearchSchema}. */
export type CannedResponseSearch = z.infer<typeof cannedResponseSearchSchema>;

/** Canned responses ("predefined texts"); `module` is fixed once created. */
export interface CannedResponseRepository {
  /** Creates a response with a new id, version 1 and the store clock's time. */
  create(input: CreateCannedResponseInput): Promise<CannedResponse>;

  /** The response with this id, or null. */
  get(id: CannedResponseId): Promise<CannedResponse | null>;

  /**
   * Compare-and-set update: applies `patch` if the stored version is `expectedVersion`, bumps it
   * and sets `updatedAt`.
   * @throws SwitchboardError `IMMUTABLE_FIELD` (field `module`) when the patch changes the module;
   *   `VERSION_CONFLICT`; `NOT_FOUND`.
   */
  update(id: CannedResponseId, patch: CannedResponsePatch, expectedVersion: number): Promise<CannedResponse>;

  /** Deletes the response; resolves true if it existed. */
  delete(id: CannedResponseId): Promise<boolean>;

  /** Responses matching every given criterion, in creation order (by id). */
  search(criteria?: CannedResponseSearch, page?: PageRequest): Promise<Page<CannedResponse>>;
}

/**
 * Applies an update to a stored canned response, the same way in every implementation: the
 * module is fixed at creation and the version is compared and bumped (`updatedAt` becomes `now`).
 *
 * @throws SwitchboardError `IMMUTABLE_FIELD` for a module change; `VERSION_CONFLICT` when
 *   `expectedVersion` is not the stored version.
 */
export function applyCannedResponsePatch(current: CannedResponse, patch: CannedResponsePatch, expectedVersion: number, now: number): CannedResponse {
  if (patch.module !== undefined && patch.module !== current.module) {
    throw storageError('IMMUTABLE_FIELD', `A canned response's module cannot change (it is ${current.module})`, 'patch.module');
  }
  if (current.version !== expectedVersion) {
    throw storageError('VERSION_CONFLICT', `Canned response ${current.id} is at version ${current.version}, not ${expectedVersion}`, 'expectedVersion');
  }
  return {
    ...current,
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.body === undefined ? {} : { body: patch.body }),
    updatedAt: now,
    version: current.version + 1,
  };
}

/** Folds a name for case-insensitive search; implementations store or compare this form. */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateCannedResponseRepository(inner: CannedResponseRepository): CannedResponseRepository {
  return {
    create: async (input) => await inner.create(parseWith(createCannedResponseInputSchema, input, 'cannedResponses.create input')),
    get: async (id) => await inner.get(parseId('cr', id, 'id')),
    update: async (id, patch, expectedVersion) => {
      const validId = parseId('cr', id, 'id');
      const validPatch = parseWith(cannedResponsePatchSchema, patch, 'cannedResponses.update patch');
      if (!(Number.isSafeInteger(expectedVersion) && expectedVersion > 0)) {
        throw storageError('INVALID_INPUT', 'cannedResponses.update: expectedVersion must be a positive integer', 'expectedVersion');
      }
      return await inner.update(validId, validPatch, expectedVersion);
    },
    delete: async (id) => await inner.delete(parseId('cr', id, 'id')),
    search: async (criteria, page) => {
      const valid = parseWith(cannedResponseSearchSchema, criteria ?? {}, 'cannedResponses.search criteria');
      const { cursor, limit } = parsePageRequest(page, 'cannedResponses.search');
      return await inner.search(valid, { limit, ...(cursor === undefined ? {} : { cursor }) });
    },
  };
}
