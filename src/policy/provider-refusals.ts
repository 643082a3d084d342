import type { WindowFact } from './window-state.js';
import { toEpochMs } from './timestamps.js';

/** The parts of a provider error the policy reads; a `SwitchboardError` from an adapter fits. */
export interface ProviderRefusal {
  provider?: string | undefined;
  providerCode?: number | string | undefined;
}

/**
 * What a provider refusal means for the rules, so the facade can record it:
 * - `marketing_opt_out` (WhatsApp 131050): record it with `consentRecordFromProviderError`;
 * - `window_closed` (WhatsApp 131047): the provider says the 24-h window is closed; apply
 *   `fact` with `applyWindowFact` (free-form is refused until the customer writes again) and
 *   send a template;
 * - `permission_denied` (VK 901, 902) and `reply_timed_out` (VK 950): apply `fact` with
 *   `applyWindowFact`; messages are refused until the user writes again or allows messages;
 * - `intent_refused` (VK 943 "cannot use this intent", 944 "limits overflow for this intent"):
 *   no state change; 944 may succeed later, 943 never with that intent.
 * Anything else is not a policy fact: `null` (the adapter's own classification stands).
 */
export type PolicyRefusalFact =
  | { kind: 'marketing_opt_out'; provider: 'whatsapp'; providerCode: 131050 }
  | { kind: 'window_closed'; provider: 'whatsapp'; providerCode: 131047; remedy: 'template'; fact: WindowFact }
  | { kind: 'permission_denied'; provider: 'vk'; providerCode: 901 | 902; remedy: 'ask_permission'; fact: WindowFact }
  | { kind: 'reply_timed_out'; provider: 'vk'; providerCode: 950; remedy: 'ask_permission'; fact: WindowFact }
  | { kind: 'intent_refused'; provider: 'vk'; providerCode: 943 | 944; retryable: boolean };

/**
 * Classifies a provider refusal that came back from a send. Provider error parsing stays in
 * the adapters; this only maps `(provider, providerCode)` to a policy fact.
 *
 * @param at - when the refusal was received (epoch ms), or the provider's time of a refused
 *   status; window facts are stamped with it.
 */
export function classifyProviderRefusal(error: ProviderRefusal, at: number): PolicyRefusalFact | null {
  const code = typeof error.providerCode === 'string' ? Number(error.providerCode) : error.providerCode;
  if (error.provider === 'whatsapp') {
    if (code === 131050) return { kind: 'marketing_opt_out', provider: 'whatsapp', providerCode: 131050 };
    if (code === 131047) return { kind: 'window_closed', provider: 'whatsapp', providerCode: 131047, remedy: 'template', fact: { type: 'window_closed', timestamp: toEpochMs(at, 'at') } };
    return null;
  }
  if (error.provider !== 'vk') return null;
  switch (code) {
    case 901:
    case 902:
      return { kind: 'permission_denied', provider: 'vk', providerCode: code, remedy: 'ask_permission', fact: denied(at) };
    case 950:
      return { kind: 'reply_timed_out', provider: 'vk', providerCode: 950, remedy: 'ask_permission', fact: denied(at) };
    case 943:
      return { kind: 'intent_refused', provider: 'vk', providerCode: 943, retryable: false };
    case 944:
      return { kind: 'intent_refused', provider: 'vk', providerCode: 944, retryable: true };
    default:
      return null;
  }
}

function denied(at: number): WindowFact {
  return { type: 'permission', allowed: false, timestamp: toEpochMs(at, 'at') };
}
