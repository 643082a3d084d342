import { z } from 'zod';
import { SwitchboardError } from '../core/errors.js';
import type { CannedResponse } from '../model/canned-response.js';
import type { MergeRecord } from './definition.js';
import { throwDefinitionIssues } from './errors.js';
import type { DefinitionIssue, TemplateErrorCode } from './errors.js';
import { zodIssues } from './define-template.js';
import { checkPath } from './modules.js';
import type { ModuleCatalog } from './modules.js';
import { listMergeFields, renderText } from './render-text.js';
import type { RenderTextOptions, RenderedText } from './render-text.js';

/** A new canned response, validated and ready for `store.cannedResponses.create`. */
export interface CannedResponseDraft {
  name: string;
  module: string;
  body: string;
}

/** Changes to a canned response, validated and ready for `store.cannedResponses.update`. */
export interface CannedResponseChanges {
  name?: string;
  body?: string;
  /** Accepted only when equal to the current module. */
  module?: string;
}

/** Options of {@link defineCannedResponse} and {@link updateCannedResponse}. */
export interface CannedResponseOptions {
  /** The host's modules; when given, the module must be declared and every merge field must be one of its fields. */
  modules?: ModuleCatalog;
}

const draftSchema = z.strictObject({
  name: z.string().trim().min(1).max(128),
  module: z.string().min(1).max(64).refine((s) => !s.includes('.'), 'A module name cannot contain "."'),
  body: z.string().min(1).max(4096),
});
const changesSchema = draftSchema.partial();

/**
 * Validates a canned response ("predefined text"): its name, its module (fixed from now on)
 * and a body whose merge fields (`{{First Name}}`, `{{Leads.First Name}}`) belong to the module.
 * @throws SwitchboardError `INVALID_TEMPLATE`, `UNKNOWN_MODULE` or `UNKNOWN_FIELD` listing every problem.
 * @example
 * const created = await store.cannedResponses.create(defineCannedResponse({ name: 'Greeting', module: 'Leads', body: 'Hi, {{First Name}}!' }, { modules }));
 */
export function defineCannedResponse(input: CannedResponseDraft, options: CannedResponseOptions = {}): CannedResponseDraft {
  const parsed = draftSchema.safeParse(input);
  if (!parsed.success) throwDefinitionIssues('canned response', zodIssues(parsed.error));
  const draft = parsed.data;
  const issues = checkModule(draft.module, options.modules);
  issues.push(...checkBody(draft.body, draft.module, options.modules));
  if (issues.length > 0) throwDefinitionIssues(`canned response "${draft.name}"`, issues);
  return draft;
}

/**
 * Validates changes to an existing canned response. The module cannot change.
 * @throws SwitchboardError `MODULE_LOCKED` (field `module`) for a different module;
 *   `INVALID_TEMPLATE` / `UNKNOWN_FIELD` for an invalid name or body.
 * @example
 * await store.cannedResponses.update(current.id, updateCannedResponse(current, { body }, { modules }), current.version);
 */
export function updateCannedResponse(current: Pick<CannedResponse, 'name' | 'module'>, changes: CannedResponseChanges, options: CannedResponseOptions = {}): CannedResponseChanges {
  const parsed = changesSchema.safeParse(changes);
  if (!parsed.success) throwDefinitionIssues(`changes to canned response "${current.name}"`, zodIssues(parsed.error));
  const valid = parsed.data;
  if (valid.module !== undefined && valid.module !== current.module) {
    throw new SwitchboardError<TemplateErrorCode>('MODULE_LOCKED', `Canned response "${current.name}" belongs to module ${current.module}; its module cannot change (create a new response for ${valid.module})`, {
      field: 'module',
      remedy: 'fix_input',
      details: { module: current.module, requested: valid.module },
    });
  }
  const issues = valid.body !== undefined ? checkBody(valid.body, current.module, options.modules) : [];
  if (issues.length > 0) throwDefinitionIssues(`changes to canned response "${current.name}"`, issues);
  return {
    ...(valid.name !== undefined ? { name: valid.name } : {}),
    ...(valid.body !== undefined ? { body: valid.body } : {}),
    ...(valid.module !== undefined ? { module: valid.module } : {}),
  };
}

/**
 * Fills a canned response's merge fields from a record of its module, with the same renderer
 * as `renderText` (the module prefix in `{{Leads.First Name}}` is understood).
 * @throws SwitchboardError `MISSING_FIELDS` (unless `onMissing` says otherwise), `BINDING_FAILED`.
 */
export function renderCannedResponse(response: Pick<CannedResponse, 'module' | 'body'>, record: MergeRecord, options: Omit<RenderTextOptions, 'module'> = {}): RenderedText {
  return renderText(response.body, record, { ...options, module: response.module });
}

function checkModule(module: string, catalog: ModuleCatalog | undefined): DefinitionIssue[] {
  if (catalog === undefined || catalog.fieldsOf(module) !== undefined) return [];
  return [{ path: 'module', code: 'UNKNOWN_MODULE', message: `"${module}" is not a declared module (declared: ${catalog.modules.join(', ')})` }];
}

function checkBody(body: string, module: string, catalog: ModuleCatalog | undefined): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const field of listMergeFields(body)) {
    const problem = checkPath(field, module, catalog, 'body');
    if (problem !== undefined) issues.push(problem);
  }
  return issues;
}
