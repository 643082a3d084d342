import type { LintIssue, LintIssueCode, LintOptions, LintReason, LintResult, LintSeverity, LintSpan } from './types.js';
import { LINT_REASONS } from './types.js';
import { sortStably } from './stable-sort.js';

/** The severity each issue code has unless overridden. */
export const DEFAULT_SEVERITY: Readonly<Record<LintIssueCode, LintSeverity>> = {
  NAME_INVALID: 'error',
  HEADER_TOO_LONG: 'error',
  HEADER_TOO_MANY_VARIABLES: 'error',
  HEADER_UNSUPPORTED_CHARACTERS: 'error',
  BODY_EMPTY: 'error',
  BODY_TOO_LONG: 'error',
  FOOTER_TOO_LONG: 'error',
  FOOTER_HAS_VARIABLE: 'error',
  VARIABLE_MALFORMED: 'error',
  VARIABLES_MIXED_FORMAT: 'error',
  VARIABLES_NOT_SEQUENTIAL: 'error',
  VARIABLE_AT_START: 'error',
  VARIABLE_AT_END: 'error',
  VARIABLES_ADJACENT: 'error',
  TOO_MANY_VARIABLES_FOR_LENGTH: 'error',
  EXAMPLE_MISSING: 'error',
  VARIABLE_UNUSED: 'warning',
  BUTTONS_TOO_MANY: 'error',
  BUTTON_TYPE_LIMIT: 'error',
  BUTTON_LABEL_TOO_LONG: 'error',
  QUICK_REPLIES_NOT_GROUPED: 'error',
  BUTTON_URL_INVALID: 'error',
  URL_SHORTENER: 'error',
  TOO_MANY_EMOJI: 'error',
  AUTHENTICATION_CONTENT_NOT_ALLOWED: 'error',
  AUTHENTICATION_PARAMETER_TOO_LONG: 'error',
  COPY_CODE_IN_UTILITY: 'warning',
  PROMOTIONAL_CONTENT: 'error',
  POSSIBLY_PROMOTIONAL: 'warning',
  ONE_TIME_CODE_NOT_AUTHENTICATION: 'error',
};

/** How each reason reads in a message. */
export const REASON_DESCRIPTIONS: Readonly<Record<LintReason, string>> = {
  DISCOUNT: 'a discount or sale',
  PERCENT_OFF: 'a percentage off',
  PRICE_PROMO: 'a promotional price',
  COUPON: 'a coupon or promo code',
  FREE_GIFT: 'a free gift or freebie',
  BONUS: 'bonus points or cashback',
  URGENCY: 'urgency or scarcity',
  UPSELL: 'an upsell or recommendation',
  CROSS_SELL: 'a cross-sell invitation',
  ABANDONED_CART: 'an abandoned-cart reminder',
  CALL_TO_BUY: 'a call to buy',
  SAVINGS: 'savings or a low price',
  PRICE_DROP: 'a price drop',
  NEW_PRODUCT: 'a new product or collection',
  RENEWAL_PUSH: 'a push to renew',
  REENGAGEMENT: 'a win-back message',
  RELATIONSHIP: 'a relationship greeting',
  APP_PROMO: 'an app promotion',
  GENERIC_SURVEY: 'a generic survey or review request',
  REFERRAL: 'a referral invitation',
  PROMO_LINK: 'a campaign link',
  PROMO_EMOJI: 'a promotional emoji',
  OTP_IN_UTILITY: 'a one-time passcode',
};

/** One bit per reason, for sets of reasons held in a number (23 reasons: the bits fit a 32-bit integer). */
export const REASON_BITS = Object.fromEntries(LINT_REASONS.map((reason, k) => [reason, 2 ** k])) as Readonly<Record<LintReason, number>>;

/** Builds an issue with its default severity; overrides are applied once, at the end. */
export function issue(code: LintIssueCode, message: string, span: LintSpan, extra?: { reason?: LintReason; match?: string }): LintIssue {
  const severity = DEFAULT_SEVERITY[code];
  // Written out rather than spread: this runs for every finding, and keeps the keys in one order.
  const reason = extra?.reason;
  const match = extra?.match;
  if (reason === undefined) return match === undefined ? { code, severity, message, span } : { code, severity, message, span, match };
  return match === undefined ? { code, severity, message, span, reason } : { code, severity, message, span, reason, match };
}

/** Where each part's issues come in the result. */
const PART_RANK: Readonly<Record<LintSpan['part'], number>> = { name: 0, header: 1, body: 2, footer: 3, button: 4, example: 5, text: 6 };

/**
 * Applies severity overrides (a reason key beats a code key; `'off'` drops the issue), orders
 * issues by part, index and offset, and computes `ok`.
 */
export function finalize(issues: readonly LintIssue[], options: LintOptions): LintResult {
  const overrides = options.severityOverrides;
  let out: LintIssue[];
  if (overrides === undefined) out = issues.slice();
  else {
    out = [];
    for (const found of issues) {
      const override = (found.reason === undefined ? undefined : overrides[found.reason]) ?? overrides[found.code];
      if (override === 'off') continue;
      out.push(override === undefined || override === found.severity ? found : { ...found, severity: override });
    }
  }
  sortStably(out, byPlace);
  return { ok: !out.some((i) => i.severity === 'error'), issues: out };
}

function byPlace(a: LintIssue, b: LintIssue): number {
  return (
    (a.span.part === b.span.part ? 0 : PART_RANK[a.span.part] - PART_RANK[b.span.part]) ||
    (a.span.index ?? -1) - (b.span.index ?? -1) ||
    a.span.start - b.span.start ||
    a.span.end - b.span.end
  );
}
