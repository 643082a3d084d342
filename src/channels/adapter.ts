import type { SwitchboardError } from '../core/errors.js';
import type { MessageId } from '../core/ids.js';
import type { Attachment, MessageContent, MessageError } from '../model/message.js';
import type { ContactAddress } from '../model/contact.js';
import type { ConsentPurpose } from '../model/consent.js';
import type { TemplateCategory, TemplateRecord, TemplateStatus } from '../model/template.js';

/**
 * How a channel limits free-form (non-template) messages:
 * - `session`: allowed for `durationMs` after the customer's last message (WhatsApp: 24 h);
 * - `permission`: allowed while the user permits messages (VK: wrote first or `message_allow`);
 * - `none`: no rule.
 */
export type WindowRule =
  | { kind: 'session'; durationMs: number }
  | { kind: 'permission' }
  | { kind: 'none' };

/** What a channel can do; the facade and the guards read these instead of channel names. */
export interface ChannelCapabilities {
  /** Whether the channel has provider-approved templates (WhatsApp: yes; VK: no). */
  templates: boolean;
  /** The channel's rule for free-form messages. */
  window: WindowRule;
  /** The longest text one provider message may carry. */
  maxTextLength: number;
  /** Whether a longer text is split into several messages by the adapter instead of refused. */
  splitsLongText: boolean;
  /** Media kinds accepted, with the provider's size limit in bytes for each. */
  media: Partial<Record<Attachment['kind'], { maxBytes: number; mimeTypes?: readonly string[] }>>;
  /** Attachments one provider message may carry (WhatsApp: 1, VK: 10). */
  attachmentsPerMessage: number;
  /** Whether a repeated send with the same idempotency key is de-duplicated by the provider. */
  idempotentSends: boolean;
  /**
   * How long the provider remembers an idempotency key (ms), when it forgets (VK: a `random_id`
   * for about an hour). A send repeated later may reach the customer twice, so Switchboard
   * does not repeat an ambiguous send older than this. Absent: no known limit.
   */
  idempotencyWindowMs?: number;
  /** Configured request rate towards the provider. */
  rateLimit: { perSecond: number };
  /**
   * When the channel bills a message, so the facade settles its credits hold: `on_delivery`
   * (WhatsApp: captured when delivered or reported billable, released when it fails) or
   * `on_acceptance` (captured as soon as the provider accepts the send). Default `on_acceptance`.
   */
  settlement?: 'on_delivery' | 'on_acceptance';
}

/** Template parameters ready for the provider, as produced by `renderTemplate`. */
export interface OutboundTemplate {
  name: string;
  language: string;
  /** Header: text parameters, or media by id or link. */
  header?:
    | { type: 'text'; parameters: string[] | Record<string, string> }
    | { type: 'image' | 'video' | 'document'; mediaId?: string; link?: string; filename?: string };
  /** Body parameters, positional (`['Ivan']`) or named (`{ first_name: 'Ivan' }`). */
  body: string[] | Record<string, string>;
  /** Button parameters by button index (URL suffix, copy code, quick-reply payload). */
  buttons?: readonly { index: number; subType: 'url' | 'copy_code' | 'quick_reply'; parameter: string }[];
}

/** One message for the provider. */
export interface OutboundMessage {
  /** Switchboard's message id; adapters echo it back where the provider allows (callback data). */
  messageId: MessageId;
  /** Stable per message; adapters with idempotent sends derive the provider's key from it. */
  idempotencyKey: string;
  /** The recipient, in an address kind this channel understands. */
  to: ContactAddress;
  content: MessageContent;
  /** For `content.type === 'template'`: the provider-ready template. */
  template?: OutboundTemplate;
  /** Provider id of the message being replied to. */
  replyTo?: string;
}

/** Per-call options of adapter requests (`send`, `submitTemplate`, `listTemplates`, `resolveProfile`). */
export interface SendOptions {
  /**
   * Cancels the call. Before the request leaves it fails with `ABORTED`; after, on channels
   * without idempotent sends, with `SEND_OUTCOME_UNKNOWN` (the provider may have accepted it).
   */
  signal?: AbortSignal;
}

/** The provider accepted the message. */
export interface SendResult {
  /** The provider's id for the (first) message sent. */
  providerMessageId: string;
  /** Ids of further provider messages when one CRM message became several (attachments, long text). */
  additionalProviderMessageIds?: string[];
  /** When the provider accepted it (epoch ms). */
  acceptedAt: number;
}

/** Who sent an inbound item: every address the provider gave for them. */
export interface InboundSender {
  addresses: ContactAddress[];
  name?: string;
}

interface InboundBase {
  channel: string;
  accountId: string;
  /** Unique per provider item; claim it once (retries and duplicates repeat it). */
  dedupeKey: string;
}

/** A customer message. */
export interface MessageReceivedEvent extends InboundBase {
  type: 'message.received';
  providerMessageId: string;
  from: InboundSender;
  content: MessageContent;
  /** The provider's timestamp of the message (epoch ms). */
  timestamp: number;
  replyTo?: string;
  /** Click-to-WhatsApp ad data; opens a 72-hour free entry point. */
  referral?: { sourceType: string; sourceId?: string; sourceUrl?: string; headline?: string; ctwaClid?: string };
  /** Provider payload carried by a button (VK `payload`, WhatsApp button payload). */
  payload?: string;
  /** Whether this message opens or refreshes the channel's free-form window (reactions do not). */
  refreshesWindow: boolean;
}

/** A delivery status for an outbound message. */
export interface MessageStatusEvent extends InboundBase {
  type: 'message.status';
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp: number;
  recipient?: ContactAddress;
  /** Our message id when the provider echoes it (WhatsApp `biz_opaque_callback_data`). */
  messageId?: string;
  error?: MessageError;
  pricing?: { billable: boolean; category?: string; model?: string };
}

