/** The WhatsApp Cloud API channel adapter. */
export type { ChannelAdapter, ChannelCapabilities } from '../adapter.js';
export const WHATSAPP_CHANNEL = 'whatsapp' as const;
