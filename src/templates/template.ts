import type { TemplateCategory } from '../model/template.js';
import type { TemplateButtonDefinition, TemplateHeaderDefinition, VariableSpec, BindingFunction } from './definition.js';
import type { CompiledPath } from './modules.js';
import type { ParsedMergeText } from './merge-fields.js';
import { SwitchboardError } from '../core/errors.js';
import type { TemplateErrorCode } from './errors.js';
import type { GeneratedCode } from './generated-code.js';

/** `named` (`{{first_name}}`) or `positional` (`{{1}}`); one per template, as Meta requires. */
export type ParameterFormat = 'named' | 'positional';

/** Where a variable's value goes in the provider request. */
export type VariableComponent = 'header' | 'body' | 'button';

/**
 * A validated, deeply frozen template, made by `defineTemplate` or `fromTemplateRecord`.
 * Its text is parsed once; `renderTemplate` only concatenates.
 */
export interface Template {
  readonly name: string;
  readonly language: string;
  /** The category asked for (Meta may report another one; see `TemplateRecord.category`). */
  readonly category: TemplateCategory;
  readonly module?: string;
  readonly parameterFormat: ParameterFormat;
  readonly header?: TemplateHeaderDefinition;
  readonly body: string;
  readonly footer?: string;
  readonly buttons: readonly TemplateButtonDefinition[];
  /** The body's variables by placeholder name. */
  readonly variables: Readonly<Record<string, VariableSpec>>;
  /** Every field path the template reads, in order of first use (function bindings excluded). */
  readonly fields: readonly string[];
}

/** One variable as the renderer sees it. */
export interface CompiledVariable {
  /** `first_name` / `1` for the body, `header` for the header's, `buttons.<i>` for a button's. */
  readonly key: string;
  /** The placeholder's name (`first_name`, `1`). */
  readonly name: string;
  readonly component: VariableComponent;
  readonly spec: VariableSpec;
  readonly path: CompiledPath | undefined;
  readonly fn: BindingFunction | undefined;
  readonly fallback: string | undefined;
}

/** A text with, for each placeholder, the index of the variable that fills it. */
export interface CompiledText {
  readonly parsed: ParsedMergeText;
  readonly slots: readonly number[];
}

/** Provider parameters of a component, in order: positional by number, named by first use. */
export interface ParameterOrder {
  readonly names: readonly string[];
  readonly variables: readonly number[];
}

export interface CompiledButton {
  readonly index: number;
  readonly subType: 'url' | 'copy_code';
  readonly variable: number;
}

/** The render plan of a template (internal). */
export interface CompiledTemplate {
  readonly variables: readonly CompiledVariable[];
  readonly body: CompiledText;
  readonly bodyParameters: ParameterOrder;
  readonly header: CompiledText | undefined;
  readonly headerParameters: ParameterOrder | undefined;
  readonly buttons: readonly CompiledButton[];
  /** Per variable, the property read directly from a plain-object record (see `directKeys`). */
  readonly keys: readonly (string | undefined)[];
  /** The plan as generated functions, where the runtime allows them. */
  readonly code: GeneratedCode;
}

const plans = new WeakMap<Template, CompiledTemplate>();

/** Registers the plan of a template made by `defineTemplate` (internal). */
export function registerPlan(template: Template, plan: CompiledTemplate): void {
  plans.set(template, plan);
}

/**
 * The plan of a template.
 * @throws SwitchboardError `INVALID_TEMPLATE` for an object not made by `defineTemplate` /
 *   `fromTemplateRecord` (e.g. a structured clone, or a plain object typed as a Template).
 */
export function planOf(template: Template): CompiledTemplate {
  const plan = plans.get(template);
  if (plan === undefined) {
    throw new SwitchboardError<TemplateErrorCode>('INVALID_TEMPLATE', 'This template was not made by defineTemplate or fromTemplateRecord; define it (or load it from its record) before rendering', {
      remedy: 'fix_input',
    });
  }
  return plan;
}

/** Freezes plain objects and arrays recursively; functions are left as they are. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
