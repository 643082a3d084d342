import { DAY } from '../core/clock.js';

/**
 * The key under which an inbound item is claimed once: channel, account and the provider's own
 * id for the item (a wamid, a status id + status, a VK event_id).
 */
export function inboundDedupeKey(channel: string, accountId: string, providerItemId: string): string {
  return `${channel}:${accountId}:${providerItemId}`;
}

/** Meta retries webhooks for up to 7 days; dedupe keys live at least that long by default. */
export const DEFAULT_DEDUPE_TTL_MS = 7 * DAY;
