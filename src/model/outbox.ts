import { z } from 'zod';
import { accountIdSchema, channelNameSchema, epochMsSchema, idSchema } from './common.js';

export const outboxJobStatusSchema = z.enum(['pending', 'leased', 'done', 'dead']);
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
  /** Why the job was dead-lettered. */
  deadReason: z.string().max(2048).optional(),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
});
export type OutboxJob = z.infer<typeof outboxJobSchema>;
