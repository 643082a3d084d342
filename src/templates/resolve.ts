import { SwitchboardError } from '../core/errors.js';
import { codePointLength } from './definition.js';
import type { BindingFunction, MergeRecord } from './definition.js';
import type { TemplateErrorCode } from './errors.js';
import type { CompiledPath } from './modules.js';
import { resolvePath } from './modules.js';
import type { VariableComponent } from './template.js';
import { FieldReadError } from './generated-code.js';
import { UNSUPPORTED_VALUE, formatValue, isBlank, isInvalidParameterText, isReadyParameterText, sanitizeParameterText } from './values.js';

/** A field that was empty (or absent) and has no fallback. */
export interface MissingField {
  /** The placeholder (`first_name`, `1`, `Leads.First Name` in free text) or `headerMedia`. */
  readonly variable: string;
  readonly component: VariableComponent | 'text';
  /** The field path read; absent for function bindings and header media. */
  readonly field?: string;
}

/** A value that cannot be sent as a provider parameter. */
export interface InvalidParameter {
  readonly variable: string;
  readonly component: VariableComponent;
  readonly field?: string;
  /**
   * `unsupported_value`: a plain object, function or symbol (bind a sub-field, e.g. `Owner.name`);
   * `line_break_or_spaces`: a line break, tab or > 4 spaces with `onInvalidParameter: 'fail'`;
   * `too_long`: over 15 characters in an AUTHENTICATION template.
   */
  readonly reason: 'unsupported_value' | 'line_break_or_spaces' | 'too_long';
}

/** Turns a value into text before the default formatting; `undefined` falls back to the default. */
export type ValueFormatter = (value: unknown, context: { readonly variable: string; readonly field?: string }) => string | undefined;

export interface ResolvableVariable {
  readonly name: string;
  readonly component: VariableComponent | 'text';
  readonly path: CompiledPath | undefined;
  readonly fn: BindingFunction | undefined;
  readonly fallback: string | undefined;
}

export interface ResolveOptions {
  readonly format?: ValueFormatter | undefined;
  /** Set for provider parameters: WhatsApp's whitespace rule and an optional length cap. */
  readonly parameters?: { readonly onInvalid: 'fix' | 'fail'; readonly maxLength: number | undefined } | undefined;
  /**
   * Per variable, the one property a plain-object record is read at (see {@link directKeys}):
   * the same value `resolvePath` finds, read without walking the path.
   */
  readonly keys?: readonly (string | undefined)[] | undefined;
  /** Reads every `keys` field of a plain-object record at once (generated code, see `generated-code.ts`). */
  readonly read?: ((record: object) => unknown[]) | undefined;
  /** The fields already read that way (by the generated renderer); `read` is not called then. */
  readonly raws?: readonly unknown[] | undefined;
}

export interface Resolved {
  /** One text per variable; `undefined` where the variable is missing. */
  readonly values: (string | undefined)[];
  readonly missing: MissingField[];
  readonly invalid: InvalidParameter[];
}

/**
 * Reads, formats and (for parameters) checks every variable once, collecting all missing and
 * invalid ones instead of stopping at the first.
 * @throws SwitchboardError `BINDING_FAILED` when a function binding, a formatter or a getter on
 *   the record throws.
 */
export function resolveValues(variables: readonly ResolvableVariable[], record: MergeRecord, options: ResolveOptions): Resolved {
  const values: (string | undefined)[] = [];
  const missing: MissingField[] = [];
  const invalid: InvalidParameter[] = [];
  const { parameters, format, keys } = options;
  // Plain objects and class instances (not Maps): a one-segment path is one property read.
  const direct = keys !== undefined && format === undefined && isObjectRecord(record);
  const raws = !direct ? undefined : options.raws ?? (options.read !== undefined ? runGenerated(options.read, variables, record) : undefined);
  const capped = parameters?.maxLength !== undefined;
  for (let i = 0; i < variables.length; i++) {
    const variable = variables[i] as ResolvableVariable;
    const key = direct ? keys[i] : undefined;
    let text = key === undefined ? read(variable, record, format) : raws !== undefined ? textOf(variable, raws[i]) : readKey(variable, record, key);
    // The common case: a visible string that needs no fixing is the value as it is.
    if (typeof text === 'string' && !capped && (parameters === undefined ? !isBlank(text) : isReadyParameterText(text))) {
      values.push(text);
      continue;
    }
    if (text === UNSUPPORTED_VALUE) {
      invalid.push(describeInvalid(variable, 'unsupported_value'));
      values.push(undefined);
      continue;
    }
    if (text !== undefined && parameters !== undefined && isInvalidParameterText(text)) {
      if (parameters.onInvalid === 'fail') {
        invalid.push(describeInvalid(variable, 'line_break_or_spaces'));
        values.push(undefined);
        continue;
      }
      text = sanitizeParameterText(text);
    }
    if (text === undefined || isBlank(text)) text = variable.fallback;
    if (text === undefined) {
      const field = variable.path?.path;
      missing.push(field !== undefined ? { variable: variable.name, component: variable.component, field } : { variable: variable.name, component: variable.component });
    } else if (parameters?.maxLength !== undefined && codePointLength(text) > parameters.maxLength) {
      invalid.push(describeInvalid(variable, 'too_long'));
      text = undefined;
    }
    values.push(text);
  }
  return { values, missing, invalid };
}

