import { z } from 'zod';

/** zod schemas for the VK API responses the adapter reads (5.199 shapes). */

const vkId = z.number().int();

export const vkRequestParamSchema = z.object({ key: z.string(), value: z.union([z.string(), z.number()]).transform(String) });

/** `{ error: { error_code, error_msg, request_params } }` */
export const vkErrorBodySchema = z.object({
  error: z.object({
    error_code: z.number().int(),
    error_msg: z.string().default(''),
    request_params: z.array(vkRequestParamSchema).optional(),
  }),
});

/** `execute` sub-call failures: `execute_errors: [{ method, error_code, error_msg }]`. */
export const vkExecuteErrorSchema = z.object({ method: z.string().default('execute'), error_code: z.number().int(), error_msg: z.string().default('') });

export const vkSuccessBodySchema = z.object({
  response: z.unknown(),
  execute_errors: z.array(vkExecuteErrorSchema).optional(),
});

/** `messages.send` with `peer_id`: the new message id. */
export const vkSendResponseSchema = vkId.nonnegative();

/** `messages.send` with `peer_ids`: one item per recipient, failures inside the array. */
export const vkBulkSendResponseSchema = z.array(
  z.object({
    peer_id: vkId,
    message_id: vkId.nonnegative().optional(),
    conversation_message_id: vkId.nonnegative().optional(),
    error: z.object({ code: z.number().int(), description: z.string().default('') }).optional(),
  }),
);

export const vkUserSchema = z.object({
  id: vkId,
  first_name: z.string().default(''),
  last_name: z.string().default(''),
  deactivated: z.string().optional(),
});
export const vkUsersGetResponseSchema = z.array(vkUserSchema);

export const vkGroupSchema = z.object({ id: vkId, name: z.string(), screen_name: z.string().optional() });
/** `groups.getById` is `{ groups, profiles }` in 5.199 (an array before); both are accepted. */
export const vkGroupsGetByIdResponseSchema = z.union([
  z.object({ groups: z.array(vkGroupSchema), profiles: z.array(z.unknown()).optional() }),
  z.array(vkGroupSchema).transform((groups) => ({ groups, profiles: [] as unknown[] })),
]);

export const vkLongPollServerSchema = z.object({
  key: z.string().min(1),
  server: z.url(),
  ts: z.union([z.string(), z.number()]).transform(String),
});
export type VkLongPollServer = z.infer<typeof vkLongPollServerSchema>;

/** A Bots Long Poll answer: updates with a new `ts`, or `failed` 1/2/3. */
export const vkLongPollResponseSchema = z.union([
  z.object({ failed: z.literal(1), ts: z.union([z.string(), z.number()]).transform(String) }),
  z.object({ failed: z.union([z.literal(2), z.literal(3)]) }),
  z.object({ ts: z.union([z.string(), z.number()]).transform(String), updates: z.array(z.unknown()) }),
]);

export const vkIsAllowedResponseSchema = z.object({ is_allowed: z.union([z.literal(0), z.literal(1)]) });

export const vkUploadServerSchema = z.object({ upload_url: z.url() });
export const vkPhotoUploadResultSchema = z.object({ server: z.number().int(), photo: z.string().min(3), hash: z.string().min(1) });
export const vkSavedPhotosSchema = z.array(z.object({ id: vkId, owner_id: vkId, access_key: z.string().optional() })).min(1);
export const vkDocUploadResultSchema = z.object({ file: z.string().min(1) });
export const vkSavedDocSchema = z.object({
  type: z.string(),
  doc: z.object({ id: vkId, owner_id: vkId, access_key: z.string().optional() }).optional(),
  audio_message: z.object({ id: vkId, owner_id: vkId, access_key: z.string().optional() }).optional(),
});
