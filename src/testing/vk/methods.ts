import type { VkLongPollQueue } from './long-poll-queue.js';
import type { VkSimulatedError, VkSimulatorState } from './state.js';
import { vkError } from './state.js';

export interface VkMethodContext {
  state: VkSimulatorState;
  groupId: number;
  groupName: string;
  users: Readonly<Record<number, { firstName: string; lastName: string }>>;
  queue: VkLongPollQueue;
  uploadBase: string;
}

type Answer = { response: unknown } | { error: VkSimulatedError };

const CHAT_OFFSET = 2_000_000_000;

function int(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d{1,19}$/.test(value) ? Number(value) : undefined;
}

function ids(value: string | undefined): number[] {
  return (value ?? '').split(',').map((s) => int(s.trim())).filter((n): n is number => n !== undefined);
}

/** Answers one VK API method like VK 5.199 does, against the simulator's state. */
export function answerMethod(method: string, params: Readonly<Record<string, string>>, ctx: VkMethodContext): Answer {
  switch (method) {
    case 'messages.send':
      return send(params, ctx);
    case 'messages.isMessagesFromGroupAllowed': {
      const userId = int(params.user_id);
      if (userId === undefined) return { error: vkError(100, 'One of the parameters specified was missing or invalid: user_id is undefined') };
      return { response: { is_allowed: ctx.state.allowed.has(userId) ? 1 : 0 } };
    }
    case 'messages.markAsRead':
    case 'messages.setActivity':
    case 'messages.sendMessageEventAnswer':
      return params.peer_id === undefined ? { error: vkError(100, 'One of the parameters specified was missing or invalid: peer_id is undefined') } : { response: 1 };
    case 'users.get': {
      const found = ids(params.user_ids).flatMap((id) => {
        const user = ctx.users[id];
        return user === undefined ? [] : [{ id, first_name: user.firstName, last_name: user.lastName, can_access_closed: true, is_closed: false }];
      });
      return { response: found };
    }
    case 'groups.getById':
      return { response: { groups: [{ id: ctx.groupId, name: ctx.groupName, screen_name: `club${ctx.groupId}`, is_closed: 0, type: 'group' }], profiles: [] } };
    case 'groups.getLongPollServer':
      return { response: ctx.queue.server() };
    case 'photos.getMessagesUploadServer':
    case 'docs.getMessagesUploadServer': {
      const peerId = int(params.peer_id);
      if (peerId === undefined) return { error: vkError(100, 'One of the parameters specified was missing or invalid: peer_id is undefined') };
      if (!ctx.state.canMessage(peerId)) return { error: vkError(901) };
      const kind = method.startsWith('photos') ? 'photo' : 'doc';
      return { response: { upload_url: `${ctx.uploadBase}/${kind}?peer=${peerId}`, album_id: -3, group_id: ctx.groupId } };
    }
    case 'photos.saveMessagesPhoto': {
      if (params.photo === undefined || params.hash === undefined) return { error: vkError(100) };
      const id = ctx.state.mediaId();
      return { response: [{ id, owner_id: -ctx.groupId, access_key: params.hash.slice(0, 18), album_id: -3 }] };
    }
    case 'docs.save': {
      const parts = (params.file ?? '').split('|');
      if (parts[0] !== 'doc') return { error: vkError(100, 'One of the parameters specified was missing or invalid: file is invalid') };
      return { response: { type: 'doc', doc: { id: ctx.state.mediaId(), owner_id: ctx.groupId, title: params.title ?? 'file', access_key: parts[1] } } };
    }
    default:
      return { error: vkError(3) };
  }
}

function send(params: Readonly<Record<string, string>>, ctx: VkMethodContext): Answer {
  const randomId = int(params.random_id);
  if (randomId === undefined) return { error: vkError(100, 'One of the parameters specified was missing or invalid: random_id is a required parameter') };
  if (randomId > 2_147_483_647 || randomId < -2_147_483_648) return { error: vkError(100, 'One of the parameters specified was missing or invalid: random_id should be int32') };
  const message = {
    randomId,
    text: params.message ?? '',
    ...(params.attachment === undefined ? {} : { attachment: params.attachment }),
    ...(params.keyboard === undefined ? {} : { keyboard: params.keyboard }),
    ...(params.payload === undefined ? {} : { payload: params.payload }),
    ...(params.intent === undefined ? {} : { intent: params.intent }),
    ...(int(params.reply_to) === undefined ? {} : { replyTo: int(params.reply_to) ?? 0 }),
  };
  if (params.peer_ids !== undefined) {
    const peers = ids(params.peer_ids);
    if (peers.length === 0 || peers.length > 100) return { error: vkError(100, 'One of the parameters specified was missing or invalid: peer_ids') };
    return {
      response: peers.map((peerId) => {
        const result = ctx.state.send({ ...message, peerId });
        if ('code' in result) return { peer_id: peerId, message_id: 0, error: { code: result.code, description: result.message } };
        const chat = peerId >= CHAT_OFFSET;
        return { peer_id: peerId, message_id: chat ? 0 : result.message.messageId, conversation_message_id: result.message.conversationMessageId };
      }),
    };
  }
  const peerId = int(params.peer_id) ?? int(params.user_id);
  if (peerId === undefined) return { error: vkError(100, 'One of the parameters specified was missing or invalid: peer_id is undefined') };
  const result = ctx.state.send({ ...message, peerId });
  if ('code' in result) return { error: result };
  return { response: peerId >= CHAT_OFFSET ? 0 : result.message.messageId };
}
