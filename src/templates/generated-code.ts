import type { RenderedTemplate } from './render-template.js';
import type { CompiledButton, CompiledText, ParameterFormat, ParameterOrder, Template } from './template.js';
import { LINE_BREAK_OR_TAB, MAX_CONSECUTIVE_SPACES, PARAMETER_CHARACTER } from './values.js';

/**
 * Small functions generated once per template (the way handlebars compiles a template), so that
 * rendering reads the record's fields and builds the named parameters with fixed property
 * names. Generic code indexes objects by a different name at each step, which the engine
 * handles by hashing every time; generated code lets it read and write fixed shapes. Property
 * names and literal text enter the code only through `JSON.stringify`, so no template content
 * can become code.
 *
 * Where the runtime refuses to compile code (a content security policy that forbids
 * `new Function`), every member is `undefined` and rendering takes the generic path, which
 * gives the same results.
 */
export interface GeneratedCode {
  /**
   * The whole render of a plain-object record in the common case, where every value is a
   * string WhatsApp accepts as it is: reads the fields, checks them and builds the result in one
   * function, with the values in local variables. Otherwise it returns the raw field values it
   * read (variable order) for the generic path to format, fix or report. Throws
   * {@link FieldReadError} when a getter throws. Absent when a variable is not read from one
   * property (a function binding, a nested path) or the header is media.
   */
  readonly render: ((record: object) => RenderedTemplate | unknown[]) | undefined;
  /**
   * Reads the one-property fields of a plain-object record, in variable order (`undefined` for
   * variables read another way). Throws {@link FieldReadError} when a getter throws. Absent
   * when `render` is present: it reads the fields itself and hands them on.
   */
  readonly read: ((record: object) => unknown[]) | undefined;
  /** The body text filled with the values (a missing value is an empty string). */
  readonly body: ((values: readonly (string | undefined)[]) => string) | undefined;
  /** The body's provider parameters. */
  readonly bodyParameters: ((values: readonly (string | undefined)[]) => string[] | Record<string, string>) | undefined;
}

/** A record's getter threw while the generated reader read variable `index`. */
export class FieldReadError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('field read failed');
  }
}

const NONE: GeneratedCode = Object.freeze({ render: undefined, read: undefined, body: undefined, bodyParameters: undefined });

/** Compiles `source` as the body of a function of `parameters`; `undefined` where code generation is refused. */
function compile(parameters: readonly string[], source: string, ...args: unknown[]): unknown {
  try {
    // The source is assembled below from JSON-quoted names and literals and integer indexes only.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const factory = new Function(...parameters, `'use strict';\n${source}`) as (...a: unknown[]) => unknown;
    return factory(...args);
  } catch {
    return undefined;
  }
}

const quote = (text: string): string => JSON.stringify(text);

/** `"name"` as an object-literal key; `__proto__` (not a valid placeholder, but never set a prototype) as a computed one. */
const propertyKey = (name: string): string => (name === '__proto__' ? `[${quote(name)}]` : quote(name));

/** What the generator reads of a template's plan. */
export interface PlanSource {
  readonly keys: readonly (string | undefined)[];
  readonly body: CompiledText;
  readonly bodyParameters: ParameterOrder;
  readonly header: CompiledText | undefined;
  readonly headerParameters: ParameterOrder | undefined;
  readonly buttons: readonly CompiledButton[];
}

/** Meta: authentication template parameters are at most 15 characters. */
export const AUTHENTICATION_PARAMETER_LENGTH = 15;

/** A frozen empty list, the button parameters of a template without button variables. */
export const NO_BUTTONS: RenderedTemplate['buttonParameters'] = Object.freeze([]);

/** Generates the functions for one template's plan. */
export function generateCode(template: Template, plan: PlanSource): GeneratedCode {
  const { keys, body, bodyParameters } = plan;
  const format = template.parameterFormat;
  const indexes = [...body.slots, ...bodyParameters.variables, ...(plan.header?.slots ?? []), ...(plan.headerParameters?.variables ?? []), ...plan.buttons.map((b) => b.variable)];
  if (!isSafeIndexList(indexes) || indexes.some((index) => index >= keys.length)) return NONE;
  const reads = keys.map((key, index) => (key === undefined ? '' : `v[${index}] = r[${quote(key)}];\n`));
  const render = generateRender(template, plan);
  const read = render !== undefined || keys.every((key) => key === undefined)
    ? undefined
    : (compile(
        ['FieldReadError'],
        `return function read(r) {\n  const v = new Array(${keys.length});\n  let at = 0;\n  try {\n${reads.map((line, index) => (line === '' ? '' : `    at = ${index}; ${line}`)).join('')}  } catch (cause) {\n    throw new FieldReadError(at, cause);\n  }\n  return v;\n};`,
        FieldReadError,
      ) as ((record: object) => unknown[]) | undefined);
  const valueAt = (slot: number): string => `(v[${slot}] ?? '')`;
  const fill = compile([], `return function fill(v) { return ${concatenation(body, valueAt)}; };`) as ((values: readonly (string | undefined)[]) => string) | undefined;
  const parameters = compile([], `return function parameters(v) { return ${parameterList(bodyParameters, format, valueAt)}; };`) as GeneratedCode['bodyParameters'];
  return Object.freeze({ render, read, body: fill, bodyParameters: parameters });
}