function read(variable: ResolvableVariable, record: MergeRecord, format: ValueFormatter | undefined): string | undefined | typeof UNSUPPORTED_VALUE {
  try {
    const raw = variable.fn !== undefined ? variable.fn(record) : variable.path !== undefined ? resolvePath(record, variable.path) : undefined;
    if (typeof raw === 'string' && format === undefined) return raw;
    if (format !== undefined) {
      const field = variable.path?.path;
      const custom = format(raw, field !== undefined ? { variable: variable.name, field } : { variable: variable.name });
      if (typeof custom === 'string') return custom;
    }
    return formatValue(raw);
  } catch (error) {
    throw bindingFailed(variable, error);
  }
}

/** Not a Map, and an object (`resolvePath` finds nothing in anything else: JavaScript callers may pass `null`). */
export function isObjectRecord(record: unknown): record is Record<string, unknown> {
  return typeof record === 'object' && record !== null && !(record instanceof Map);
}

/** {@link read} without a formatter, for a variable whose path is the one property `key`. */
function readKey(variable: ResolvableVariable, record: MergeRecord, key: string): string | undefined | typeof UNSUPPORTED_VALUE {
  try {
    const raw = record[key];
    return typeof raw === 'string' ? raw : formatValue(raw);
  } catch (error) {
    throw bindingFailed(variable, error);
  }
}

/**
 * Runs generated code that reads a plain-object record (a reader or a renderer), turning a
 * getter's failure into `BINDING_FAILED` for its variable.
 */
export function runGenerated<T>(generated: (record: object) => T, variables: readonly ResolvableVariable[], record: MergeRecord): T {
  try {
    return generated(record);
  } catch (error) {
    const variable = error instanceof FieldReadError ? variables[error.index] : undefined;
    if (variable === undefined || !(error instanceof FieldReadError)) throw error;
    throw bindingFailed(variable, error.cause);
  }
}

/** The text of a value already read (formatting an array reads its items, which may throw). */
function textOf(variable: ResolvableVariable, raw: unknown): string | undefined | typeof UNSUPPORTED_VALUE {
  if (typeof raw === 'string') return raw;
  try {
    return formatValue(raw);
  } catch (error) {
    throw bindingFailed(variable, error);
  }
}

function bindingFailed(variable: ResolvableVariable, error: unknown): SwitchboardError<TemplateErrorCode> {
  const field = variable.path?.path;
  return new SwitchboardError<TemplateErrorCode>('BINDING_FAILED', `Reading {{${variable.name}}}${field !== undefined ? ` from "${field}"` : ''} failed: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
    details: { variable: variable.name, ...(field !== undefined ? { field } : {}) },
  });
}

/**
 * For each variable, the property name to read directly from a plain-object record: set when
 * the variable is bound to a one-segment path that is not a member of `Object.prototype`
 * (those are read as own properties only, see `resolvePath`); `undefined` otherwise.
 */
export function directKeys(variables: readonly ResolvableVariable[]): readonly (string | undefined)[] {
  return Object.freeze(variables.map((v) => (v.fn === undefined && v.path?.segments.length === 1 && v.path.guarded[0] === false ? v.path.segments[0] : undefined)));
}

function describeInvalid(variable: ResolvableVariable, reason: InvalidParameter['reason']): InvalidParameter {
  const field = variable.path?.path;
  const component = variable.component === 'text' ? 'body' : variable.component;
  return { variable: variable.name, component, reason, ...(field !== undefined ? { field } : {}) };
}

/** The `MISSING_FIELDS` error for a list of missing fields. */
export function missingFieldsError(what: string, missing: readonly MissingField[]): SwitchboardError<TemplateErrorCode> {
  const listed = missing.map((m) => (m.field !== undefined ? `${m.field} ({{${m.variable}}})` : m.variable === 'headerMedia' ? 'header media' : `{{${m.variable}}}`));
  return new SwitchboardError<TemplateErrorCode>('MISSING_FIELDS', `Cannot render ${what}: no value and no fallback for ${listed.join(', ')}`, {
    remedy: 'fix_input',
    details: { missing },
    ...(missing[0]?.field !== undefined ? { field: missing[0].field } : {}),
  });
}

/** The `INVALID_PARAMETER` error for a list of invalid parameters (values are not included). */
export function invalidParametersError(what: string, invalid: readonly InvalidParameter[]): SwitchboardError<TemplateErrorCode> {
  const listed = invalid.map((p) => `{{${p.variable}}}${p.field !== undefined ? ` (${p.field})` : ''}: ${p.reason.replaceAll('_', ' ')}`);
  return new SwitchboardError<TemplateErrorCode>('INVALID_PARAMETER', `Cannot render ${what}: ${listed.join('; ')}`, {
    remedy: 'fix_input',
    ...(invalid.some((p) => p.reason === 'line_break_or_spaces') ? { providerCode: 132018 } : {}),
    details: { parameters: invalid },
    ...(invalid[0]?.field !== undefined ? { field: invalid[0].field } : {}),
  });
}
