import type { ConversationId } from '../core/ids.js';
import type { Quote } from '../ledger/price-book.js';
import type { CrmLink } from '../model/common.js';
import type { ContactAddress } from '../model/contact.js';
import type { Conversation } from '../model/conversation.js';
import type { Attachment, Message } from '../model/message.js';

/** A template to send: by name (in the conversation's or the default language) or name + language. */
export type TemplateRef = string | { name: string; language: string };

interface SendCommon {
  /**
   * Makes the send idempotent: a repeat with the same key returns the first message and sends
   * and charges nothing again. Generated when absent (then a retry by the caller is a new send).
   */
  idempotencyKey?: string;
  /** The operator sending (for claim rules, audit and "replied by" filters). */
  operatorId?: string;
  /** Values for merge fields (`{{first_name}}`) in templates and text. */
  data?: Readonly<Record<string, unknown>>;
  /** Provider id of the customer message being replied to. */
  replyTo?: string;
  signal?: AbortSignal;
}

/** Reply in an existing conversation: free text (with merge fields) and/or up to 5 attachments, or a template. */
export interface SendToConversation extends SendCommon {
  conversationId: ConversationId;
  text?: string;
  attachments?: readonly Attachment[];
  template?: TemplateRef;
}

/** Start or continue a conversation with an address: WhatsApp requires a template to start one. */
export interface SendToAddress extends SendCommon {
  /** A phone number (normalized to E.164 with the configured default country) or an address. */
  to: string | ContactAddress;
  channel: string;
  /** The channel account to send from (e.g. which WhatsApp number); defaults to the only/first one. */
  accountId?: string;
  template?: TemplateRef;
  text?: string;
  attachments?: readonly Attachment[];
  /** CRM records this send belongs to (the lead or order it was sent from); stored on a conversation it starts. */
  links?: readonly CrmLink[];
}

/**
 * The input of `Switchboard.send`: a reply in a conversation ({@link SendToConversation}, has
 * `conversationId`) or a message to an address ({@link SendToAddress}, has `to` and `channel`).
 * Validated once; a malformed input throws `INVALID_INPUT` naming the field.
 */
export type SendInput = SendToConversation | SendToAddress;

/** What `send` did. Refusals (window, consent, credits, claim, template) are thrown as typed errors. */
export interface SendOutcome {
  message: Message;
  conversation: Conversation;
  /** True when the idempotency key had been used before; nothing was sent or charged again. */
  duplicate: boolean;
  /** The price fixed at reservation time, when a ledger is configured. */
  quote?: Quote;
}
