import type { Clock } from '../core/clock.js';
import type { TypedEmitter } from '../core/events.js';
import type { IdGenerator } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { ChannelAdapter } from '../channels/adapter.js';
import type { PriceBook } from '../ledger/price-book.js';
import type { CreditsLedger } from '../ledger/types.js';
import type { Store } from '../ports/store.js';
import type { SwitchboardEvents } from './events.js';
import type { SendInput, SendOutcome } from './send-types.js';

/** The configured channel adapters, looked up by channel and account. */
export interface ChannelRegistry {
  /**
   * The adapter for `channel` (and `accountId`, or the first account of that channel).
   * @throws SwitchboardError `UNKNOWN_CHANNEL` when none is configured.
   */
  get(channel: string, accountId?: string): ChannelAdapter;
  /** Every adapter, in configuration order. */
  all(): readonly ChannelAdapter[];
}

/** Policy settings after validation and defaults. */
export interface ResolvedPolicy {
  /** When true, only the assignee or invited participants may reply in a claimed dialog, and an unclaimed one must be claimed first. */
  requireClaimToReply: boolean;
  /**
   * Operators allowed per channel account (`"vk:232142875"`) or per channel (`"vk"`); absent means
   * any operator. Claims, invites and delegations to others are refused with `NOT_AN_OPERATOR`.
   */
  operators: Readonly<Record<string, readonly string[]>> | undefined;
  /** What a customer message does to a dialog closed as completed: reopen it, or open a new one. */
  onMessageAfterCompleted: 'reopen' | 'new_conversation';
  /** Refuse free-form messages this long before the window closes (ms). */
  windowSafetyMarginMs: number;
  /** Country for national phone numbers given to `send({ to })`. */
  defaultCountry: string | undefined;
}

/**
 * What the facade's parts share. Internal: the parts of `createSwitchboard` (pipelines, dialogs,
 * queries, automation, broadcast) are built from one context so they see the same store, clock
 * and event stream.
 */
export interface SwitchboardContext {
  readonly store: Store;
  readonly ledger: CreditsLedger | undefined;
  readonly prices: PriceBook | undefined;
  readonly channels: ChannelRegistry;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly events: TypedEmitter<SwitchboardEvents>;
  readonly policy: ResolvedPolicy;
  /** The send pipeline (rules, pricing, storage, outbox, provider), for automation and broadcast. */
  send(input: SendInput): Promise<SendOutcome>;
}
