import type { ContactAddress } from '../../model/contact.js';
import { SwitchboardError } from '../../core/errors.js';

/** VK peer ids of group chats start here (`2000000000 + chat_id`). */
export const VK_CHAT_PEER_OFFSET = 2_000_000_000;

/**
 * The address of a VK peer: `vk_user` for users (positive ids below the chat range), `vk_chat`
 * for group chats (the full peer id), `vk_group` for communities (the positive group id).
 */
export function vkPeerAddress(peerId: number): ContactAddress {
  if (peerId >= VK_CHAT_PEER_OFFSET) return { kind: 'vk_chat', value: String(peerId) };
  if (peerId > 0) return { kind: 'vk_user', value: String(peerId) };
  return { kind: 'vk_group', value: String(-peerId) };
}

/**
 * The `peer_id` to send to for an address.
 * @throws SwitchboardError `INVALID_INPUT` for an address kind VK cannot reach or a bad id.
 */
export function vkPeerId(address: ContactAddress): number {
  const value = /^[1-9]\d{0,15}$/.test(address.value) ? Number(address.value) : Number.NaN;
  if (Number.isSafeInteger(value)) {
    if (address.kind === 'vk_user' && value < VK_CHAT_PEER_OFFSET) return value;
    if (address.kind === 'vk_chat' && value > VK_CHAT_PEER_OFFSET) return value;
  }
  throw new SwitchboardError('INVALID_INPUT', `VK cannot send to a "${address.kind}" address with value "${address.value}"; use { kind: 'vk_user', value: '<user id>' } or { kind: 'vk_chat', value: '<peer id>' }`, {
    field: 'to',
    remedy: 'fix_input',
  });
}