/** An outbound message sent outside Switchboard (e.g. from the VK web UI), or an edit. */
export interface MessageEchoEvent extends InboundBase {
  type: 'message.echo' | 'message.edited';
  providerMessageId: string;
  peer: ContactAddress;
  content: MessageContent;
  timestamp: number;
}

/** The customer granted or withdrew permission for a purpose. */
export interface ConsentChangedEvent extends InboundBase {
  type: 'consent.changed';
  contact: ContactAddress;
  purpose: ConsentPurpose | 'all';
  status: 'opted_in' | 'opted_out';
  timestamp: number;
  providerCode?: number | string;
}

/** The provider reviewed, paused, disabled or reinstated a template (WhatsApp `message_template_status_update`). */
export interface TemplateStatusChangedEvent extends InboundBase {
  type: 'template.status_changed';
  providerTemplateId: string;
  name: string;
  language: string;
  status: TemplateStatus;
  reason?: string;
  timestamp: number;
}

/** The provider re-categorized a template, or announced it will (WhatsApp `template_category_update`); the category decides the price. */
export interface TemplateCategoryChangedEvent extends InboundBase {
  type: 'template.category_changed';
  providerTemplateId: string;
  name?: string;
  language?: string;
  previousCategory: TemplateCategory;
  newCategory: TemplateCategory;
  /** `impending`: Meta will change it on `effectiveAt`; `completed`: it changed. */
  stage: 'impending' | 'completed';
  effectiveAt?: number;
  timestamp: number;
}

/** The provider's quality rating of a template changed (WhatsApp `message_template_quality_update`: `GREEN`, `YELLOW`, `RED`). */
export interface TemplateQualityChangedEvent extends InboundBase {
  type: 'template.quality_changed';
  providerTemplateId: string;
  name?: string;
  language?: string;
  previousQuality: string;
  newQuality: string;
  timestamp: number;
}

/** Typing indicators and callback-button presses: transient, not stored as messages. */
export interface InteractionEvent extends InboundBase {
  type: 'interaction';
  kind: 'typing' | 'callback_button';
  from: ContactAddress;
  /** For callback buttons: the event id needed to answer, and the button payload. */
  eventId?: string;
  payload?: string;
  peerId?: string;
  timestamp: number;
}

/** A provider-side problem reported through the webhook (value-level errors, account alerts). */
export interface AccountAlertEvent extends InboundBase {
  type: 'account.alert';
  code: string;
  message: string;
  providerCode?: number | string;
  timestamp: number;
}

/** Every normalized event an adapter's webhook handler can produce. */
export type InboundEvent =
  | MessageReceivedEvent
  | MessageStatusEvent
  | MessageEchoEvent
  | ConsentChangedEvent
  | TemplateStatusChangedEvent
  | TemplateCategoryChangedEvent
  | TemplateQualityChangedEvent
  | InteractionEvent
  | AccountAlertEvent;

/**
 * What a webhook request produced. `response` is the answer to give the provider once every
 * event has been durably handed over; a host that fails to store the events must not send it
 * (answer 5xx instead, so the provider retries).
 */
export interface WebhookResult {
  response: Response;
  events: InboundEvent[];
  /** The provider's retry counter, when it sends one (VK `X-Retry-Counter`). */
  retryCount?: number;
  /**
   * Why the request was refused (`response` is then an error answer and `events` is empty), or
   * why an acknowledged request produced fewer events than expected (an unsupported event type).
   */
  error?: SwitchboardError;
}

/** Names and titles for leads, resolved from the provider (VK `users.get`, `groups.getById`). */
export interface ResolvedProfile {
  displayName?: string;
  firstName?: string;
  lastName?: string;
  /** The business account's own name (VK community name), for lead titles. */
  accountName?: string;
}

/**
 * The plug every channel implements. Third-party adapters (SMS, Telegram) implement the same
 * interface and run the adapter contract from `switchboard/testing`.
 */
export interface ChannelAdapter {
  /** The channel name: `whatsapp`, `vk`, or the third party's. */
  readonly channel: string;
  /** The provider account this adapter speaks for (phone number id, group id). */
  readonly accountId: string;
  readonly capabilities: ChannelCapabilities;

  /**
   * Sends one message.
   * @throws SwitchboardError with a provider classification (`retryable`, `retryAfterMs`,
   *   `remedy`); `SEND_OUTCOME_UNKNOWN` when the request may have reached the provider but
   *   no answer came (never retried blindly on channels without idempotent sends).
   */
  send(message: OutboundMessage, options?: SendOptions): Promise<SendResult>;

  /**
   * Verifies and parses a webhook request. Never throws for bad input: a bad signature, body
   * or method yields an error response (401/400/405/413) and no events.
   */
  handleWebhook(request: Request): Promise<WebhookResult>;

  /** Marks an inbound message as read (and shows a typing indicator where supported). */
  markRead?(providerMessageId: string, options?: { typing?: boolean; to?: ContactAddress; signal?: AbortSignal }): Promise<void>;

  /** Submits a template for provider review; returns the provider's id and status. */
  submitTemplate?(template: TemplateRecord, options?: SendOptions): Promise<{ providerTemplateId: string; status: TemplateStatus; category?: TemplateCategory }>;

  /** Lists the provider's templates with their current status and category. */
  listTemplates?(options?: SendOptions): Promise<ProviderTemplateSummary[]>;

  /** Resolves display names for a sender and the account, for lead titles. */
  resolveProfile?(address: ContactAddress, options?: SendOptions): Promise<ResolvedProfile>;
}

/** A template as the provider lists it. */
export interface ProviderTemplateSummary {
  providerTemplateId: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  rejectionReason?: string;
  quality?: string;
}
