import type { SwitchboardError } from '../core/errors.js';
import type { ListenerErrorEvent } from '../core/events.js';
import type { LedgerEvents } from '../ledger/types.js';
import type { Contact } from '../model/contact.js';
import type { ConsentRecord } from '../model/consent.js';
import type { CloseReason, Conversation } from '../model/conversation.js';
import type { Message, MessageStatus } from '../model/message.js';
import type { TemplateCategory, TemplateRecord, TemplateStatus } from '../model/template.js';
import type { AccountAlertEvent, InteractionEvent } from '../channels/adapter.js';

/** Why automation asked for a human. */
export type HandoffReason = 'complaint' | 'no_operator_reply';

/** Who did something: an operator (CRM user id), the customer, or Switchboard itself. */
export type Actor = { kind: 'operator'; id: string } | { kind: 'customer' } | { kind: 'system'; reason?: string };

/**
 * Every event a Switchboard emits, each with one payload object (new fields never break
 * listeners). Listener failures are reported on `error`, never swallowed.
 */
export interface SwitchboardEvents extends LedgerEvents {
  /** A customer message was stored (once, however often the provider delivered it). */
  'message.received': { message: Message; conversation: Conversation; contact: Contact; isNewConversation: boolean };
  /** The provider accepted an outbound message. */
  'message.sent': { message: Message; conversation: Conversation };
  /** An outbound message's status moved forward (sent → delivered → read, or failed). */
  'message.status': { message: Message; previousStatus: MessageStatus };
  /** An outbound message failed for good (provider refusal, dead letter, failed status). */
  'message.failed': { message: Message; error: SwitchboardError };
  /** A new dialog was opened by a customer message. */
  'conversation.opened': { conversation: Conversation; contact: Contact };
  'conversation.assigned': { conversation: Conversation; assigneeId: string | null; previousAssigneeId: string | null; actor: Actor };
  'conversation.participants_changed': { conversation: Conversation; operatorId: string; change: 'invited' | 'left'; actor: Actor };
  'conversation.closed': { conversation: Conversation; reason: CloseReason; actor: Actor };
  'conversation.restored': { conversation: Conversation; actor: Actor };
  /**
   * An automation rule asks for a human: `complaint` (a complaint keyword) or `no_operator_reply`
   * (N customer messages without an operator's answer).
   */
  'conversation.handoff_requested': { conversation: Conversation; reason: HandoffReason; message?: Message };
  /**
   * A consent fact was stored: from `recordConsent`, an opt-out keyword, a provider's refusal
   * (WhatsApp 131050) or an adapter's consent event. A fact Switchboard observes itself is
   * stored and announced once: when the latest fact for the contact, channel and purpose has the
   * same status and source at the same instant (a WhatsApp opt-out comes both in a failed
   * status and as the adapter's event), nothing new is recorded.
   */
  'consent.changed': { record: ConsentRecord };
  'template.status_changed': { template: TemplateRecord; previousStatus: TemplateStatus };
  'template.category_changed': { template: TemplateRecord; previousCategory: TemplateCategory };
  'template.quality_changed': { template: TemplateRecord; previousQuality: string | undefined };
  /** Transient interactions: typing indicators, callback-button presses. */
  'interaction': { event: InteractionEvent };
  /** A provider-side problem reported through a webhook (throughput errors, account alerts). */
  'account.alert': { event: AccountAlertEvent };
  /** A webhook request was refused (bad signature, malformed body) — nothing was stored. */
  'webhook.rejected': { channel: string | undefined; status: number; error: SwitchboardError };
  'broadcast.progress': { broadcastId: string; total: number; done: number; sent: number; skipped: number; failed: number };
  'broadcast.completed': { broadcastId: string; sent: number; skipped: number; failed: number };
  /**
   * A listener threw (`event` names its event) or a pipeline step failed in the background
   * (`event` is e.g. `pipeline.inbound`).
   */
  'error': ListenerErrorEvent;
}
