import { z } from 'zod';
import type { ConversationId } from '../core/ids.js';
import { parseId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import { accountIdSchema, channelNameSchema, idSchema } from '../model/common.js';
import type { Conversation } from '../model/conversation.js';
import { conversationSchema } from '../model/conversation.js';
import type { ConversationQuery } from './conversation-query.js';
import { conversationQuerySchema } from './conversation-query.js';
import { storageError } from './errors.js';
import type { Page, PageRequest } from './page.js';
import { parsePageRequest } from './page.js';

/** The key under which at most one conversation is open: one channel account and one contact. */
export const openConversationKeySchema = z
  .object({ channel: channelNameSchema, accountId: accountIdSchema, contactId: idSchema('ct') })
  .strict();
/** `{ channel, accountId, contactId }`: at most one open conversation exists per key. Inferred from {@link openConversationKeySchema}. */
export type OpenConversationKey = z.infer<typeof openConversationKeySchema>;

/** Fields fixed at creation or maintained by the store. */
const STORE_OWNED = { id: true, channel: true, accountId: true, contactId: true, createdAt: true, updatedAt: true, version: true } as const satisfies Record<
  Exclude<keyof Conversation, keyof ConversationMutableFields>, true
>;
const mutableFields = conversationSchema.omit(STORE_OWNED);
/**
 * The conversation fields an update may change: all but `id`, the key (`channel`, `accountId`,
 * `contactId`), `createdAt`, `updatedAt` and `version`, which the store owns.
 */
export type ConversationMutableFields = Omit<Conversation, 'id' | 'channel' | 'accountId' | 'contactId' | 'createdAt' | 'updatedAt' | 'version'>;

/**
 * What a new open conversation may start with besides its key: any field an update could set
 * except the closing ones (derived from the model, so new model fields are accepted here too).
 */
export const createOpenConversationInputSchema = openConversationKeySchema
  .extend(mutableFields.omit({ status: true, closeReason: true, closedAt: true }).partial().shape)
  .strict();
/** The input of {@link ConversationRepository.createOpen}: the key plus initial fields; validated by {@link createOpenConversationInputSchema}. */
export type CreateOpenConversationInput = OpenConversationKey & Partial<Omit<ConversationMutableFields, 'status' | 'closeReason' | 'closedAt'>>;

/**
 * The fields an update may change: every conversation field except the key, the timestamps and
 * the version. Omitted fields stay; `null` clears an optional field (and unassigns for `assigneeId`).
 */
export type ConversationPatch = {
  [K in keyof ConversationMutableFields]?: object extends Pick<ConversationMutableFields, K>
    ? Exclude<ConversationMutableFields[K], undefined> | null
    : ConversationMutableFields[K];
};

/**
 * Validates a {@link ConversationPatch} (strict: the key, timestamps and version are refused):
 * each mutable field is optional, and optional fields also accept `null` to clear them.
 * Derived from the model, so new conversation fields are patchable without changes here.
 */
export const conversationPatchSchema: z.ZodType<ConversationPatch> = z
  .object(
    Object.fromEntries(
      Object.entries(mutableFields.shape).map(([key, schema]: [string, z.ZodType]) => [
        key,
        schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType).nullable().optional() : schema.optional(),
      ]),
    ),
  )
  .strict();

/** The result of {@link ConversationRepository.createOpen}. */
export interface CreateOpenResult {
  conversation: Conversation;
  /** False when an open conversation for the key already existed and was returned instead. */
  created: boolean;
}

/**
 * Conversations, with at most one `open` conversation per (channel, accountId, contactId) and
 * optimistic concurrency through `version`.
 */
export interface ConversationRepository {
  /** The conversation with this id, or null. */
  get(id: ConversationId): Promise<Conversation | null>;

  /** The open conversation for this channel account and contact, or null. */
  findOpen(key: OpenConversationKey): Promise<Conversation | null>;

