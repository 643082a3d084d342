import { z } from 'zod';
import { epochMsSchema, idSchema } from './common.js';

/** `UTILITY` is the CRM's "notification" category. */
export const templateCategorySchema = z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']);
/** WhatsApp's template category (`UTILITY`, `MARKETING`, `AUTHENTICATION`), which decides the price; inferred from {@link templateCategorySchema}. */
export type TemplateCategory = z.infer<typeof templateCategorySchema>;

/** Review lifecycle: draft → pending → approved | rejected; approved → paused | disabled. */
export const templateStatusSchema = z.enum(['draft', 'pending', 'approved', 'rejected', 'paused', 'disabled']);
/** Where a template is in Meta's review; only `approved` templates can be sent. Inferred from {@link templateStatusSchema}. */
export type TemplateStatus = z.infer<typeof templateStatusSchema>;

/** Validates a WhatsApp template name: 1–512 characters of lowercase letters, digits and underscores (`order_shipped`). */
export const templateNameSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[a-z0-9_]+$/, 'A template name may contain only lowercase letters, digits and underscores');

/** Locale codes as WhatsApp uses them: `en`, `en_US`, `pt_BR`, `zh_CN`, `ru`. */
export const templateLanguageSchema = z.string().regex(/^[a-z]{2,3}(?:_[A-Z]{2,4})?$/, 'Expected a language code like "en_US" or "ru"');

/**
 * Validates a template header, discriminated by `type`: `text` (1–1024 characters), `image` /
 * `video` / `document` (with an optional example for review) or `location`.
 * {@link TemplateHeader} is inferred from it.
 */
export const templateHeaderSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(1024) }),
  z.object({ type: z.enum(['image', 'video', 'document']), example: z.string().min(1).max(2048).optional() }),
  z.object({ type: z.literal('location') }),
]);
/** The optional header of a template; inferred from {@link templateHeaderSchema}. */
export type TemplateHeader = z.infer<typeof templateHeaderSchema>;

/**
 * Validates a template button, discriminated by `type`: `quick_reply` and `url` (with button
 * text up to 256 characters; a `url` button has the URL and an optional example), `phone_number`,
 * or `copy_code` (an example code up to 64 characters). {@link TemplateButton} is inferred from it.
 */
export const templateButtonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('quick_reply'), text: z.string().min(1).max(256) }),
  z.object({ type: z.literal('url'), text: z.string().min(1).max(256), url: z.string().min(1).max(2000), example: z.string().max(2000).optional() }),
  z.object({ type: z.literal('phone_number'), text: z.string().min(1).max(256), phoneNumber: z.string().min(1).max(32) }),
  z.object({ type: z.literal('copy_code'), example: z.string().min(1).max(64) }),
]);
/** One button of a template (at most 10 per template); inferred from {@link templateButtonSchema}. */
export type TemplateButton = z.infer<typeof templateButtonSchema>;

/**
 * A stored variable: its name (`first_name`, or `1` for positional), the record field it reads
 * (`Leads.First Name`), Meta's required example value, and a fallback for empty fields.
 * Function bindings live only in memory (see `defineTemplate`); storage keeps the path.
 */
export const templateVariableSchema = z.object({
  name: z.string().regex(/^(?:[1-9]\d{0,2}|[a-z][a-z0-9_]{0,63})$/, 'A variable is named like first_name or numbered like 1'),
  path: z.string().min(1).max(256).optional(),
  example: z.string().min(1).max(1024),
  fallback: z.string().max(1024).optional(),
  /** Where the value goes: the body (the default when absent), the header, or a button. */
  component: z.enum(['header', 'body', 'button']).optional(),
  /** For `component: 'button'`: the button's index. */
  button: z.number().int().min(0).max(9).optional(),
});
/** A variable as stored with its template (name, record path, example, fallback, target component); inferred from {@link templateVariableSchema}. */
export type TemplateVariable = z.infer<typeof templateVariableSchema>;

/** A template as stored: its definition plus review state. */
export const templateRecordSchema = z.object({
  id: idSchema('tpl'),
  name: templateNameSchema,
  language: templateLanguageSchema,
  /** The category as Meta currently reports it (Meta may re-categorize). */
  category: templateCategorySchema,
  /** The category the business asked for. */
  requestedCategory: templateCategorySchema,
  status: templateStatusSchema,
  /** The CRM entity whose fields the template may use (e.g. `Leads`). */
  module: z.string().min(1).max(64).optional(),
  header: templateHeaderSchema.optional(),
  body: z.string().min(1).max(1024),
  footer: z.string().min(1).max(60).optional(),
  buttons: z.array(templateButtonSchema).max(10),
  variables: z.array(templateVariableSchema).max(100),
  providerTemplateId: z.string().max(64).optional(),
  rejectionReason: z.string().max(1024).optional(),
  quality: z.enum(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']).optional(),
  /** The provider's time of the last status it reported; older provider reports are ignored. */
  providerStatusAt: epochMsSchema.optional(),
  /** A category Meta announced it will switch to (`template_category_update`, impending). */
  pendingCategory: templateCategorySchema.optional(),
  /** When the announced category change takes effect. */
  pendingCategoryAt: epochMsSchema.optional(),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
  version: z.number().int().positive(),
});
/** A template definition with its review state, versioned for optimistic concurrency; inferred from {@link templateRecordSchema}. */
export type TemplateRecord = z.infer<typeof templateRecordSchema>;
