/**
 * Rules before sending: the conversation-window guard and consent by purpose. Pure functions
 * over state the facade loads from the ports; the clock is always passed in (`now`).
 */

// --- Window guard -------------------------------------------------------------------------------
export { checkWindow, assertWindow, windowRefusalError, pricingWindowState } from './check-window.js';
export type {
  CheckWindowInput, MessageKind, WindowDecision, WindowAllowed, WindowRefused, WindowClosedReason,
} from './check-window.js';
export { windowRuleSchema } from './window-rule.js';
export type { WindowRuleSource } from './window-rule.js';

// --- Window state: reducers the inbound and send pipelines call ---------------------------------
export {
  applyInboundToWindow, applyWindowFact, windowFactFromInbound, recordEntryPoint,
  DEFAULT_MAX_CLOCK_SKEW_MS, FREE_ENTRY_POINT,
} from './window-state.js';
export type { ConversationWindowState, WindowFact, WindowReducerOptions } from './window-state.js';

// --- Window queries ("reply soon", "closed and waiting") ----------------------------------------
export { windowClosingWithinFilter, closedUnansweredFilter, matchesWindowFilter } from './window-queries.js';
export type { WindowConversationFilter, WindowQueryInput } from './window-queries.js';

// --- Consent ------------------------------------------------------------------------------------
export { checkConsent, assertConsent, consentRefusalError } from './check-consent.js';
export type { CheckConsentInput, ConsentDecision, ConsentAllowed, ConsentRefused, ConsentBasis } from './check-consent.js';
export { purposeForCategory, consentRecordFromKeyword, consentRecordFromProviderError, consentRecordFromEvent } from './consent-records.js';
export type { ConsentSubject } from './consent-records.js';

// --- Opt-out / opt-in keywords ------------------------------------------------------------------
export { detectConsentKeyword, foldKeywordText } from './consent-keyword.js';
export type { ConsentKeywordMatch, DetectConsentKeywordOptions } from './consent-keyword.js';
export { CONSENT_KEYWORDS, CONSENT_KEYWORD_LANGUAGES } from './consent-keywords.js';
export type { ConsentKeywordList, ConsentKeywordLanguage } from './consent-keywords.js';

// --- Provider refusals that are policy facts (WhatsApp 131047/131050, VK 901/902/950/943/944) ---
export { classifyProviderRefusal } from './provider-refusals.js';
export type { PolicyRefusalFact, ProviderRefusal } from './provider-refusals.js';

// --- Errors and timestamps ----------------------------------------------------------------------
export type { PolicyErrorCode } from './errors.js';
export { SECONDS_THRESHOLD } from './timestamps.js';

// Deliberately internal: the error builders and timestamp normalizers (`toEpochMs`) are
// implementation details; refusals reach callers as decisions or `SwitchboardError`s.
