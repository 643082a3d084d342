import { z } from 'zod';
import { epochMsSchema, idSchema } from './common.js';

/** A predefined text with merge fields; its `module` is fixed once created. */
export const cannedResponseSchema = z.object({
  id: idSchema('cr'),
  name: z.string().trim().min(1).max(128),
  /** The CRM entity whose fields the body may use (e.g. `Leads`); cannot change after creation. */
  module: z.string().min(1).max(64),
  body: z.string().min(1).max(4096),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
  version: z.number().int().positive(),
});
/** A reusable operator reply with merge fields, bound to one CRM module; inferred from {@link cannedResponseSchema}. */
export type CannedResponse = z.infer<typeof cannedResponseSchema>;
