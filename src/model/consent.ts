import { z } from 'zod';
import { channelNameSchema, epochMsSchema, idSchema } from './common.js';

/** What a message is for: transactional (service, notifications) or marketing. */
export const consentPurposeSchema = z.enum(['transactional', 'marketing']);
/** `transactional` or `marketing`; inferred from {@link consentPurposeSchema}. */
export type ConsentPurpose = z.infer<typeof consentPurposeSchema>;

/** Where a consent decision came from. */
export const consentSourceSchema = z.enum(['inbound_message', 'keyword', 'form', 'import', 'api', 'provider']);
/** How a consent fact was learnt (inbound message, keyword, form, import, API call, provider refusal); inferred from {@link consentSourceSchema}. */
export type ConsentSource = z.infer<typeof consentSourceSchema>;

/**
 * One consent fact, appended, never edited: the newest record per contact, channel and
 * purpose decides. `purpose: 'all'` with `opted_out` is "stop everything" (STOPALL).
 */
export const consentRecordSchema = z.object({
  id: idSchema('cs'),
  contactId: idSchema('ct'),
  channel: channelNameSchema,
  purpose: z.union([consentPurposeSchema, z.literal('all')]),
  status: z.enum(['opted_in', 'opted_out']),
  source: consentSourceSchema,
  /** Evidence: the inbound message, form, import batch or acting user. */
  proof: z.object({
    messageId: z.string().max(512).optional(),
    formId: z.string().max(256).optional(),
    importId: z.string().max(256).optional(),
    userId: z.string().max(128).optional(),
    providerCode: z.union([z.number(), z.string().max(64)]).optional(),
    note: z.string().max(1024).optional(),
  }),
  /** When the fact happened (the provider's timestamp where there is one). */
  recordedAt: epochMsSchema,
});
/** One append-only consent fact; the newest per contact, channel and purpose wins. Inferred from {@link consentRecordSchema}. */
export type ConsentRecord = z.infer<typeof consentRecordSchema>;
