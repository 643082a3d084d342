import { z } from 'zod';
import { isE164 } from '../core/phone.js';
import { channelNameSchema, epochMsSchema, idSchema } from './common.js';

/**
 * Address kinds Switchboard knows:
 * - `phone`: an E.164 number (WhatsApp `wa_id` is stored in this form);
 * - `whatsapp_bsuid`: a WhatsApp business-scoped user id (`US.13491208655302741918`), for users
 *   who hide their number;
 * - `vk_user`: a VK user id (positive integer, as a string).
 * Third-party adapters may use their own lowercase kinds.
 */
export const KNOWN_ADDRESS_KINDS = ['phone', 'whatsapp_bsuid', 'vk_user'] as const;

/**
 * Validates one contact address `{ kind, value }`: `kind` is a lowercase identifier, and the
 * known kinds are checked further — `phone` must be E.164, `vk_user` a positive integer id,
 * `whatsapp_bsuid` like `US.13491208655302741918`. {@link ContactAddress} is inferred from it.
 */
export const contactAddressSchema = z
  .object({
    kind: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'Expected a lowercase address kind like "phone"'),
    value: z.string().min(1).max(256),
  })
  .superRefine((address, ctx) => {
    if (address.kind === 'phone' && !isE164(address.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'A phone address must be E.164, e.g. +14155550123' });
    }
    if (address.kind === 'vk_user' && !/^[1-9]\d{0,18}$/.test(address.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'A vk_user address must be a positive integer id' });
    }
    if (address.kind === 'whatsapp_bsuid' && !/^[A-Z]{2}\.[A-Za-z0-9.]{1,128}$/.test(address.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'A whatsapp_bsuid address looks like US.13491208655302741918' });
    }
  });
/** One way to reach a contact, e.g. `{ kind: 'phone', value: '+14155550123' }`; inferred from {@link contactAddressSchema}. */
export type ContactAddress = z.infer<typeof contactAddressSchema>;

/** The unique key of an address across all contacts: `kind:value`. */
export function addressKey(address: ContactAddress): string {
  return `${address.kind}:${address.value}`;
}

/** A person the business talks to, reachable at one or more addresses. */
export const contactSchema = z.object({
  id: idSchema('ct'),
  /** Every address that reaches this person; each `kind:value` belongs to one contact only. */
  addresses: z.array(contactAddressSchema).min(1).max(32),
  /** Display name as the provider reported it (WhatsApp profile name, VK first + last name). */
  name: z.string().max(256).optional(),
  /** Channels this contact has written from. */
  channels: z.array(channelNameSchema).default([]),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
});
/** A person the business talks to (1–32 addresses, each unique across contacts); inferred from {@link contactSchema}. */
export type Contact = z.infer<typeof contactSchema>;
