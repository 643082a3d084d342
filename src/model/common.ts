import { z } from 'zod';
import type { Id } from '../core/ids.js';
import { isId } from '../core/ids.js';
import { isE164 } from '../core/phone.js';
import type { E164 } from '../core/phone.js';

/** A schema for an id with the given prefix (`idSchema('msg')`). */
export function idSchema<P extends string>(prefix: P): z.ZodCustom<Id<P>> {
  return z.custom<Id<P>>((value) => isId(prefix, value), {
    message: `Expected an id like ${prefix}_<26 base32 characters>`,
  });
}

/** Milliseconds since the Unix epoch (a non-negative safe integer). */
export const epochMsSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Milliseconds since the Unix epoch; inferred from {@link epochMsSchema} (a non-negative safe integer). */
export type EpochMs = z.infer<typeof epochMsSchema>;

/** A channel name: `whatsapp`, `vk`, or a third-party adapter's (`telegram`, `sms`, ...). */
export const channelNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'Expected a lowercase channel name like "whatsapp"');
/** A lowercase channel name (1–32 of `a-z 0-9 _ -`, starting with a letter); inferred from {@link channelNameSchema}. */
export type ChannelName = z.infer<typeof channelNameSchema>;

/** The provider-side account of a channel: a WhatsApp phone number id, a VK group id. */
export const accountIdSchema = z.string().min(1).max(128);

/** An E.164 phone number. */
export const e164Schema: z.ZodCustom<E164> = z.custom<E164>(isE164, { message: 'Expected an E.164 phone number like +14155550123' });

/** An operator (CRM user) id as the host knows it. */
export const operatorIdSchema = z.string().min(1).max(128);

/** A reference to a CRM record: a lead, a contact, an order, or any host type. */
export const crmLinkSchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(256),
});
/** A `{ type, id }` reference to a host CRM record (`{ type: 'lead', id: '42' }`); inferred from {@link crmLinkSchema}. */
export type CrmLink = z.infer<typeof crmLinkSchema>;