/**
 * `"literal" + value + ...` for a text, each value the expression `valueOf(slot)` (which reads
 * as an empty string when missing).
 */
function concatenation(text: CompiledText, valueOf: (slot: number) => string): string {
  const literals = text.parsed.literals;
  let code = quote(literals[0] ?? '');
  text.slots.forEach((slot, k) => {
    code += ` + ${valueOf(slot)} + ${quote(literals[k + 1] ?? '')}`;
  });
  return code;
}

/** The array (positional) or object (named) literal of a component's parameters; values as in {@link concatenation}. */
function parameterList(order: ParameterOrder, format: ParameterFormat, valueOf: (slot: number) => string): string {
  const entries = order.variables.map((variable, k) => (format === 'positional' ? valueOf(variable) : `${propertyKey(order.names[k] ?? '')}: ${valueOf(variable)}`));
  return format === 'positional' ? `[${entries.join(', ')}]` : `{ ${entries.join(', ')} }`;
}

/**
 * The source of {@link GeneratedCode.render}: it builds the same objects, with the same
 * properties in the same order, as `renderTemplate`'s generic path does for valid values.
 */
function generateRender(template: Template, plan: PlanSource): GeneratedCode['render'] {
  const { keys } = plan;
  if (template.header !== undefined && template.header.type !== 'text') return undefined;
  if (keys.length === 0 || keys.some((key) => key === undefined)) return undefined;
  const format = template.parameterFormat;
  const local = (slot: number): string => `v${slot}`;
  const names = keys.map((_, index) => local(index));
  const capped = template.category === 'AUTHENTICATION';
  // A value is taken as it is when it is a string that starts and ends with a visible character
  // (so it is not blank, and no run of spaces continues from one value into the next) and has
  // no line break, tab or over-long run of spaces: isInvalidParameterText's branch-free loop,
  // inlined for each value. Authentication values also fit the length cap (at most that many
  // UTF-16 units is at most that many code points; longer values are measured on the generic path).
  const visible = (name: string): string => `typeof ${name} === 'string' && ${name}.length > 0 && ${name}.charCodeAt(0) > 32 && ${name}.charCodeAt(${name}.length - 1) > 32${capped ? ` && ${name}.length <= ${AUTHENTICATION_PARAMETER_LENGTH}` : ''}`;
  const scan = (name: string): string => `for (let i = 0; i < ${name}.length; i++) { kind = C[${name}.charCodeAt(i)]; spaces = (spaces + 1) & -(kind >> 1); found |= (kind & ${LINE_BREAK_OR_TAB}) | ((${MAX_CONSECUTIVE_SPACES} - spaces) >>> 31); }`;
  const raw = `return [${names.join(', ')}];`;
  const lines: string[] = [
    `let ${names.join(', ')}, at = 0;`,
    `try { ${keys.map((key, index) => `at = ${index}; ${local(index)} = r[${quote(key ?? '')}];`).join(' ')} } catch (cause) { throw new FieldReadError(at, cause); }`,
    `if (!(${names.map(visible).join(' && ')})) ${raw}`,
    'let found = 0, spaces = 0, kind = 0;',
    ...names.map(scan),
    `if (found !== 0) ${raw}`,
    `const body = ${concatenation(plan.body, local)};`,
    `const bodyParameters = ${parameterList(plan.bodyParameters, format, local)};`,
    `const outbound = { name: ${quote(template.name)}, language: ${quote(template.language)}, body: bodyParameters };`,
    'const text = { body };',
    `const result = { preview: body, text, parameterFormat: ${quote(format)}, bodyParameters, buttonParameters: NO_BUTTONS, outbound };`,
  ];
  if (template.header?.type === 'text') {
    lines.push(`const header = ${plan.header !== undefined ? concatenation(plan.header, local) : quote(template.header.text)};`, 'text.header = header;', 'result.preview = header + "\\n" + body;');
    if (plan.headerParameters !== undefined) {
      lines.push(`const headerParameters = ${parameterList(plan.headerParameters, format, local)};`, 'result.headerParameters = headerParameters;', "outbound.header = { type: 'text', parameters: headerParameters };");
    }
  }
  if (template.footer !== undefined) lines.push(`text.footer = ${quote(template.footer)};`, `result.preview += ${quote(`\n${template.footer}`)};`);
  if (plan.buttons.length > 0) {
    const buttons = plan.buttons.map((b) => `{ index: ${b.index}, subType: ${quote(b.subType)}, parameter: ${b.subType === 'url' ? `encodeURIComponent(${local(b.variable)}.toWellFormed())` : local(b.variable)} }`);
    lines.push(`const buttons = [${buttons.join(', ')}];`, 'result.buttonParameters = buttons;', 'outbound.buttons = buttons;');
  }
  lines.push('return result;');
  return compile(['FieldReadError', 'C', 'NO_BUTTONS'], `return function render(r) {\n  ${lines.join('\n  ')}\n};`, FieldReadError, PARAMETER_CHARACTER, NO_BUTTONS) as GeneratedCode['render'];
}

function isSafeIndexList(indexes: readonly number[]): boolean {
  return indexes.every((index) => Number.isSafeInteger(index) && index >= 0);
}
