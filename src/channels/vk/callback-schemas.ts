import { z } from 'zod';

/**
 * zod schemas for VK Callback API (and Bots Long Poll) events, API version 5.199.
 *
 * Lenient where VK is known to vary (fields missing in older versions, `payload` as string or
 * object), strict where the SDK relies on a value (ids, dates). Unknown fields are dropped.
 */

const vkId = z.number().int();
const positiveId = vkId.positive();

/** The envelope every event shares (`secret` only on the Callback API). */
export const vkEnvelopeSchema = z.object({
  type: z.string().min(1).max(64),
  group_id: positiveId,
  /** Unique per event; repeats on retries. Missing only in payloads older than 5.103. */
  event_id: z.string().min(1).max(128).optional(),
  v: z.string().max(16).optional(),
  object: z.unknown().optional(),
  secret: z.string().max(256).optional(),
});
/** A Callback API or Long Poll event as VK sends it: `type`, `group_id`, `event_id`, the raw `object` and (Callback API only) `secret`. Inferred from {@link vkEnvelopeSchema}. */
export type VkEnvelope = z.infer<typeof vkEnvelopeSchema>;

/** One attachment: `{ type, [type]: {...} }`; the inner object is read per type. */
export const vkAttachmentSchema = z.object({ type: z.string().min(1).max(64) }).catchall(z.unknown());
export type VkAttachment = z.infer<typeof vkAttachmentSchema>;

/** A message button payload: a JSON string per the schema, an object in real deliveries. */
export const vkPayloadSchema = z.union([z.string().max(4096), z.record(z.string(), z.unknown())]);

/**
 * Validates a VK message object (API 5.199) as found in `message_new`, `message_reply` and
 * `message_edit` events; unknown fields are dropped. {@link VkMessage} is inferred from it.
 */
export const vkMessageSchema = z.object({
  /** 0 for bots in group chats: use `conversation_message_id` there. */
  id: vkId.nonnegative(),
  conversation_message_id: vkId.nonnegative().optional(),
  date: vkId.nonnegative(),
  update_time: vkId.nonnegative().optional(),
  from_id: vkId,
  peer_id: vkId,
  text: z.string().max(65_536).default(''),
  out: z.union([z.literal(0), z.literal(1)]).optional(),
  attachments: z.array(vkAttachmentSchema).max(64).default([]),
  fwd_messages: z.array(z.unknown()).max(1000).optional(),
  reply_message: z.object({ id: vkId.nonnegative().optional(), conversation_message_id: vkId.nonnegative().optional() }).optional(),
  payload: vkPayloadSchema.optional(),
  geo: z.object({ coordinates: z.object({ latitude: z.number(), longitude: z.number() }) }).optional(),
  random_id: vkId.optional(),
  admin_author_id: vkId.optional(),
});
/** A VK message object (ids, peer, sender, date in seconds, text, attachments, payload, reply); inferred from {@link vkMessageSchema}. */
export type VkMessage = z.infer<typeof vkMessageSchema>;

export const vkClientInfoSchema = z.object({
  button_actions: z.array(z.string().max(64)).max(64).optional(),
  keyboard: z.boolean().optional(),
  inline_keyboard: z.boolean().optional(),
  carousel: z.boolean().optional(),
  lang_id: z.number().int().optional(),
});
export type VkClientInfo = z.infer<typeof vkClientInfoSchema>;

/** `message_new` in 5.103+: `{ message, client_info }`. */
export const vkMessageNewSchema = z.object({ message: vkMessageSchema, client_info: vkClientInfoSchema.optional() });

export const vkMessageAllowSchema = z.object({ user_id: positiveId, key: z.string().max(256).optional() });
export const vkMessageDenySchema = z.object({ user_id: positiveId });
export const vkTypingStateSchema = z.object({ state: z.string().max(64), from_id: vkId, to_id: vkId });
export const vkMessageEventSchema = z.object({
  user_id: positiveId,
  peer_id: vkId,
  /** The button press id for `messages.sendMessageEventAnswer`; valid for 60 s. Not the envelope `event_id`. */
  event_id: z.string().min(1).max(128),
  payload: z.union([vkPayloadSchema, z.null()]).optional(),
  conversation_message_id: vkId.nonnegative().optional(),
});
export const vkMessageReadSchema = z.object({
  from_id: vkId,
  peer_id: vkId,
  read_message_id: vkId.nonnegative(),
  conversation_message_id: vkId.nonnegative().optional(),
});

/** The event types this adapter turns into normalized events; others are acknowledged and ignored. */
export const VK_SUPPORTED_EVENT_TYPES = [
  'message_new',
  'message_reply',
  'message_edit',
  'message_allow',
  'message_deny',
  'message_typing_state',
  'message_event',
  'message_read',
] as const;
/** An event type the adapter normalizes: one of {@link VK_SUPPORTED_EVENT_TYPES}. */
export type VkSupportedEventType = (typeof VK_SUPPORTED_EVENT_TYPES)[number];
