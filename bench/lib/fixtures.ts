/**
 * Payloads the benchmarks use, read as bytes (never re-serialised). Copied byte for byte from
 * the shared fixtures (see bench/README.md), so the benchmark runs from a plain checkout.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const read = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** The app secret the WhatsApp fixtures are signed with. */
export const WHATSAPP_APP_SECRET = 'test_app_secret';
/** The VK fixtures' `secret`, `group_id` and confirmation string. */
export const VK_SECRET = 'test_vk_secret';
export const VK_GROUP_ID = 232142875;
export const VK_CONFIRMATION = 'test_vk_confirmation';

/**
 * A WhatsApp `messages` webhook exactly as Meta sends it: compact JSON, non-ASCII escaped as
 * `\uXXXX`, one text message (501 bytes).
 */
export const whatsappInboundText: Buffer = read('whatsapp-inbound-text.raw.json');
/** The VK Callback API `message_new` event (5.199 envelope). */
export const vkMessageNew: Buffer = read('vk-message-new.json');

/** `X-Hub-Signature-256` for `body`. */
export function whatsappSignature(body: Uint8Array, secret = WHATSAPP_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