  /**
   * Returns the open conversation for the input's key, creating it (version 1, unassigned unless
   * `assigneeId` is given) when there is none.
   *
   * Atomic find-or-create: concurrent calls for one key, also from two app instances on one
   * database, yield one conversation; exactly one caller sees `created: true`.
   */
  createOpen(input: CreateOpenConversationInput): Promise<CreateOpenResult>;

  /**
   * Applies `patch` if the stored version equals `expectedVersion` (compare-and-set), bumps the
   * version by one and sets `updatedAt` to the store clock's time. Returns the updated record.
   *
   * @throws SwitchboardError `VERSION_CONFLICT` when the stored version differs (re-read and
   *   retry); `NOT_FOUND`; `DUPLICATE` when `status: 'open'` would make a second open
   *   conversation for the same key.
   */
  update(id: ConversationId, patch: ConversationPatch, expectedVersion: number): Promise<Conversation>;

  /**
   * Conversations matching every filter, newest activity first (last message either way, else
   * creation; ties by id descending), across channels. Cursors are keyset positions: items
   * created after the first page never shift later pages.
   *
   * @throws SwitchboardError `INVALID_INPUT` (e.g. a duration filter without `now`),
   *   `INVALID_CURSOR`.
   */
  list(query: ConversationQuery, page?: PageRequest): Promise<Page<Conversation>>;
}

/**
 * Applies a validated patch to a conversation: `null` removes an optional field, the version
 * grows by one and `updatedAt` becomes `now`. Shared by implementations so they agree.
 */
export function applyConversationPatch(conversation: Conversation, patch: ConversationPatch, now: number): Conversation {
  const changes = Object.entries(patch as Record<string, unknown>).filter(([, value]) => value !== undefined);
  const cleared = new Set(changes.filter(([key, value]) => value === null && key !== 'assigneeId').map(([key]) => key));
  const next = Object.fromEntries([
    ...Object.entries(conversation).filter(([key]) => !cleared.has(key)),
    ...changes.filter(([key]) => !cleared.has(key)),
    ['version', conversation.version + 1],
    ['updatedAt', now],
  ]);
  return next as Conversation;
}

/** Builds a new open conversation from validated input. */
export function newOpenConversation(input: CreateOpenConversationInput, id: ConversationId, now: number): Conversation {
  const { assigneeId, participants, links, ...rest } = input;
  return { ...rest, id, status: 'open', assigneeId: assigneeId ?? null, participants: participants ?? [], links: links ?? [], createdAt: now, updatedAt: now, version: 1 };
}

const versionSchema = z.number().int().positive();

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateConversationRepository(inner: ConversationRepository): ConversationRepository {
  return {
    get: async (id) => await inner.get(parseId('cv', id, 'id')),
    findOpen: async (key) => await inner.findOpen(parseWith(openConversationKeySchema, key, 'conversations.findOpen key')),
    createOpen: async (input) =>
      // zod omits absent optional keys, so the parsed object has no explicit undefined values.
      await inner.createOpen(parseWith(createOpenConversationInputSchema, input, 'conversations.createOpen input') as CreateOpenConversationInput),
    update: async (id, patch, expectedVersion) => {
      const validId = parseId('cv', id, 'id');
      const validPatch = parseWith(conversationPatchSchema, patch, 'conversations.update patch');
      if (!versionSchema.safeParse(expectedVersion).success) {
        throw storageError('INVALID_INPUT', 'conversations.update: expectedVersion must be a positive integer', 'expectedVersion');
      }
      return await inner.update(validId, validPatch, expectedVersion);
    },
    list: async (query, page) => {
      const validQuery = parseWith(conversationQuerySchema, query, 'conversations.list query');
      const { cursor, limit } = parsePageRequest(page, 'conversations.list');
      return await inner.list(validQuery, { limit, ...(cursor === undefined ? {} : { cursor }) });
    },
  };
}
