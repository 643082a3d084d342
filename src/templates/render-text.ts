import type { BindingFunction, MergeRecord } from './definition.js';
import { parseMergeFields } from './merge-fields.js';
import type { ParsedMergeText } from './merge-fields.js';
import { compilePath } from './modules.js';
import { directKeys, missingFieldsError, resolveValues } from './resolve.js';
import type { MissingField, ResolvableVariable, ValueFormatter } from './resolve.js';

/** How {@link renderText} resolves placeholders: the record's module, custom bindings, fallbacks and what to do with empty fields. */
export interface RenderTextOptions {
  /** The module the record belongs to: a leading `<module>.` in a placeholder is dropped (`{{Leads.First Name}}`). */
  module?: string;
  /** Placeholder names bound to a field path or a function (`{ first_name: 'Leads.First Name' }`); other placeholders are field paths themselves. */
  bindings?: Readonly<Record<string, string | BindingFunction>>;
  /** Text used for empty fields, by placeholder name. */
  fallbacks?: Readonly<Record<string, string>>;
  /**
   * What to do with empty fields without fallback: `throw` (default) a `MISSING_FIELDS` error
   * listing all of them, `keep` the placeholder as typed (handy for a preview that highlights
   * them), or leave them `empty`.
   */
  onMissing?: 'throw' | 'keep' | 'empty';
  format?: ValueFormatter;
}

/** A free text with its merge fields filled. */
export interface RenderedText {
  readonly text: string;
  /** Placeholders left unfilled (with `onMissing: 'keep' | 'empty'`); empty otherwise. */
  readonly missing: readonly MissingField[];
}

/** A free text parsed for one module: literals, one variable per distinct placeholder, slots. */
interface TextPlan {
  readonly parsed: ParsedMergeText;
  readonly variables: readonly ResolvableVariable[];
  readonly slots: readonly number[];
  /** Per variable, the property read directly from a plain-object record (see `directKeys`). */
  readonly keys: readonly (string | undefined)[];
}

// Operators reuse the same texts (canned responses); parsing once per text and module keeps
// rendering to a lookup and a concatenation. Bounded: cleared when full.
const plans = new Map<string, TextPlan>();
const PLAN_LIMIT = 512;

/**
 * Fills the merge fields of a free text, e.g. an operator's reply "Hi, {{first_name}}" or a
 * canned response, for a preview before sending. Placeholders are `{{...}}` with a field path
 * or a bound name inside (spaces around it are ignored); anything else stays as typed. The same
 * one-pass renderer as templates: values are inserted as they are (line breaks kept, no HTML
 * escaping) and never parsed again.
 *
 * @throws SwitchboardError `MISSING_FIELDS` (with `onMissing: 'throw'`), `BINDING_FAILED`.
 * @example
 * renderText('Hi, {{first_name}}!', lead, { bindings: { first_name: 'Leads.First Name' }, module: 'Leads' }).text
 */
export function renderText(text: string, record: MergeRecord, options: RenderTextOptions = {}): RenderedText {
  const plan = planFor(text, options.module);
  if (plan.slots.length === 0) return { text, missing: NONE };
  const variables = options.bindings === undefined && options.fallbacks === undefined ? plan.variables : customize(plan.variables, options);
  const { values, missing } = resolveValues(variables, record, { format: options.format, keys: variables === plan.variables ? plan.keys : undefined });
  const onMissing = options.onMissing ?? 'throw';
  if (missing.length > 0 && onMissing === 'throw') throw missingFieldsError('the text', missing);
  const { literals, fields } = plan.parsed;
  let out = literals[0] ?? '';
  for (let i = 0; i < plan.slots.length; i++) {
    let value = values[plan.slots[i] ?? -1];
    if (value === undefined) {
      const field = fields[i];
      value = onMissing === 'keep' && field !== undefined ? text.slice(field.start, field.end) : '';
    }
    out += value + (literals[i + 1] ?? '');
  }
  return { text: out, missing };
}

/** The placeholders of a free text (trimmed, in order of first use), e.g. to check them against a module. */
export function listMergeFields(text: string): string[] {
  return planFor(text, undefined).variables.map((v) => v.name);
}

const NONE: readonly MissingField[] = Object.freeze([]);

function planFor(text: string, module: string | undefined): TextPlan {
  const key = module === undefined ? `\u0000${text}` : `${module}\u0000${text}`;
  let plan = plans.get(key);
  if (plan === undefined) {
    const parsed = parseMergeFields(text, 'text');
    const names: string[] = [];
    const variables: ResolvableVariable[] = [];
    const slots = parsed.fields.map((field) => {
      let slot = names.indexOf(field.name);
      if (slot === -1) {
        slot = names.push(field.name) - 1;
        variables.push({ name: field.name, component: 'text', path: compilePath(field.name, module), fn: undefined, fallback: undefined });
      }
      return slot;
    });
    plan = { parsed, variables, slots, keys: directKeys(variables) };
    if (plans.size >= PLAN_LIMIT) plans.clear();
    plans.set(key, plan);
  }
  return plan;
}

function customize(variables: readonly ResolvableVariable[], options: RenderTextOptions): ResolvableVariable[] {
  const bindings = options.bindings ?? {};
  const fallbacks = options.fallbacks ?? {};
  return variables.map((variable) => {
    const bind = Object.hasOwn(bindings, variable.name) ? bindings[variable.name] : undefined;
    const fallback = Object.hasOwn(fallbacks, variable.name) ? fallbacks[variable.name] : undefined;
    if (bind === undefined && fallback === undefined) return variable;
    return {
      name: variable.name,
      component: 'text',
      path: typeof bind === 'string' ? compilePath(bind, options.module) : bind === undefined ? variable.path : undefined,
      fn: typeof bind === 'function' ? bind : undefined,
      fallback,
    };
  });
}
