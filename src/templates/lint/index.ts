// The WhatsApp template linter: structural rules and the multilingual category linter.
// Curated exports; the lexicon compiler, normalizer and regex internals stay private.

// Linting
export { lintTemplate, lintText, suggestCategory } from './lint-template.js';

// Results and options
export type {
  CategorySuggestion,
  LintableTemplate,
  LintIssue,
  LintIssueCode,
  LintOptions,
  LintPart,
  LintReason,
  LintResult,
  LintSeverity,
  LintSpan,
  LintTextOptions,
  SignalStrength,
  WordingFinding,
} from './types.js';
export { LINT_REASONS } from './types.js';

// Reference data for tooling and docs
export { DEFAULT_SEVERITY, REASON_DESCRIPTIONS } from './issues.js';
export { TEMPLATE_LIMITS } from './structure.js';
export { LEXICON_LANGUAGES } from './lexicon-registry.js';

// Errors
export type { TemplateLintErrorCode } from './term-pattern.js';
