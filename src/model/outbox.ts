import { z } from 'zod';
import { accountIdSchema, channelNameSchema, epochMsSchema, idSchema } from './common.js';

/**
 * Validates an outbox job status: `pending` (waiting for `runAt`), `leased` (a worker holds it
 * until `leaseExpiresAt`), `done`, or `dead` (given up, see `deadReason`).
 * {@link OutboxJobStatus} is inferred from it.
 */
export const outboxJobStatusSchema = z.enum(['pending', 'leased', 'done', 'dead']);
/** `pending`, `leased`, `done` or `dead`; inferred from {@link outboxJobStatusSchema}. */
export type OutboxJobStatus = z.infer<typeof outboxJobStatusSchema>;

/**
 * A pending provider send for one stored outbound message. Jobs are leased by one worker at a
 * time; a lease that expires makes the job available again.
 */
export const outboxJobSchema = z.object({
  id: idSchema('job'),
  messageId: idSchema('msg'),
  channel: channelNameSchema,
  accountId: accountIdSchema,
  status: outboxJobStatusSchema,
  /** Attempts made so far. */
  attempts: z.number().int().nonnegative(),
  /** Not to be run before this time. */
  runAt: epochMsSchema,
  leaseOwner: z.string().max(128).optional(),
  leaseExpiresAt: epochMsSchema.optional(),
  lastError: z.string().max(2048).optional(),
  /**
   * When a provider attempt on a channel without idempotent sends started and has not been
   * resolved yet (set just before the request, cleared by `reschedule`, `complete`,
   * `deadLetter` and `requeue`). Found on a leased job, it means the previous attempt died
   * mid-flight: the provider may have the message, so it must not be sent again blindly.
   */
  inFlightAt: epochMsSchema.optional(),
  /** Why the job was dead-lettered. */
  deadReason: z.string().max(2048).optional(),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
});
/** A queued provider send for one outbound message, leased by one worker at a time; inferred from {@link outboxJobSchema}. */
export type OutboxJob = z.infer<typeof outboxJobSchema>;
