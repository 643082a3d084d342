import { z } from 'zod';
import { parseWith } from '../../core/validation.js';

const payload = z.string().max(255).optional();
const label = z.string().min(1).max(40);

const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), label, payload }),
  z.object({ type: z.literal('callback'), label, payload }),
  z.object({ type: z.literal('open_link'), label, link: z.url(), payload }),
  z.object({ type: z.literal('location'), payload }),
  z.object({ type: z.literal('vkpay'), hash: z.string().min(1), payload }),
  z.object({ type: z.literal('open_app'), label, app_id: z.number().int().positive(), owner_id: z.number().int().optional(), hash: z.string().optional(), payload }),
]);

/**
 * Validates one keyboard button: an `action` discriminated by `type` (`text`, `callback`,
 * `open_link`, `location`, `vkpay`, `open_app`; labels 1–40 characters, payloads up to 255) and
 * an optional `color` (only for `text` and `callback`). {@link VkKeyboardButton} is inferred from it.
 */
export const vkKeyboardButtonSchema = z.object({
  action: actionSchema,
  /** Only for `text` and `callback` buttons. */
  color: z.enum(['primary', 'secondary', 'negative', 'positive']).optional(),
});

/**
 * A bot keyboard (https://dev.vk.com/api/bots/development/keyboard): standard keyboards hold at
 * most 10 rows × 5 buttons (40 in all), inline ones 6 rows × 5 (10 in all). `{ buttons: [] }`
 * removes the keyboard.
 */
export const vkKeyboardSchema = z
  .object({
    one_time: z.boolean().optional(),
    inline: z.boolean().optional(),
    buttons: z.array(z.array(vkKeyboardButtonSchema).min(1).max(5)).max(10),
  })
  .superRefine((keyboard, ctx) => {
    const total = keyboard.buttons.reduce((n, row) => n + row.length, 0);
    const inline = keyboard.inline === true;
    if (inline && keyboard.one_time === true) ctx.addIssue({ code: 'custom', path: ['one_time'], message: 'An inline keyboard cannot be one_time' });
    if (inline && keyboard.buttons.length > 6) ctx.addIssue({ code: 'custom', path: ['buttons'], message: 'An inline keyboard has at most 6 rows' });
    if (total > (inline ? 10 : 40)) ctx.addIssue({ code: 'custom', path: ['buttons'], message: `A${inline ? 'n inline' : ' standard'} keyboard has at most ${inline ? 10 : 40} buttons, got ${total}` });
  });
/** A bot keyboard as you write it (before validation); validated by {@link vkKeyboardSchema}. */
export type VkKeyboard = z.input<typeof vkKeyboardSchema>;
/** One button of a {@link VkKeyboard}; validated by {@link vkKeyboardButtonSchema}. */
export type VkKeyboardButton = z.input<typeof vkKeyboardButtonSchema>;

/**
 * Validates a keyboard and serializes it for `messages.send` (`keyboard` is a JSON string).
 * @throws SwitchboardError `INVALID_INPUT` naming the offending button.
 */
export function serializeVkKeyboard(keyboard: VkKeyboard): string {
  return JSON.stringify(parseWith(vkKeyboardSchema, keyboard, 'VK keyboard'));
}
