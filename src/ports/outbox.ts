import { z } from 'zod';
import type { OutboxJobId } from '../core/ids.js';
import { parseId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import { accountIdSchema, channelNameSchema, epochMsSchema, idSchema } from '../model/common.js';
import type { OutboxJob } from '../model/outbox.js';
import type { Page, PageRequest } from './page.js';
import { parsePageRequest } from './page.js';

/** Validates the input of {@link OutboxStore.enqueue} (strict): the message id, its channel account and an optional `runAt`. {@link EnqueueJobInput} is inferred from it. */
export const enqueueJobInputSchema = z
  .object({
    messageId: idSchema('msg'),
    channel: channelNameSchema,
    accountId: accountIdSchema,
    /** Not before this time; defaults to now. */
    runAt: epochMsSchema.optional(),
  })
  .strict();
/** The message to send later and when; inferred from {@link enqueueJobInputSchema}. */
export type EnqueueJobInput = z.infer<typeof enqueueJobInputSchema>;

const ownerSchema = z.string().min(1).max(128);

/**
 * Validates the input of {@link OutboxStore.lease} (strict): the worker's `owner` id (1–128
 * characters), how many jobs to take (1–1000) and the lease length in ms (positive).
 * {@link LeaseRequest} is inferred from it.
 */
export const leaseRequestSchema = z
  .object({
    /** The worker taking the jobs (e.g. host name + pid); unique per worker. */
    owner: ownerSchema,
    limit: z.number().int().min(1).max(1000),
    leaseMs: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
/** Who leases how many due jobs for how long (ms); inferred from {@link leaseRequestSchema}. */
export type LeaseRequest = z.infer<typeof leaseRequestSchema>;

/** Validates the input of {@link OutboxStore.reschedule} (strict): the next `runAt` (epoch ms) and the error that made the attempt fail. {@link RescheduleInput} is inferred from it. */
export const rescheduleInputSchema = z.object({ runAt: epochMsSchema, error: z.string().max(2048) }).strict();
/** When to try a job again and why the last attempt failed; inferred from {@link rescheduleInputSchema}. */
export type RescheduleInput = z.infer<typeof rescheduleInputSchema>;

const reasonSchema = z.string().min(1).max(2048);

/**
 * The outbox: provider sends waiting to run, leased to one worker at a time. A job whose lease
 * expires becomes available again; the worker that lost it gets `LEASE_LOST` if it acts on it
 * after another worker leased it.
 */
export interface OutboxStore {
  /**
   * Adds a `pending` job for a message (attempts 0, runAt defaults to the store clock's now).
   * One job per message: enqueuing a message that already has a job returns that job unchanged.
   */
  enqueue(input: EnqueueJobInput): Promise<OutboxJob>;

  /**
   * Leases up to `limit` due jobs (`runAt <= now`, `pending`, or `leased` with an expired lease),
   * oldest `runAt` first: each becomes `leased` by `owner` until `now + leaseMs`, with `attempts`
   * increased by one. Atomic: concurrent leases (also from two app instances on one database)
   * never hand one job to two owners.
   */
  lease(request: LeaseRequest): Promise<OutboxJob[]>;

  /**
   * Marks a leased job `done`.
   * @throws SwitchboardError `LEASE_LOST` when `owner` does not hold the job's lease (another
   *   worker leased it, or it is no longer leased); `NOT_FOUND`.
   */
  complete(id: OutboxJobId, owner: string): Promise<OutboxJob>;

  /**
   * Records (`at`, epoch ms) or clears (`null`) the start of a provider attempt on the job, as
   * `inFlightAt`, durably before the request leaves: a crash between the provider accepting a
   * send and the result being stored then leaves the mark, and whoever leases the job next
   * knows the attempt may have reached the provider. Allowed on a job leased by `owner`, or on a
   * `pending` job (the inline attempt of `send`, made before the job falls due; `owner` is
   * then not checked). `reschedule`, `complete`, `deadLetter` and `requeue` clear the mark;
   * `lease` keeps it.
   * @throws SwitchboardError `LEASE_LOST` when the job is leased by another owner, `done` or
   *   `dead`; `NOT_FOUND`.
   */
  markInFlight(id: OutboxJobId, owner: string, at: number | null): Promise<OutboxJob>;

  /**
   * Returns a leased job to `pending` to run again at `runAt`, recording `error` as `lastError`.
   * @throws SwitchboardError `LEASE_LOST`; `NOT_FOUND`.
   */
  reschedule(id: OutboxJobId, owner: string, input: RescheduleInput): Promise<OutboxJob>;

  /**
   * Moves a leased job to `dead` with a reason, for manual follow-up.
   * @throws SwitchboardError `LEASE_LOST`; `NOT_FOUND`.
   */
  deadLetter(id: OutboxJobId, owner: string, reason: string): Promise<OutboxJob>;

  /** Dead-lettered jobs, oldest first (by id). */
  listDeadLetters(page?: PageRequest): Promise<Page<OutboxJob>>;

  /**
   * Puts a dead-lettered job back to `pending` at `runAt` with `attempts` reset to 0 (a fresh
   * retry budget), keeping `lastError` and clearing `deadReason`.
   * @throws SwitchboardError `CONFLICT` when the job is not dead; `NOT_FOUND`.
   */
  requeue(id: OutboxJobId, runAt: number): Promise<OutboxJob>;

  /** The job with this id, or null. */
  get(id: OutboxJobId): Promise<OutboxJob | null>;
}

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateOutboxStore(inner: OutboxStore): OutboxStore {
  const owner = (value: string, what: string): string => parseWith(ownerSchema, value, `${what} owner`);
  return {
    enqueue: async (input) => await inner.enqueue(parseWith(enqueueJobInputSchema, input, 'outbox.enqueue input')),
    lease: async (request) => await inner.lease(parseWith(leaseRequestSchema, request, 'outbox.lease request')),
    complete: async (id, by) => {
      const validId = parseId('job', id, 'id');
      return await inner.complete(validId, owner(by, 'outbox.complete'));
    },
    markInFlight: async (id, by, at) => {
      const validId = parseId('job', id, 'id');
      const validOwner = owner(by, 'outbox.markInFlight');
      return await inner.markInFlight(validId, validOwner, at === null ? null : parseWith(epochMsSchema, at, 'outbox.markInFlight at'));
    },
    reschedule: async (id, by, input) => {
      const validId = parseId('job', id, 'id');
      const validOwner = owner(by, 'outbox.reschedule');
      return await inner.reschedule(validId, validOwner, parseWith(rescheduleInputSchema, input, 'outbox.reschedule input'));
    },
    deadLetter: async (id, by, reason) => {
      const validId = parseId('job', id, 'id');
      const validOwner = owner(by, 'outbox.deadLetter');
      return await inner.deadLetter(validId, validOwner, parseWith(reasonSchema, reason, 'outbox.deadLetter reason'));
    },
    listDeadLetters: async (page) => {
      const { cursor, limit } = parsePageRequest(page, 'outbox.listDeadLetters');
      return await inner.listDeadLetters({ limit, ...(cursor === undefined ? {} : { cursor }) });
    },
    requeue: async (id, runAt) => {
      const validId = parseId('job', id, 'id');
      return await inner.requeue(validId, parseWith(epochMsSchema, runAt, 'outbox.requeue runAt'));
    },
    get: async (id) => await inner.get(parseId('job', id, 'id')),
  };
}
