import type { ChannelAdapter } from '../channels/adapter.js';
import type { ChannelRegistry } from './context.js';
import { facadeError } from './errors.js';

/** When a channel's credits holds are captured; see `ChannelCapabilities.settlement` (default: on acceptance). */
export function settlementOf(adapter: ChannelAdapter): 'on_delivery' | 'on_acceptance' {
  return adapter.capabilities.settlement ?? 'on_acceptance';
}

/**
 * The configured adapters by (channel, accountId). Configuration order is kept: the first
 * account of a channel is its default.
 */
export function createChannelRegistry(adapters: readonly ChannelAdapter[]): ChannelRegistry {
  const list = [...adapters];
  return {
    get(channel, accountId) {
      const found = list.find((a) => a.channel === channel && (accountId === undefined || a.accountId === accountId));
      if (found !== undefined) return found;
      const known = list.map((a) => `${a.channel}:${a.accountId}`).join(', ');
      throw facadeError('UNKNOWN_CHANNEL', `No ${channel} adapter${accountId === undefined ? '' : ` for account ${accountId}`} is configured (configured: ${known || 'none'})`, {
        field: accountId === undefined ? 'channel' : 'accountId', remedy: 'fix_input', details: { channel, accountId },
      });
    },
    all: () => list,
  };
}
