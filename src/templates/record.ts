import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { TemplateId } from '../core/ids.js';
import { parseWith } from '../core/validation.js';
import { templateRecordSchema } from '../model/template.js';
import type { TemplateButton, TemplateCategory, TemplateRecord, TemplateStatus, TemplateVariable } from '../model/template.js';
import { defineTemplate } from './define-template.js';
import type { BindingFunction, TemplateButtonDefinition, TemplateDefinition, TemplateHeaderDefinition, VariableSpec } from './definition.js';
import { throwDefinitionIssues } from './errors.js';
import type { ModuleCatalog } from './modules.js';
import { transitionTemplate } from './lifecycle.js';
import { planOf } from './template.js';
import type { CompiledVariable, Template } from './template.js';

/** Storage facts that are not part of a definition. */
export interface TemplateRecordMeta {
  id: TemplateId;
  /** Defaults to `draft`. */
  status?: TemplateStatus;
  /** The category Meta reports; defaults to the template's (requested) category. */
  category?: TemplateCategory;
  providerTemplateId?: string;
  rejectionReason?: string;
  quality?: TemplateRecord['quality'];
  /** Default: the clock's time. */
  createdAt?: number;
  /** Default: `createdAt`. */
  updatedAt?: number;
  /** Default: 1. Repositories set it on save. */
  version?: number;
  clock?: Clock;
}

/**
 * The storable form of a template. Function bindings cannot be stored: their variables are
 * stored without `path`, and `fromTemplateRecord` needs them again in `bindings`.
 * @throws SwitchboardError `INVALID_INPUT` when `meta` is invalid (e.g. a malformed id).
 */
export function toTemplateRecord(template: Template, meta: TemplateRecordMeta): TemplateRecord {
  const createdAt = meta.createdAt ?? (meta.clock ?? systemClock).now();
  const content = toTemplateContent(template);
  const record: TemplateRecord = {
    id: meta.id,
    ...content,
    category: meta.category ?? template.category,
    requestedCategory: template.category,
    status: meta.status ?? 'draft',
    ...(meta.providerTemplateId !== undefined ? { providerTemplateId: meta.providerTemplateId } : {}),
    ...(meta.rejectionReason !== undefined ? { rejectionReason: meta.rejectionReason } : {}),
    ...(meta.quality !== undefined ? { quality: meta.quality } : {}),
    createdAt,
    updatedAt: meta.updatedAt ?? createdAt,
    version: meta.version ?? 1,
  };
  return parseWith(templateRecordSchema, record, 'template record');
}

/** A template's definition in its stored shape: what `lintTemplate` and `submitTemplate` read. */
export type TemplateContent = Pick<TemplateRecord, 'name' | 'language' | 'category' | 'module' | 'header' | 'body' | 'footer' | 'buttons' | 'variables'>;

/**
 * The stored shape of a template's definition, without storage facts (id, status, times); e.g.
 * `lintTemplate(toTemplateContent(template))` before submitting.
 */
export function toTemplateContent(template: Template): TemplateContent {
  const plan = planOf(template);
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    ...(template.module !== undefined ? { module: template.module } : {}),
    ...(template.header !== undefined ? { header: template.header.type === 'text' ? { type: 'text', text: template.header.text } : storedMediaHeader(template.header) } : {}),
    body: template.body,
    ...(template.footer !== undefined ? { footer: template.footer } : {}),
    buttons: template.buttons.map(storedButton),
    variables: plan.variables.map(storedVariable),
  };
}

/** Options of {@link fromTemplateRecord}: what storage cannot hold (function bindings) and the module catalog to check against. */
export interface FromTemplateRecordOptions {
  /**
   * Function bindings (not storable), by variable: the body variable's name (`first_name`),
   * `header` for the header's variable, `buttons.<index>` for a button's. They replace stored paths.
   */
  bindings?: Readonly<Record<string, BindingFunction>>;
  /** The host's modules; when given, the template's field paths are checked against them again. */
  modules?: ModuleCatalog;
}

/**
 * Rebuilds a renderable {@link Template} from its stored record (its requested category and
 * definition), validating it again.
 * @throws SwitchboardError `INVALID_TEMPLATE` when a variable has neither a stored path nor a
 *   binding, or the record holds something templates do not support (a location header).
 */
export function fromTemplateRecord(record: TemplateRecord, options: FromTemplateRecordOptions = {}): Template {
  return defineTemplate(definitionOf(record, options.bindings ?? {}), options.modules === undefined ? {} : { modules: options.modules });
}

/** Options of {@link editTemplate}: those of {@link FromTemplateRecordOptions} plus the clock. */
export interface EditTemplateOptions extends FromTemplateRecordOptions {
  /** The time source for `updatedAt`; defaults to the system clock. */
  clock?: Clock;
}

/**
 * Edits a draft or rejected template: the changes are validated as a whole template, the
 * record returns to `draft` with the new definition, and the category becomes the newly
 * requested one. Name and language cannot change once the provider knows the template.
 * @throws SwitchboardError `TEMPLATE_NOT_EDITABLE` outside draft/rejected; `INVALID_TEMPLATE`
 *   (or `UNKNOWN_FIELD`) when the edited definition is invalid.
 */
