/** The VK community messages channel adapter. */
export type { ChannelAdapter, ChannelCapabilities } from '../adapter.js';
export const VK_CHANNEL = 'vk' as const;
