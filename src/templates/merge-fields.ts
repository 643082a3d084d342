import type { DefinitionIssue } from './errors.js';

/** A placeholder found in a text: `{{first_name}}` has `name: 'first_name'`. */
export interface MergeField {
  /** The placeholder's content, trimmed: a variable name (`first_name`, `1`) or a field path. */
  readonly name: string;
  /** Index of the opening `{{` in the source text. */
  readonly start: number;
  /** Index just after the closing `}}`. */
  readonly end: number;
}

/**
 * A text split once into literal parts and placeholders, ready to render by concatenation:
 * `literals[0] + value(fields[0]) + literals[1] + ... + literals[n]`
 * (`literals.length === fields.length + 1`).
 */
export interface ParsedMergeText {
  readonly source: string;
  readonly literals: readonly string[];
  readonly fields: readonly MergeField[];
}

/** How strictly placeholders are read. */
export type MergeSyntax =
  /**
   * Meta's template syntax: `{{name}}` with a lowercase name (`first_name`) or a number (`1`),
   * no spaces inside the braces; anything else that opens `{{` or closes `}}` is an issue.
   */
  | 'template'
  /**
   * Free text typed by people: `{{ anything }}` without braces or line breaks inside is a
   * placeholder (trimmed; `{{Leads.First Name}}`, `{{ first_name }}`); everything else stays literal.
   */
  | 'text';

const TEMPLATE_NAME = /^(?:[1-9]\d{0,2}|[a-z][a-z0-9_]{0,63})$/;
const MAX_TEXT_FIELD = 256;

/**
 * Splits `text` into literals and placeholders (done once per template; rendering never
 * parses again, so a value containing `{{x}}` is never treated as a placeholder).
 *
 * @returns the parsed text and, for the `template` syntax, every malformed placeholder as an issue
 *   (`path` is `at <index>`; callers prefix it with the component).
 */
export function parseMergeFields(text: string, syntax: MergeSyntax = 'template'): ParsedMergeText & { issues: DefinitionIssue[] } {
  const literals: string[] = [];
  const fields: MergeField[] = [];
  const issues: DefinitionIssue[] = [];
  let literalStart = 0;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    const strayClose = syntax === 'template' ? text.indexOf('}}', i) : -1;
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      issues.push({ path: `at ${strayClose}`, message: '"}}" without a matching "{{"' });
      i = strayClose + 2;
      continue;
    }
    if (open === -1) break;
    const close = text.indexOf('}}', open + 2);
    if (close === -1) {
      if (syntax === 'template') issues.push({ path: `at ${open}`, message: '"{{" without a matching "}}"' });
      break;
    }
    const inner = text.slice(open + 2, close);
    const name = readName(inner, syntax);
    if (name === undefined) {
      if (syntax === 'template') {
        issues.push({ path: `at ${open}`, message: `"{{${inner}}}" is not a placeholder: use {{first_name}} (lowercase, digits, underscores) or {{1}}` });
        i = close + 2;
      } else {
        i = open + 1;
      }
      continue;
    }
    literals.push(text.slice(literalStart, open));
    fields.push({ name, start: open, end: close + 2 });
    literalStart = close + 2;
    i = close + 2;
  }
  literals.push(text.slice(literalStart));
  return { source: text, literals, fields, issues };
}

function readName(inner: string, syntax: MergeSyntax): string | undefined {
  if (syntax === 'template') return TEMPLATE_NAME.test(inner) ? inner : undefined;
  if (inner.length > MAX_TEXT_FIELD || /[{}\r\n]/.test(inner)) return undefined;
  const name = inner.trim();
  return name === '' ? undefined : name;
}