export function editTemplate(record: TemplateRecord, changes: Partial<TemplateDefinition>, options: EditTemplateOptions = {}): TemplateRecord {
  const draft = transitionTemplate(record, 'edit', options.clock === undefined ? {} : { clock: options.clock });
  if (record.providerTemplateId !== undefined && ((changes.name !== undefined && changes.name !== record.name) || (changes.language !== undefined && changes.language !== record.language))) {
    throwDefinitionIssues(`edit of template "${record.name}"`, [
      { path: changes.name !== undefined && changes.name !== record.name ? 'name' : 'language', message: 'Name and language cannot change after submission; define a new template instead' },
    ]);
  }
  const template = defineTemplate({ ...definitionOf(record, options.bindings ?? {}), ...changes }, options.modules === undefined ? {} : { modules: options.modules });
  const { pendingCategory: _p, pendingCategoryAt: _a, rejectionReason: _r, ...kept } = draft;
  const edited = toTemplateRecord(template, {
    id: record.id,
    status: 'draft',
    ...(kept.providerTemplateId !== undefined ? { providerTemplateId: kept.providerTemplateId } : {}),
    ...(kept.quality !== undefined ? { quality: kept.quality } : {}),
    createdAt: record.createdAt,
    updatedAt: draft.updatedAt,
    version: record.version,
  });
  return { ...edited, ...(draft.providerStatusAt !== undefined ? { providerStatusAt: draft.providerStatusAt } : {}) };
}

function storedVariable(variable: CompiledVariable): TemplateVariable {
  const spec = variable.spec;
  const button = variable.component === 'button' ? Number(variable.key.slice('buttons.'.length)) : undefined;
  return {
    name: variable.name,
    ...(typeof spec.bind === 'string' ? { path: spec.bind } : {}),
    example: spec.example,
    ...(spec.fallback !== undefined ? { fallback: spec.fallback } : {}),
    ...(variable.component !== 'body' ? { component: variable.component } : {}),
    ...(button !== undefined ? { button } : {}),
  };
}

function storedMediaHeader(header: Exclude<TemplateHeaderDefinition, { type: 'text' }>): NonNullable<TemplateRecord['header']> {
  return { type: header.type, ...(header.example !== undefined ? { example: header.example } : {}) };
}

function storedButton(button: TemplateButtonDefinition): TemplateButton {
  switch (button.type) {
    case 'quick_reply':
      return { type: 'quick_reply', text: button.text };
    case 'phone_number':
      return { type: 'phone_number', text: button.text, phoneNumber: button.phoneNumber };
    case 'copy_code':
      return { type: 'copy_code', example: button.code.example };
    case 'url': {
      // Meta's example for a URL button is the whole URL with the sample value in place.
      const open = button.url.lastIndexOf('{{');
      const example = button.variable !== undefined && open !== -1 ? button.url.slice(0, open) + encodeURIComponent(button.variable.example.toWellFormed()) : undefined;
      return { type: 'url', text: button.text, url: button.url, ...(example !== undefined ? { example } : {}) };
    }
  }
}

function definitionOf(record: TemplateRecord, bindings: Readonly<Record<string, BindingFunction>>): TemplateDefinition {
  const problems: { path: string; message: string }[] = [];
  const specOf = (stored: TemplateVariable | undefined, key: string, example: string | undefined): VariableSpec | undefined => {
    const fn = Object.hasOwn(bindings, key) ? bindings[key] : undefined;
    const bind = fn ?? stored?.path;
    if (bind === undefined) {
      problems.push({ path: `variables.${key}`, message: `No stored path and no binding for "${key}"; pass it in options.bindings` });
      return undefined;
    }
    const sample = stored?.example ?? example;
    if (sample === undefined) return undefined;
    return { bind, example: sample, ...(stored?.fallback !== undefined ? { fallback: stored.fallback } : {}) };
  };
  const body: Record<string, VariableSpec> = {};
  for (const v of record.variables) {
    if ((v.component ?? 'body') !== 'body') continue;
    const spec = specOf(v, v.name, undefined);
    if (spec !== undefined) body[v.name] = spec;
  }
  let header: TemplateHeaderDefinition | undefined;
  if (record.header?.type === 'location') {
    problems.push({ path: 'header', message: 'Location headers are not supported by defineTemplate' });
  } else if (record.header?.type === 'text') {
    const stored = record.variables.find((v) => v.component === 'header');
    const variable = stored !== undefined ? specOf(stored, 'header', undefined) : undefined;
    header = { type: 'text', text: record.header.text, ...(variable !== undefined ? { variable } : {}) };
  } else if (record.header !== undefined) {
    header = { type: record.header.type, ...(record.header.example !== undefined ? { example: record.header.example } : {}) };
  }
  const buttons = record.buttons.map((button, index): TemplateButtonDefinition => {
    const stored = record.variables.find((v) => v.component === 'button' && v.button === index);
    const key = `buttons.${index}`;
    switch (button.type) {
      case 'quick_reply':
        return { type: 'quick_reply', text: button.text };
      case 'phone_number':
        return { type: 'phone_number', text: button.text, phoneNumber: button.phoneNumber };
      case 'copy_code':
        return { type: 'copy_code', code: specOf(stored, key, button.example) ?? { bind: '', example: button.example } };
      case 'url': {
        const variable = stored !== undefined || Object.hasOwn(bindings, key) ? specOf(stored, key, undefined) : undefined;
        return { type: 'url', text: button.text, url: button.url, ...(variable !== undefined ? { variable } : {}) };
      }
    }
  });
  if (problems.length > 0) throwDefinitionIssues(`stored template "${record.name}"`, problems);
  return {
    name: record.name,
    language: record.language,
    category: record.requestedCategory,
    ...(record.module !== undefined ? { module: record.module } : {}),
    ...(header !== undefined ? { header } : {}),
    body: record.body,
    ...(record.footer !== undefined ? { footer: record.footer } : {}),
    buttons,
    variables: body,
  };
}
