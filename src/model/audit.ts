import { z } from 'zod';
import { epochMsSchema, idSchema, operatorIdSchema } from './common.js';

/** Who did something: an operator (CRM user id), the customer, or Switchboard itself (with a reason). */
export const auditActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('operator'), id: operatorIdSchema }).strict(),
  z.object({ kind: z.literal('customer') }).strict(),
  z.object({ kind: z.literal('system'), reason: z.string().min(1).max(256).optional() }).strict(),
]);
/** Who performed an audited action: an `operator` (with id), the `customer`, or the `system` (with an optional reason); inferred from {@link auditActorSchema}. */
export type AuditActor = z.infer<typeof auditActorSchema>;

/**
 * What happened to a dialog. `assigned` is an assignment made for someone else (delegation by
 * the host, hand-over); `reopened` is a customer message reopening a dialog closed as completed.
 */
export const auditActionSchema = z.enum([
  'claimed', 'invited', 'left', 'delegated', 'assigned', 'closed', 'restored', 'reopened', 'linked', 'unlinked', 'handoff_requested',
]);
/** What happened to a dialog (`claimed`, `closed`, `reopened`, ...); inferred from {@link auditActionSchema}. */
export type AuditAction = z.infer<typeof auditActionSchema>;

/** A detail value: flat and small, so every database stores it as JSON text. */
const auditDetailValueSchema = z.union([
  z.string().max(1024),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(256)).max(64),
]);

/**
 * One line of a dialog's history: who did what, when. Append-only; `id` makes appends
 * idempotent (Switchboard derives it from the conversation id and the version the action
 * produced, so a retried action is recorded once).
 */
export const auditEntrySchema = z
  .object({
    id: idSchema('au'),
    conversationId: idSchema('cv'),
    actor: auditActorSchema,
    action: auditActionSchema,
    /** Facts of the action, e.g. `{ operatorId: 'u2' }` for an invite, `{ reason: 'spam' }` for a close. */
    details: z.record(z.string().max(64), auditDetailValueSchema).refine((d) => Object.keys(d).length <= 32, 'at most 32 details'),
    at: epochMsSchema,
  })
  .strict();
/** One append-only line of a dialog's history; inferred from {@link auditEntrySchema}. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;
