import { SwitchboardError } from '../core/errors.js';

/**
 * Error codes raised by templates, merge fields and canned responses.
 *
 * - `INVALID_TEMPLATE`: a definition breaks a rule (every problem is listed in `details.issues`).
 * - `UNKNOWN_MODULE` / `UNKNOWN_FIELD`: a module or a field the host did not declare.
 * - `MISSING_FIELDS`: rendering found empty fields without fallback (all of them in `details.missing`).
 * - `INVALID_PARAMETER`: a value cannot be sent as a provider parameter (`details.parameter`).
 * - `BINDING_FAILED`: a function binding threw (its error is the `cause`).
 * - `TEMPLATE_NOT_EDITABLE`: an edit outside `draft` / `rejected`.
 * - `INVALID_TRANSITION`: a lifecycle step the provider does not allow from the current status.
 * - `MODULE_LOCKED`: a canned response's module cannot change after creation.
 */
export type TemplateErrorCode =
  | 'INVALID_TEMPLATE'
  | 'UNKNOWN_MODULE'
  | 'UNKNOWN_FIELD'
  | 'MISSING_FIELDS'
  | 'INVALID_PARAMETER'
  | 'BINDING_FAILED'
  | 'TEMPLATE_NOT_EDITABLE'
  | 'INVALID_TRANSITION'
  | 'MODULE_LOCKED';

/** One problem in a template or canned-response definition. */
export interface DefinitionIssue {
  /** Where: `body`, `header.text`, `buttons[1].url`, `variables.first_name.bind`. */
  path: string;
  message: string;
  /** Set for problems that have their own code (an undeclared module or field). */
  code?: Extract<TemplateErrorCode, 'UNKNOWN_FIELD' | 'UNKNOWN_MODULE'>;
}

/**
 * Throws one error listing every issue. Its code is `UNKNOWN_FIELD` or `UNKNOWN_MODULE` when
 * every issue is of that kind, `INVALID_TEMPLATE` otherwise.
 */
export function throwDefinitionIssues(what: string, issues: readonly DefinitionIssue[]): never {
  const kinds = new Set(issues.map((i) => i.code));
  const only = kinds.size === 1 ? issues[0]?.code : undefined;
  const code: TemplateErrorCode = only ?? 'INVALID_TEMPLATE';
  const listed = issues.slice(0, 8).map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
  const more = issues.length > 8 ? ` (and ${issues.length - 8} more)` : '';
  const first = issues[0];
  throw new SwitchboardError<TemplateErrorCode>(code, `Invalid ${what}: ${listed}${more}`, {
    remedy: 'fix_input',
    details: { issues },
    ...(first !== undefined && first.path !== '' ? { field: first.path } : {}),
  });
}
