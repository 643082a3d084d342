import { toSwitchboardError } from '../core/errors.js';
import type { Conversation } from '../model/conversation.js';
import type { Contact } from '../model/contact.js';
import type { Message } from '../model/message.js';
import type { ResolvedConfig } from './config.js';
import type { SwitchboardContext } from './context.js';
import type { MetricsRecorder } from './metrics.js';

/** What automation is told about each stored customer message. */
export interface CustomerMessagePayload {
  message: Message;
  conversation: Conversation;
  contact: Contact;
  isNewConversation: boolean;
}

/**
 * Work started after a webhook was answered or a send resolved (automation, hooks that must not
 * delay the provider). Failures go to the `error` event; `idle()` waits for all of it.
 */
export class BackgroundTasks {
  readonly #pending = new Set<Promise<void>>();
  readonly #report: (error: unknown, event: string) => void;

  constructor(report: (error: unknown, event: string) => void) {
    this.#report = report;
  }

  run(event: string, task: () => Promise<unknown>): void {
    const promise: Promise<void> = task().then(
      () => undefined,
      (error: unknown) => { this.#report(toSwitchboardError(error), event); },
    ).finally(() => { this.#pending.delete(promise); });
    this.#pending.add(promise);
  }

  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}

/** The context the facade's own pipelines share: the public context plus resolved config and metrics. */
export interface Runtime extends SwitchboardContext {
  readonly config: ResolvedConfig;
  readonly metrics: MetricsRecorder;
  readonly background: BackgroundTasks;
  /** Reports a failure on the `error` event (or the logger when nobody listens). */
  reportError(error: unknown, event: string): void;
  /** Set when automation is configured: called after each stored customer message. */
  onCustomerMessage: ((payload: CustomerMessagePayload) => unknown) | undefined;
}
