import { TypedEmitter } from '../core/events.js';
import type { Listener, ListenerErrorEvent } from '../core/events.js';
import { isSwitchboardError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { LedgerEvents } from '../ledger/types.js';
import type { ConsentRecord } from '../model/consent.js';
import type { SwitchboardConfig } from './config.js';
import type { RecordConsentInput } from './consent.js';
import { recordConsent } from './consent.js';
import { resolveConfig } from './config.js';
import type { SwitchboardContext } from './context.js';
import type { SwitchboardEvents } from './events.js';
import { handleWebhook } from './inbound/handle-webhook.js';
import type { SwitchboardMetrics } from './metrics.js';
import { MetricsRecorder } from './metrics.js';
import type { SwitchboardOutbox } from './outbox/outbox.js';
import { createOutbox } from './outbox/outbox.js';
import type { Queries } from './queries/queries.js';
import { createQueries } from './queries/queries.js';
import { createChannelRegistry } from './registry.js';
import type { Automation, BroadcastInput, BroadcastReport } from './automation/index.js';
import { automationConfigSchema, createAutomation } from './automation/index.js';
import { parseWith } from '../core/validation.js';
import type { Dialogs } from './dialogs/index.js';
import { createDialogs } from './dialogs/index.js';
import type { Runtime } from './runtime.js';
import type { SwitchboardTemplates } from './templates.js';
import { createTemplates } from './templates.js';
import { BackgroundTasks } from './runtime.js';
import { sendMessage } from './send/send.js';
import type { SendInput, SendOutcome } from './send-types.js';

/** The object a CRM works with: events, webhooks, sending, the outbox, views and health. */
export interface Switchboard {
  /**
   * Calls `listener` with the payload of every future `event` (see {@link SwitchboardEvents}).
   * A listener that throws or rejects never breaks delivery or the webhook answer: the failure
   * is emitted on `error` as `{ error, event }`, or logged with `logger.error` when nobody
   * listens to `error`.
   */
  on<E extends keyof SwitchboardEvents>(event: E, listener: Listener<SwitchboardEvents[E]>): this;
  /** Like `on`, but the listener is removed before its first call. */
  once<E extends keyof SwitchboardEvents>(event: E, listener: Listener<SwitchboardEvents[E]>): this;
  /** Removes a listener added with `on` or `once` (the same function reference); no-op when absent. */
  off<E extends keyof SwitchboardEvents>(event: E, listener: Listener<SwitchboardEvents[E]>): this;

  /**
   * Handles a provider webhook (WhatsApp, VK, any configured adapter) and returns the answer
   * for the provider. Mount it on `/webhooks/<channel>` (or `/webhooks/<channel>/<accountId>`
   * with several accounts of a channel); other paths are matched by trying each adapter.
   *
   * Guarantees: the answer comes only after every item of the request is stored; each item is
   * processed once however often it is delivered; a storage failure answers `503` with
   * `Retry-After` so the provider retries. Refused requests (bad signature, malformed body)
   * get the adapter's 4xx and a `webhook.rejected` event. Never throws.
   */
  handleWebhook(request: Request): Promise<Response>;

  /**
   * Sends a message: a template to an address (`{ to, channel, template, data }`) or a reply in
   * a conversation (`{ conversationId, text, attachments, operatorId }`). Resolves once the
   * provider accepted it (`message.status === 'sent'`), or with `queued` when a transient
   * failure left it to the outbox, or `unknown` when the answer was lost (reconciled by status
   * webhooks). A repeat with the same `idempotencyKey` returns the first message (`duplicate`).
   *
   * @throws SwitchboardError refusals that cost nothing and store nothing: `WINDOW_CLOSED`
   *   (remedy `template` or `ask_permission`), `CONSENT_REQUIRED` / `OPTED_OUT` (remedy
   *   `opt_in`), `INSUFFICIENT_CREDITS` (remedy `top_up`), `PRICE_NOT_FOUND`,
   *   `TEMPLATE_NOT_FOUND`, `TEMPLATE_NOT_APPROVED`, `TEMPLATE_VALUES_REFUSED`, `NOT_ASSIGNEE`
   *   (remedy `claim`), `NOT_AN_OPERATOR`, `MISSING_FIELDS`, `UNSUPPORTED_CONTENT`,
   *   `CONVERSATION_NOT_FOUND`, `CONVERSATION_CLOSED`, `INVALID_INPUT`; and the provider's error
   *   for a permanent refusal (the message is then stored as `failed` and its credits released).
   */
  send(input: SendInput): Promise<SendOutcome>;

  /**
   * Records a consent fact the CRM collected (signup form, import, operator) for the contact at
   * `to`, and emits `consent.changed`. Business-initiated templates to a new number need one.
   */
  recordConsent(input: RecordConsentInput): Promise<ConsentRecord>;

  /**
   * The operator workflow: claim, invite, leave, delegate, close, restore, links, history.
   * Built on first use; needs a store with an `auditLog` port (`INVALID_CONFIG` otherwise).
   */
  readonly dialogs: Dialogs;
  /**
   * Sends one template to many recipients with consent and credit checks per recipient, in
   * batches, with `broadcast.progress` events; resumable by id. See `BroadcastInput`.
   */
  broadcast(input: BroadcastInput): Promise<BroadcastReport>;
  /** Templates: define drafts, submit them for review, sync their status from the provider. */
  readonly templates: SwitchboardTemplates;
  /** The outbox: `run` it periodically; dead letters and their retry. */
  readonly outbox: SwitchboardOutbox;
  /** The conversation list and one conversation. */
  readonly conversations: Queries['conversations'];
  /** A conversation's messages (with attachments). */
  readonly messages: Queries['messages'];
  /** A health snapshot (F24): rates, error rate, webhook latency, first response time, dead letters. */
  metrics(): SwitchboardMetrics;
  /** Resolves when background work (automation started by webhooks) has finished. */
  whenIdle(): Promise<void>;
  /** The shared context the parts are built from (for extensions such as dialogs and broadcast). */
  readonly context: SwitchboardContext;
}

const LEDGER_EVENTS: readonly (keyof LedgerEvents)[] = [
  'credits.reserved', 'credits.captured', 'credits.released', 'credits.insufficient', 'credits.low', 'credits.recharged', 'credits.recharge_failed',
];

/**
 * Creates a Switchboard.
 *
 * @throws SwitchboardError `INVALID_CONFIG` naming every bad option.
 * @example
 * const sb = createSwitchboard({
 *   channels: [createWhatsAppAdapter({...}), createVkAdapter({...})],
 *   store: createMemoryStore(),
 *   ledger, prices: definePriceBook({...}),
 *   hooks: { onNewConversation: async ({ title }) => ({ links: [{ type: 'lead', id: await crm.createLead(title) }] }) },
 * });
 */
export function createSwitchboard(input: SwitchboardConfig): Switchboard {
  const config = resolveConfig(input);
  const events = new TypedEmitter<SwitchboardEvents>({
    onUnhandledError: (error, event) => { config.logger.error({ event, err: describe(error) }, 'A Switchboard event listener failed'); },
  });
  const reportError = (error: unknown, event: string): void => {
    if (events.listenerCount('error') > 0) events.emit('error', { error, event } satisfies ListenerErrorEvent);
    else config.logger.error({ event, err: describe(error) }, 'Switchboard background work failed');
  };
  const metrics = new MetricsRecorder(config.clock, config.metricsWindowMs);
  const runtime: Runtime = {
    config,
    store: config.store,
    ledger: config.ledger,
    prices: config.prices,
    channels: createChannelRegistry(config.channels),
    clock: config.clock,
    ids: config.ids,
    logger: config.logger,
    events,
    policy: config.policy,
    metrics,
    background: new BackgroundTasks(reportError),
    reportError,
    onCustomerMessage: undefined,
    send: (sendInput) => sendMessage(runtime, sendInput),
  };
  const ledger = config.ledger;
  if (ledger !== undefined) {
    for (const name of LEDGER_EVENTS) ledger.on(name, (payload) => { events.emit(name, payload); });
  }
  const queries = createQueries(runtime);
  const outbox = createOutbox(runtime);
  // Automation runs after each stored customer message when configured; broadcast works either
  // way. Its config is validated now; the part is built on first use (it needs the audit log).
  if (config.automation !== undefined) parseWith(automationConfigSchema, config.automation, 'createSwitchboard config: automation', 'INVALID_CONFIG');
  let automation: Automation | undefined;
  const automationPart = (): Automation => (automation ??= createAutomation(runtime, config.automation));
  if (config.automation !== undefined) runtime.onCustomerMessage = (payload) => automationPart().onMessageReceived(payload);
  let dialogs: Dialogs | undefined;

  const sb: Switchboard = {
    on(event, listener) { events.on(event, listener); return sb; },
    once(event, listener) { events.once(event, listener); return sb; },
    off(event, listener) { events.off(event, listener); return sb; },
    handleWebhook: (request) => handleWebhook(runtime, request),
    send: (sendInput) => sendMessage(runtime, sendInput),
    recordConsent: (consentInput) => recordConsent(runtime, consentInput),
    get dialogs() { return (dialogs ??= createDialogs(runtime)); },
    broadcast: async (broadcastInput) => await automationPart().broadcast(broadcastInput),
    templates: createTemplates(runtime),
    outbox,
    conversations: queries.conversations,
    messages: queries.messages,
    metrics: () => metrics.snapshot(),
    whenIdle: () => runtime.background.idle(),
    context: runtime,
  };
  return sb;
}

function describe(error: unknown): unknown {
  if (isSwitchboardError(error)) return error.toJSON();
  return error instanceof Error ? { name: error.name, message: redact(error.message) } : redact(String(error));
}
