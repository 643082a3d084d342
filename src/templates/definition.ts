import { z } from 'zod';
import { templateCategorySchema, templateLanguageSchema, templateNameSchema } from '../model/template.js';
import type { TemplateCategory } from '../model/template.js';

/** The CRM record a template or text is rendered with (a lead, a deal, ...). */
export type MergeRecord = Readonly<Record<string, unknown>>;

/** Computes a variable's value from the record; its result is formatted like a field value. */
export type BindingFunction = (record: MergeRecord) => unknown;

/** How one template variable gets its value. */
export interface VariableSpec {
  /**
   * A field path (`Leads.First Name`, `First Name`, `Owner.Email`) or a function of the record.
   * Paths are stored with the template; functions live only in memory.
   */
  readonly bind: string | BindingFunction;
  /** A sample value; Meta requires one for every variable when the template is submitted. */
  readonly example: string;
  /** Used when the field is empty; without one an empty field is a `MISSING_FIELDS` error. */
  readonly fallback?: string;
}

/** A text header (≤ 60 characters, at most one variable) or a media header. */
export type TemplateHeaderDefinition =
  | {
      readonly type: 'text';
      readonly text: string;
      /** Binds the header's placeholder; a named template may instead reuse a body variable of the same name. */
      readonly variable?: VariableSpec;
    }
  | {
      readonly type: 'image' | 'video' | 'document';
      /** A sample media handle or URL for review. The media itself is given when rendering. */
      readonly example?: string;
    };

/** Buttons within Meta's limits: ≤ 10 in all, ≤ 2 URL, ≤ 1 phone, ≤ 1 copy-code, quick replies grouped. */
export type TemplateButtonDefinition =
  | { readonly type: 'quick_reply'; readonly text: string }
  | {
      readonly type: 'url';
      readonly text: string;
      /** ≤ 2000 characters; may end with one placeholder (`https://shop.example/orders/{{1}}`). */
      readonly url: string;
      /** Binds the URL's trailing placeholder. */
      readonly variable?: VariableSpec;
    }
  | { readonly type: 'phone_number'; readonly text: string; readonly phoneNumber: string }
  | {
      readonly type: 'copy_code';
      /** The code the customer copies (e.g. a coupon), bound like a variable; example ≤ 20 characters. */
      readonly code: VariableSpec;
    };

/** What `defineTemplate` accepts. */
export interface TemplateDefinition {
  /** Lowercase letters, digits and underscores, ≤ 512 characters. */
  readonly name: string;
  /** WhatsApp locale code: `en_US`, `ru`, `pt_BR`. */
  readonly language: string;
  /** `UTILITY` (the CRM's "notification"), `MARKETING` or `AUTHENTICATION`. */
  readonly category: TemplateCategory;
  /** The CRM entity whose fields the template may use (`Leads`). */
  readonly module?: string;
  readonly header?: TemplateHeaderDefinition;
  /** ≤ 1024 characters, with `{{first_name}}` or `{{1}}` placeholders (never both kinds). */
  readonly body: string;
  /** ≤ 60 characters, no placeholders. */
  readonly footer?: string;
  readonly buttons?: readonly TemplateButtonDefinition[];
  /** The body's variables by placeholder name (`first_name`, or `1`, `2`, ...). */
  readonly variables?: Readonly<Record<string, VariableSpec>>;
}

/** Length in code points, as Meta's limits are counted here (UTF-16 vs code points is unconfirmed; code points are the stricter reading for most text). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const text = (max: number) =>
  z.string().min(1).refine((s) => codePointLength(s) <= max, `At most ${max} characters`);

const bindingFunctionSchema = z.custom<BindingFunction>((v) => typeof v === 'function', 'Expected a function');

export const variableSpecSchema = z.strictObject({
  bind: z.union([z.string().min(1).max(256), bindingFunctionSchema], { error: 'Expected a field path like "Leads.First Name" or a function' }),
  example: text(1024).refine((s) => s.trim() !== '', 'An example cannot be blank'),
  fallback: text(1024).refine((s) => s.trim() !== '', 'A fallback cannot be blank').optional(),
});

const headerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: text(60), variable: variableSpecSchema.optional() }),
  z.strictObject({ type: z.enum(['image', 'video', 'document']), example: z.string().min(1).max(2048).optional() }),
]);

const label = text(25);
const buttonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('quick_reply'), text: label }),
  z.strictObject({ type: z.literal('url'), text: label, url: z.string().min(1).max(2000), variable: variableSpecSchema.optional() }),
  z.strictObject({ type: z.literal('phone_number'), text: label, phoneNumber: z.string().regex(/^\+?[0-9]{4,19}$/, 'Expected a phone number of at most 20 characters like +15550001234') }),
  z.strictObject({ type: z.literal('copy_code'), code: variableSpecSchema }),
]);

/** The shape of a {@link TemplateDefinition}; placeholders and bindings are checked by `defineTemplate`. */
export const templateDefinitionSchema = z.strictObject({
  name: templateNameSchema,
  language: templateLanguageSchema,
  category: templateCategorySchema,
  module: z.string().min(1).max(64).refine((s) => !s.includes('.'), 'A module name cannot contain "."').optional(),
  header: headerSchema.optional(),
  body: text(1024),
  footer: text(60).optional(),
  buttons: z.array(buttonSchema).max(10, 'At most 10 buttons').optional(),
  variables: z.record(z.string(), variableSpecSchema).optional(),
});
