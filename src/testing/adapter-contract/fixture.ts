import type { ChannelAdapter, OutboundMessage } from '../../channels/adapter.js';

/**
 * What an adapter author hands the contract for one test: a fresh adapter plus ways to build
 * webhook requests and messages for it. Everything is created anew per test (`setup`), so the
 * cases are isolated and order-independent.
 */
export interface AdapterContractFixture {
  adapter: ChannelAdapter;
  /**
   * A webhook request the adapter must accept (authentic, well-formed) that yields at least one
   * event. Called once per use: return a new `Request` each time (bodies are single-use).
   */
  validWebhook: () => Request | Promise<Request>;
  /** The same kind of request, failing authentication (wrong signature or shared secret). */
  badSignatureWebhook: () => Request | Promise<Request>;
  /**
   * An authentic request whose body is not a valid provider payload: signed garbage, or for
   * providers that authenticate inside the body (VK), a body with the right secret and a broken
   * structure. Without it, skip the case 'a malformed body is answered 4xx with no events' with
   * a reason.
   */
  malformedWebhook?: () => Request | Promise<Request>;
  /**
   * Builds a request to the webhook URL with an arbitrary body and headers, for the robustness
   * cases (mutated bodies, hostile headers). Defaults to a POST to `https://example.test/webhook`.
   */
  rawWebhook?: (body: Uint8Array, headers: Record<string, string>) => Request;
  /**
   * Where the provider authenticates a webhook: `signature` (default) — a header signs the raw
   * body, so any changed byte must be refused; `body` — a shared secret travels inside the body
   * (VK), so a body changed elsewhere may still be authentic. For `body`, mutated requests must
   * still get a definite answer (2xx or 4xx, never a throw or a 5xx), and a refusal yields no events.
   */
  authentication?: 'signature' | 'body';
  /** A message the adapter can send successfully (against the provider simulator). */
  sendableMessage?: () => OutboundMessage;
  /**
   * Arranges the next send of `sendableMessage()` to be refused by the provider (e.g. by
   * injecting an error into the simulator). The contract expects a `SwitchboardError`.
   */
  arrangeSendFailure?: () => void | Promise<void>;
  /** Releases whatever `setup` started (servers, simulators). */
  teardown?: () => void | Promise<void>;
}

/** The named cases of the adapter contract; use these names to skip a case with a reason. */
export const ADAPTER_CONTRACT_CASES = [
  'capabilities are well-formed',
  'a valid webhook is accepted and yields normalized events with dedupe keys',
  'the same webhook delivered twice yields the same dedupe keys',
  'a bad signature is answered 4xx with no events',
  'a malformed body is answered 4xx with no events',
  'an unsupported method is answered 4xx with no events',
  'mutated bodies and hostile headers never throw and never yield events',
  'send returns a provider message id',
  'a refused send rejects with a SwitchboardError',
] as const;

/** The name of one adapter contract case: one of {@link ADAPTER_CONTRACT_CASES}. */
export type AdapterContractCase = (typeof ADAPTER_CONTRACT_CASES)[number];

/** How {@link adapterContract} reaches a channel adapter: the suite name, a fresh fixture per test, and cases to skip with a reason. */
export interface AdapterContractOptions {
  /** Names the suite, e.g. `WhatsApp adapter`. */
  name: string;
  /** Fresh fixture per test. */
  setup: () => AdapterContractFixture | Promise<AdapterContractFixture>;
  /** Cases to skip, each with the reason shown in the test name. */
  skip?: Partial<Record<AdapterContractCase, string>>;
}
