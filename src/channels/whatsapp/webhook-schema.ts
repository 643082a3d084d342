import { z } from 'zod';
import { templateCategorySchema } from '../../model/template.js';
import { webhookErrorSchema } from './errors.js';

/**
 * zod schemas for WhatsApp webhook payloads: strict enough to be safe (types, lengths), lenient
 * about fields Meta adds over time (unknown keys are dropped, not rejected). Each change and each
 * message or status is parsed on its own, so one bad item never fails the batch.
 */

const str = (max: number) => z.string().max(max);
/** Meta sends ids and timestamps as strings in messages, as integers in management events. */
const idLike = z.union([z.string().max(64), z.number().int().nonnegative()]).transform(String);
const epochSeconds = z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]).transform((v) => Number(v) * 1000);

export const envelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: str(64),
        time: z.number().int().nonnegative().optional(),
        changes: z.array(z.object({ field: str(128), value: z.unknown() })).max(1_000),
      }),
    )
    .max(1_000),
});
export type WhatsAppWebhookEnvelope = z.infer<typeof envelopeSchema>;

export const mediaSchema = z.object({
  id: str(256),
  mime_type: str(128).optional(),
  sha256: str(128).optional(),
  caption: str(4096).optional(),
  filename: str(1024).optional(),
  url: str(4096).optional(),
  animated: z.boolean().optional(),
  voice: z.boolean().optional(),
});

/** The part of an inbound message every type shares. */
export const messageBaseSchema = z.object({
  id: str(512),
  timestamp: epochSeconds,
  type: str(64),
  from: z.string().regex(/^\d{1,32}$/).optional(),
  from_user_id: str(160).optional(),
  from_parent_user_id: str(160).optional(),
  context: z.object({ from: str(64).optional(), id: str(512).optional() }).optional(),
  referral: z
    .object({
      source_url: str(4096).optional(),
      source_id: str(256).optional(),
      source_type: str(64).optional(),
      headline: str(1024).optional(),
      body: str(4096).optional(),
      ctwa_clid: str(1024).optional(),
    })
    .optional(),
  errors: z.array(webhookErrorSchema).max(100).optional(),
});

/** Type-specific parts; a message whose part is missing or unknown becomes `unsupported`. */
export const messagePartSchemas = {
  text: z.object({ text: z.object({ body: str(65_536) }) }),
  location: z.object({
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), name: str(1024).optional(), address: str(1024).optional() }),
  }),
  reaction: z.object({ reaction: z.object({ message_id: str(512), emoji: str(64).optional() }) }),
  button: z.object({ button: z.object({ payload: str(4096).optional(), text: str(1024) }) }),
  interactive: z.object({
    interactive: z.object({
      type: str(64),
      button_reply: z.object({ id: str(512), title: str(1024) }).optional(),
      list_reply: z.object({ id: str(512), title: str(1024), description: str(1024).optional() }).optional(),
    }),
  }),
  unsupported: z.object({ unsupported: z.object({ type: str(64).optional() }).optional() }),
} as const;

export const contactSchema = z.object({
  profile: z.object({ name: str(1024).optional(), username: str(256).optional() }).optional(),
  wa_id: str(32).optional(),
  user_id: str(160).optional(),
  parent_user_id: str(160).optional(),
});

export const statusSchema = z.object({
  id: str(512),
  status: z.enum(['sent', 'delivered', 'read', 'failed', 'played']),
  timestamp: epochSeconds,
  recipient_id: str(64).optional(),
  recipient_user_id: str(160).optional(),
  biz_opaque_callback_data: str(512).optional(),
  pricing: z
    .object({ billable: z.boolean().optional(), pricing_model: str(32).optional(), type: str(64).optional(), category: str(64).optional() })
    .optional(),
  errors: z.array(webhookErrorSchema).max(100).optional(),
});
export type WebhookStatus = z.infer<typeof statusSchema>;

/** `field: "messages"` value; messages and statuses are kept raw here and parsed one by one. */
export const messagesValueSchema = z.object({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.object({ display_phone_number: str(32).optional(), phone_number_id: str(64) }),
  contacts: z.array(contactSchema).max(1_000).optional(),
  messages: z.array(z.unknown()).max(1_000).optional(),
  statuses: z.array(z.unknown()).max(1_000).optional(),
  errors: z.array(z.unknown()).max(1_000).optional(),
});

export const templateStatusValueSchema = z.object({
  event: str(64),
  message_template_id: idLike,
  message_template_name: str(512),
  message_template_language: str(16),
  reason: str(256).nullable().optional(),
  message_template_category: str(64).optional(),
  rejection_info: z.object({ reason: str(4096).optional(), recommendation: str(4096).optional() }).optional(),
  other_info: z.object({ title: str(256).optional(), description: str(4096).optional() }).optional(),
});

/** Both shapes: impending (`correct_category` + `category_update_timestamp`) and completed (`previous_category`). */
export const templateCategoryValueSchema = z.object({
  message_template_id: idLike,
  message_template_name: str(512).optional(),
  message_template_language: str(16).optional(),
  new_category: templateCategorySchema,
  previous_category: templateCategorySchema.optional(),
  correct_category: templateCategorySchema.optional(),
  category_update_timestamp: epochSeconds.optional(),
});

export const templateQualityValueSchema = z.object({
  message_template_id: idLike,
  message_template_name: str(512).optional(),
  message_template_language: str(16).optional(),
  previous_quality_score: str(32),
  new_quality_score: str(32),
});
