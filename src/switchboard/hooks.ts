import type { Contact } from '../model/contact.js';
import type { CrmLink } from '../model/common.js';
import type { Conversation } from '../model/conversation.js';
import type { Message } from '../model/message.js';

/** Where a new dialog came from: the channel account, with its name where the provider gives one. */
export interface ConversationSource {
  channel: string;
  accountId: string;
  /** The business account's name (the VK community's name), for lead sources and titles. */
  name?: string;
}

/** What {@link SwitchboardHooks.onNewConversation} receives. */
export interface NewConversationInput {
  conversation: Conversation;
  contact: Contact;
  channel: string;
  source: ConversationSource;
  /** A lead title: `"<account name>: <sender name>"` (VK, seed 002) or the sender's name or number. */
  title: string;
  /** The customer message that opened the dialog (already stored). */
  message: Message;
}

/** What the host did with a new dialog; every field optional. */
export interface NewConversationResult {
  /** CRM records created or found (a lead, a contact); stored on the conversation. */
  links?: CrmLink[];
  /** The operator the dialog is assigned to ("assign to user"); group or role routing stays in the CRM. */
  assigneeId?: string;
  /** The CRM record's owner, for "owner" filters. */
  ownerId?: string;
  /** Replaces the conversation's title. */
  title?: string;
}

/** Host callbacks. */
export interface SwitchboardHooks {
  /**
   * Called once per dialog a customer opens (never for a duplicate delivery, never twice when
   * two app instances race), after the customer's message is stored: create a lead or a contact
   * and assign it. The returned links, assignee, owner and title are stored on the conversation.
   *
   * Keep it fast: the provider's webhook is answered after it returns. If it throws, the message
   * stays stored, the failure is reported on the `error` event (`event: 'hooks.onNewConversation'`,
   * a `HOOK_FAILED` error whose `details.conversationId` names the dialog) and the hook is not
   * called again for that dialog: link it yourself from the error handler or later.
   */
  onNewConversation?: (input: NewConversationInput) => NewConversationResult | undefined | Promise<NewConversationResult | undefined>;
}
