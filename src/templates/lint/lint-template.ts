import { z } from 'zod';
import { parseWith } from '../../core/validation.js';
import { templateCategorySchema } from '../../model/template.js';
import type { ScanTarget, WordingScan } from './detect-wording.js';
import { allowNeedles, scanWording } from './detect-wording.js';
import { categoryIssues, suggestFromScans } from './category.js';
import { finalize, issue } from './issues.js';
import { lexiconsFor } from './lexicon-registry.js';
import { structuralIssues } from './structure.js';
import type { FoundUrl } from './urls.js';
import { rememberingFindUrls } from './urls.js';
import type { CategorySuggestion, LintableTemplate, LintIssue, LintOptions, LintResult, LintTextOptions } from './types.js';

const severitySchema = z.enum(['error', 'warning', 'off']);
const optionsSchema = z.object({
  severityOverrides: z.record(z.string().regex(/^[A-Z_]+$/u), severitySchema).optional(),
  allow: z.array(z.string().min(1).max(200)).max(1000).optional(),
});
const textOptionsSchema = optionsSchema.extend({ category: templateCategorySchema, language: z.string().min(2).max(16).optional() });

function checkOptions(options: LintOptions | undefined, what: string): LintOptions {
  if (options === undefined) return {};
  parseWith(optionsSchema, options, what);
  return options;
}

/** The strings of a template whose wording is read, each with where it lives. */
function wordingTargets(template: LintableTemplate): { text: string; target: ScanTarget }[] {
  const targets: { text: string; target: ScanTarget }[] = [];
  if (template.header?.type === 'text') targets.push({ text: template.header.text, target: { part: 'header' } });
  targets.push({ text: template.body, target: { part: 'body' } });
  if (template.footer !== undefined) targets.push({ text: template.footer, target: { part: 'footer' } });
  (template.buttons ?? []).forEach((button, index) => {
    if (button.type !== 'copy_code') targets.push({ text: button.text, target: { part: 'button', index } });
    if (button.type === 'url') targets.push({ text: button.url, target: { part: 'button', index, field: 'url' } });
  });
  (template.variables ?? []).forEach((variable, index) => targets.push({ text: variable.example, target: { part: 'example', index } }));
  return targets;
}

function scanTemplate(template: LintableTemplate, allow: readonly string[], findLinks?: (text: string) => readonly FoundUrl[]): WordingScan[] {
  const all = wordingTargets(template);
  const lexicons = lexiconsFor(template.language, template.body);
  const needles = allowNeedles(allow, lexicons);
  return all.map(({ text, target }) => scanWording(text, lexicons, target, needles, findLinks));
}

/**
 * Lints a template before it is submitted to Meta: structural rules (name, lengths, variables,
 * examples, buttons, emoji, authentication limits) and category rules (promotional wording in a
 * UTILITY or AUTHENTICATION template, a one-time passcode outside AUTHENTICATION). Example values
 * and button labels are read too, because Meta reviews them.
 *
 * Never throws on template content; throws `INVALID_INPUT` only for malformed `options`.
 * Deterministic: the same input gives the same issues in the same order.
 *
 * @example
 * const { ok, issues } = lintTemplate({
 *   name: 'order_shipped', language: 'en_US', category: 'UTILITY',
 *   body: 'Your order {{1}} has shipped. Use code SAVE20 for 20% off your next order!',
 *   variables: [{ name: '1', example: 'A-1042' }],
 * });
 * // ok === false; issues include PROMOTIONAL_CONTENT with reason PERCENT_OFF and COUPON
 */
export function lintTemplate(template: LintableTemplate, options?: LintOptions): LintResult {
  const checked = checkOptions(options, 'lintTemplate options');
  // The structural rules and the wording scan both look for links in each part: find them once.
  const findLinks = rememberingFindUrls();
  const issues: LintIssue[] = structuralIssues(template, findLinks);
  const scans = scanTemplate(template, checked.allow ?? [], findLinks);
  for (const found of categoryIssues(template.category, scans)) issues.push(found);
  if (template.category === 'UTILITY') {
    (template.buttons ?? []).forEach((button, index) => {
      if (button.type === 'copy_code') issues.push(issue('COPY_CODE_IN_UTILITY', 'A copy-code button in a UTILITY template usually carries a coupon; Meta may recategorize the template as MARKETING.', { part: 'button', index, start: 0, end: 0 }, { reason: 'COUPON' }));
    });
  }
  return finalize(issues, checked);
}

/**
 * Lints free text — a rendered message, a canned response, a CRM field value — against the
 * category it will be sent under. Spans point into `text` (`part: 'text'`). Without `language`
 * the lexicons of every script present in the text are used.
 *
 * @example
 * lintText('Your order for the SUPER SALE bundle has shipped', { category: 'UTILITY', language: 'en' });
 * // → ok: true, one POSSIBLY_PROMOTIONAL warning on "SALE"
 */
export function lintText(text: string, options: LintTextOptions): LintResult {
  parseWith(textOptionsSchema, options, 'lintText options');
  const lexicons = lexiconsFor(options.language, text);
  const scan = scanWording(text, lexicons, { part: 'text' }, allowNeedles(options.allow ?? [], lexicons));
  return finalize(categoryIssues(options.category, [scan]), options);
}

/**
 * The category a template's wording reads as: AUTHENTICATION when it announces a one-time
 * passcode, MARKETING when it carries decisive promotional wording, UTILITY otherwise — with the
 * findings that decided it (for UTILITY, the ambiguous findings that were not enough).
 * A wording check only: Meta also judges intent, which no lexicon sees.
 */
export function suggestCategory(template: LintableTemplate, options?: Pick<LintOptions, 'allow'>): CategorySuggestion {
  const checked = checkOptions(options, 'suggestCategory options');
  return suggestFromScans(scanTemplate(template, checked.allow ?? []));
}
