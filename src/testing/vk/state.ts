import type { Clock } from '../../core/clock.js';

/** A message the simulated community sent. */
export interface VkSentMessage {
  messageId: number;
  conversationMessageId: number;
  peerId: number;
  randomId: number;
  text: string;
  attachment?: string;
  keyboard?: string;
  payload?: string;
  replyTo?: number;
  intent?: string;
  /** Epoch ms, by the simulator's clock. */
  sentAt: number;
}

/** A VK error the simulator answers with. */
export interface VkSimulatedError {
  code: number;
  message: string;
}

export const VK_ERRORS: Readonly<Record<number, string>> = {
  1: 'Unknown error occurred',
  3: 'Unknown method passed',
  5: 'User authorization failed: invalid access_token (4).',
  6: 'Too many requests per second',
  8: 'Invalid request: v is required',
  9: 'Flood control',
  10: 'Internal server error',
  29: 'Rate limit reached',
  100: 'One of the parameters specified was missing or invalid',
  901: "Can't send messages for users without permission",
  914: 'Message is too long',
};

export function vkError(code: number, message?: string): VkSimulatedError {
  return { code, message: message ?? VK_ERRORS[code] ?? `Error ${code}` };
}

const HOUR = 3_600_000;
const CHAT_OFFSET = 2_000_000_000;

/**
 * The simulated community's state: who allows messages, what was sent, per-dialog counters.
 * `messages.send` de-duplicates `random_id` the way VK documents it: per dialog, over the last
 * hour and the last 100 messages.
 */
export class VkSimulatorState {
  readonly sent: VkSentMessage[] = [];
  readonly allowed = new Set<number>();
  private nextMessageId: number;
  private nextMedia = 457_239_000;
  private readonly cmids = new Map<number, number>();

  constructor(private readonly clock: Clock, firstMessageId = 1) {
    this.nextMessageId = firstMessageId;
  }

  /** A fresh id for an uploaded photo or document. */
  mediaId(): number {
    this.nextMedia += 1;
    return this.nextMedia;
  }

  canMessage(peerId: number): boolean {
    return peerId >= CHAT_OFFSET || this.allowed.has(peerId);
  }

  /** Stores a message, or returns the earlier copy with the same `random_id` in the same dialog. */
  send(message: Omit<VkSentMessage, 'messageId' | 'conversationMessageId' | 'sentAt'>): { message: VkSentMessage; duplicate: boolean } | VkSimulatedError {
    if (!this.canMessage(message.peerId)) return vkError(901);
    if (message.text.length > 4096) return vkError(914);
    if (message.text === '' && message.attachment === undefined) return vkError(100, 'One of the parameters specified was missing or invalid: message is empty or invalid');
    const now = this.clock.now();
    if (message.randomId !== 0) {
      const recent = this.sent.filter((m) => m.peerId === message.peerId).slice(-100);
      const earlier = recent.find((m) => m.randomId === message.randomId && now - m.sentAt < HOUR);
      if (earlier !== undefined) return { message: earlier, duplicate: true };
    }
    const cmid = (this.cmids.get(message.peerId) ?? 0) + 1;
    this.cmids.set(message.peerId, cmid);
    const stored: VkSentMessage = { ...message, messageId: this.nextMessageId++, conversationMessageId: cmid, sentAt: now };
    this.sent.push(stored);
    return { message: stored, duplicate: false };
  }
}

/** Counts calls per clock second; VK answers error 6 above the limit. */
export class VkSimulatedRateLimit {
  private window = -1;
  private count = 0;

  constructor(private readonly clock: Clock, private readonly perSecond: number) {}

  /** Records one call; false when it exceeds the limit for the current second. */
  admit(): boolean {
    const second = Math.floor(this.clock.now() / 1000);
    if (second !== this.window) {
      this.window = second;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= this.perSecond;
  }
}
