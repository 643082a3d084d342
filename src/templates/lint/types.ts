import type { TemplateButton, TemplateCategory, TemplateHeader, TemplateRecord, TemplateVariable } from '../../model/template.js';

/** Why a piece of wording reads as promotional (or as the wrong category). Stable across releases. */
export type LintReason =
  | 'DISCOUNT'
  | 'PERCENT_OFF'
  | 'PRICE_PROMO'
  | 'COUPON'
  | 'FREE_GIFT'
  | 'BONUS'
  | 'URGENCY'
  | 'UPSELL'
  | 'CROSS_SELL'
  | 'ABANDONED_CART'
  | 'CALL_TO_BUY'
  | 'SAVINGS'
  | 'PRICE_DROP'
  | 'NEW_PRODUCT'
  | 'RENEWAL_PUSH'
  | 'REENGAGEMENT'
  | 'RELATIONSHIP'
  | 'APP_PROMO'
  | 'GENERIC_SURVEY'
  | 'REFERRAL'
  | 'PROMO_LINK'
  | 'PROMO_EMOJI'
  | 'OTP_IN_UTILITY';

/** Every reason code, in documentation order. */
export const LINT_REASONS: readonly LintReason[] = [
  'DISCOUNT',
  'PERCENT_OFF',
  'PRICE_PROMO',
  'COUPON',
  'FREE_GIFT',
  'BONUS',
  'URGENCY',
  'UPSELL',
  'CROSS_SELL',
  'ABANDONED_CART',
  'CALL_TO_BUY',
  'SAVINGS',
  'PRICE_DROP',
  'NEW_PRODUCT',
  'RENEWAL_PUSH',
  'REENGAGEMENT',
  'RELATIONSHIP',
  'APP_PROMO',
  'GENERIC_SURVEY',
  'REFERRAL',
  'PROMO_LINK',
  'PROMO_EMOJI',
  'OTP_IN_UTILITY',
];

/** The template part an issue points into. `text` is the input of {@link lintText}. */
export type LintPart = 'name' | 'header' | 'body' | 'footer' | 'button' | 'example' | 'text';

/**
 * Where an issue is: UTF-16 offsets `[start, end)` into the original (un-normalized) string of
 * `part`. `index` is the button's position for `button`, the variable's position in
 * `variables` for `example`. For a URL button, offsets are into its label unless `field` is
 * `'url'` (then into its address). An issue about a whole part spans all of it.
 */
export interface LintSpan {
  readonly part: LintPart;
  readonly index?: number;
  readonly field?: 'url';
  readonly start: number;
  readonly end: number;
}

/** `error` makes `ok` false (the template would be rejected or re-categorized); `warning` does not. */
export type LintSeverity = 'error' | 'warning';

/** How strongly a lexicon entry signals promotion: `strong` alone is enough, `weak` is ambiguous. */
export type SignalStrength = 'strong' | 'weak';

/**
 * One piece of wording evidence: what matched, where, and why it reads as promotional.
 * `downgraded` is set when a strong signal sits in a factual, transactional sentence
 * ("the discount you applied was removed from order 123": `state-context`) or inside a
 * capitalized name in running text ("your Summer Sale Dress has shipped": `name`).
 */
export interface WordingFinding {
  readonly reason: LintReason;
  readonly strength: SignalStrength;
  /** The matched text, as written in the input. */
  readonly match: string;
  readonly span: LintSpan;
  /** The lexicon that matched (`en`, `ru`, ...) or `common` for language-independent patterns. */
  readonly source: string;
  readonly downgraded?: 'state-context' | 'name';
}

/** The stable code of a lint issue; wording issues also carry a {@link LintReason}. Every code is described in docs/templates-and-linter.md. */
export type LintIssueCode =
  | 'NAME_INVALID'
  | 'HEADER_TOO_LONG'
  | 'HEADER_TOO_MANY_VARIABLES'
  | 'HEADER_UNSUPPORTED_CHARACTERS'
  | 'BODY_EMPTY'
  | 'BODY_TOO_LONG'
  | 'FOOTER_TOO_LONG'
  | 'FOOTER_HAS_VARIABLE'
  | 'VARIABLE_MALFORMED'
  | 'VARIABLES_MIXED_FORMAT'
  | 'VARIABLES_NOT_SEQUENTIAL'
  | 'VARIABLE_AT_START'
  | 'VARIABLE_AT_END'
  | 'VARIABLES_ADJACENT'
  | 'TOO_MANY_VARIABLES_FOR_LENGTH'
  | 'EXAMPLE_MISSING'
  | 'VARIABLE_UNUSED'
  | 'BUTTONS_TOO_MANY'
  | 'BUTTON_TYPE_LIMIT'
  | 'BUTTON_LABEL_TOO_LONG'
  | 'QUICK_REPLIES_NOT_GROUPED'
  | 'BUTTON_URL_INVALID'
  | 'URL_SHORTENER'
  | 'TOO_MANY_EMOJI'
  | 'AUTHENTICATION_CONTENT_NOT_ALLOWED'
  | 'AUTHENTICATION_PARAMETER_TOO_LONG'
  | 'COPY_CODE_IN_UTILITY'
  | 'PROMOTIONAL_CONTENT'
  | 'POSSIBLY_PROMOTIONAL'
  | 'ONE_TIME_CODE_NOT_AUTHENTICATION';

/** One finding of the linter. `reason` is present on wording issues. */
export interface LintIssue {
  readonly code: LintIssueCode;
  readonly severity: LintSeverity;
  readonly message: string;
  readonly span: LintSpan;
  readonly reason?: LintReason;
  /** The matched text for wording issues. */
  readonly match?: string;
}

/** `ok` is true when no issue has severity `error`. Issues are ordered by part, then offset. */
export interface LintResult {
  readonly ok: boolean;
  readonly issues: readonly LintIssue[];
}

/**
 * Tuning. `severityOverrides` is keyed by issue code or by reason code (a reason key wins for
 * wording issues); `'off'` drops the issue. `allow` lists phrases (brand or product names, a
 * B2B "Angebot") that are never flagged, matched after the same normalization as the lexicons.
 */
export interface LintOptions {
  readonly severityOverrides?: Readonly<Partial<Record<LintIssueCode | LintReason, LintSeverity | 'off'>>>;
  readonly allow?: readonly string[];
}

/** Options of {@link lintText}: the category the text is sent under and its language. */
export interface LintTextOptions extends LintOptions {
  readonly category: TemplateCategory;
  /** A WhatsApp locale (`en_US`, `pt_BR`, `zh_TW`) or a base code; omitted → chosen by script. */
  readonly language?: string;
}

/**
 * What the linter reads from a template: a stored {@link TemplateRecord} or anything carrying
 * the same fields (for example the result of `defineTemplate`).
 */
export type LintableTemplate = Pick<TemplateRecord, 'name' | 'language' | 'category' | 'body'> & {
  readonly header?: TemplateHeader | undefined;
  readonly footer?: string | undefined;
  readonly buttons?: readonly TemplateButton[] | undefined;
  readonly variables?: readonly Pick<TemplateVariable, 'name' | 'example'>[] | undefined;
};

/** The category a text reads as, with the findings that decided it. */
export interface CategorySuggestion {
  readonly category: TemplateCategory;
  readonly evidence: readonly WordingFinding[];
}
