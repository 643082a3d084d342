import type { z } from 'zod';
import { throwDefinitionIssues } from './errors.js';
import type { DefinitionIssue } from './errors.js';
import { codePointLength, templateDefinitionSchema } from './definition.js';
import type { TemplateButtonDefinition, TemplateDefinition, VariableSpec } from './definition.js';
import { parseMergeFields } from './merge-fields.js';
import type { ParsedMergeText } from './merge-fields.js';
import { checkPath, compilePath } from './modules.js';
import type { ModuleCatalog } from './modules.js';
import { directKeys } from './resolve.js';
import { generateCode } from './generated-code.js';
import { deepFreeze, registerPlan } from './template.js';
import type { CompiledButton, CompiledText, CompiledVariable, ParameterFormat, ParameterOrder, Template, VariableComponent } from './template.js';

/** Options of {@link defineTemplate}: the host's module catalog, to check merge fields against real CRM fields. */
export interface DefineTemplateOptions {
  /** The host's modules; when given, `module` must be declared and every field path must be one of its fields. */
  modules?: ModuleCatalog;
}

const NUMERIC = /^[1-9]\d*$/;

/**
 * Validates a template definition and returns an immutable {@link Template}, parsed once for
 * rendering.
 *
 * Checked here: the shape and Meta's hard limits (name, language, lengths, buttons), that
 * placeholders are well-formed and of one kind (named or positional), that positional ones are
 * numbered 1..n without gaps or repeats, that every placeholder has exactly one variable with an
 * example, that the footer has none, that a URL button's variable ends the URL, and, with a
 * module, that every field path belongs to it. Wording and placement rules (promotional words,
 * variables at the start or end) are the linter's (`lintTemplate`).
 *
 * @throws SwitchboardError `INVALID_TEMPLATE` listing every problem in `details.issues`
 *   (`UNKNOWN_FIELD` / `UNKNOWN_MODULE` when those are the only problems).
 * @example
 * const shipped = defineTemplate({
 *   name: 'order_shipped', language: 'en_US', category: 'UTILITY', module: 'Deals',
 *   body: 'Hi {{first_name}}, your order {{order_id}} has shipped.',
 *   variables: {
 *     first_name: { bind: 'Deals.Contact First Name', example: 'Ivan', fallback: 'there' },
 *     order_id: { bind: 'Deals.Order Number', example: 'A-1042' },
 *   },
 * }, { modules });
 */
export function defineTemplate(definition: TemplateDefinition, options: DefineTemplateOptions = {}): Template {
  const parsed = templateDefinitionSchema.safeParse(definition);
  if (!parsed.success) throwDefinitionIssues(describe(definition), zodIssues(parsed.error));
  // Same shape; zod types optional keys as `T | undefined`, which exactOptionalPropertyTypes keeps apart.
  const def = parsed.data as TemplateDefinition;
  const issues: DefinitionIssue[] = [];
  const catalog = options.modules;
  const module = def.module;
  if (module !== undefined && catalog !== undefined && catalog.fieldsOf(module) === undefined) {
    issues.push({ path: 'module', code: 'UNKNOWN_MODULE', message: `"${module}" is not a declared module (declared: ${catalog.modules.join(', ')})` });
  }

  const body = parseAt(def.body, 'body', issues);
  const header = def.header?.type === 'text' ? parseAt(def.header.text, 'header.text', issues) : undefined;
  if (header !== undefined && header.fields.length > 1) issues.push({ path: 'header.text', message: 'A text header has at most one variable' });
  if (def.footer?.includes('{{') === true) issues.push({ path: 'footer', message: 'A footer cannot contain variables' });

  const names = [...body.fields, ...(header?.fields ?? [])].map((f) => f.name);
  const numbered = names.filter((n) => NUMERIC.test(n)).length;
  // Without placeholders the format is Meta's default, positional (an empty parameter list).
  const format: ParameterFormat = numbered === names.length ? 'positional' : 'named';
  if (numbered > 0 && numbered < names.length) {
    issues.push({ path: 'body', message: 'Placeholders mix named ({{first_name}}) and positional ({{1}}) kinds; use one kind' });
  }
  if (format === 'positional') checkNumbering(body, header, issues);

  const variables = def.variables ?? {};
  const compiled: CompiledVariable[] = [];
  const indexOf = new Map<string, number>();
  const add: AddVariable = (key, name, component, spec, where) => {
    if (typeof spec.bind === 'string') {
      const problem = checkPath(spec.bind, module, catalog, `${where}.bind`);
      if (problem !== undefined) issues.push(problem);
    }
    compiled.push({
      key, name, component, spec,
      path: typeof spec.bind === 'string' ? compilePath(spec.bind, module) : undefined,
      fn: typeof spec.bind === 'function' ? spec.bind : undefined,
      fallback: spec.fallback,
    });
    return compiled.length - 1;
  };

  const bodyNames = unique(body.fields.map((f) => f.name));
  for (const name of bodyNames) {
    const spec = own(variables, name);
    if (spec === undefined) issues.push({ path: `variables.${name}`, message: `{{${name}}} in the body has no variable (bind, example)` });
    else indexOf.set(name, add(name, name, 'body', spec, `variables.${name}`));
  }

  let headerSlot: number | undefined;
  const headerName = header?.fields[0]?.name;
  const headerVariable = def.header?.type === 'text' ? def.header.variable : undefined;
  if (headerName !== undefined) {
    const reused = format === 'named' ? own(variables, headerName) : undefined;
    if (headerVariable !== undefined) headerSlot = add('header', headerName, 'header', headerVariable, 'header.variable');
    else if (reused !== undefined) headerSlot = indexOf.get(headerName) ?? add('header', headerName, 'header', reused, `variables.${headerName}`);
    else issues.push({ path: 'header.variable', message: `The header's {{${headerName}}} has no variable (bind, example)` });
  } else if (headerVariable !== undefined) {
    issues.push({ path: 'header.variable', message: 'The header has a variable but no placeholder' });
  }
  for (const key of Object.keys(variables)) {
    if (!indexOf.has(key) && !(format === 'named' && key === headerName && headerVariable === undefined)) {
      issues.push({ path: `variables.${key}`, message: `Variable "${key}" is not used: no {{${key}}} in the body` });
    }
  }

  const buttons = def.buttons ?? [];
  const compiledButtons = compileButtons(buttons, add, issues);

  if (issues.length > 0) throwDefinitionIssues(describe(definition), issues);

  const template: Template = deepFreeze({
    name: def.name,
    language: def.language,
    category: def.category,
    ...(module !== undefined ? { module } : {}),
    parameterFormat: format,
    ...(def.header !== undefined ? { header: def.header } : {}),
    body: def.body,
    ...(def.footer !== undefined ? { footer: def.footer } : {}),
    buttons,
    variables,
    fields: unique(compiled.flatMap((v) => (typeof v.spec.bind === 'string' ? [v.spec.bind] : []))),
  });
  const keys = directKeys(compiled);
  const bodyText = compiledText(body, (name) => indexOf.get(name) ?? -1);
  const bodyParameters = parameterOrder(bodyNames, format, indexOf);
  const plan = {
    variables: Object.freeze(compiled),
    body: bodyText,
    bodyParameters,
    header: header !== undefined && headerSlot !== undefined ? compiledText(header, () => headerSlot) : undefined,
    headerParameters: headerName !== undefined && headerSlot !== undefined ? { names: [headerName], variables: [headerSlot] } : undefined,
    buttons: Object.freeze(compiledButtons),
    keys,
  };
  registerPlan(template, Object.freeze({ ...plan, code: generateCode(template, plan) }));
  return template;
}

function parseAt(text: string, path: string, issues: DefinitionIssue[]): ParsedMergeText {
  const result = parseMergeFields(text, 'template');
  for (const issue of result.issues) issues.push({ path, message: `${issue.message} (${issue.path})` });
  return result;
}

function checkNumbering(body: ParsedMergeText, header: ParsedMergeText | undefined, issues: DefinitionIssue[]): void {
  const seen = new Set<number>();
  for (const field of body.fields) {
    const n = Number(field.name);
    if (seen.has(n)) issues.push({ path: 'body', message: `{{${n}}} appears more than once; number every placeholder once` });
    seen.add(n);
  }
  for (let n = 1; n <= seen.size; n++) {
    if (!seen.has(n)) {
      issues.push({ path: 'body', message: `Positional placeholders must be numbered 1 to ${seen.size} in any order without gaps; {{${n}}} is missing` });
      break;
    }
  }
  const headerField = header?.fields[0];
  if (headerField !== undefined && headerField.name !== '1') issues.push({ path: 'header.text', message: 'A positional header variable is {{1}}' });
}

type AddVariable = (key: string, name: string, component: VariableComponent, spec: VariableSpec, where: string) => number;

function compileButtons(buttons: readonly TemplateButtonDefinition[], add: AddVariable, issues: DefinitionIssue[]): CompiledButton[] {
  const compiled: CompiledButton[] = [];
  checkButtonLimits(buttons.map((b) => b.type), issues);
  buttons.forEach((button, index) => {
    const where = `buttons[${index}]`;
    if (button.type === 'url') {
      if (!/^https?:\/\/\S+$/.test(button.url)) issues.push({ path: `${where}.url`, message: 'Expected an http(s) URL without spaces' });
      const url = parseAt(button.url, `${where}.url`, issues);
      const field = url.fields[0];
      if (url.fields.length > 1) issues.push({ path: `${where}.url`, message: 'A URL has at most one variable' });
      if (field !== undefined && field.end !== button.url.length) issues.push({ path: `${where}.url`, message: 'The URL variable must be at the end of the URL' });
      if (field !== undefined && button.variable === undefined) issues.push({ path: `${where}.variable`, message: `The URL's {{${field.name}}} has no variable (bind, example)` });
      if (field === undefined && button.variable !== undefined) issues.push({ path: `${where}.variable`, message: 'The button has a variable but its URL has no placeholder' });
      if (field !== undefined && button.variable !== undefined) {
        compiled.push({ index, subType: 'url', variable: add(`buttons.${index}`, field.name, 'button', button.variable, `${where}.variable`) });
      }
    } else if (button.type === 'copy_code') {
      if (codePointLength(button.code.example) > 20) issues.push({ path: `${where}.code.example`, message: 'A copy-code example has at most 20 characters' });
      compiled.push({ index, subType: 'copy_code', variable: add(`buttons.${index}`, '1', 'button', button.code, `${where}.code`) });
    }
  });
  return compiled;
}

function checkButtonLimits(types: readonly string[], issues: DefinitionIssue[]): void {
  const count = (type: string) => types.filter((t) => t === type).length;
  if (count('url') > 2) issues.push({ path: 'buttons', message: 'At most 2 URL buttons' });
  if (count('phone_number') > 1) issues.push({ path: 'buttons', message: 'At most 1 phone-number button' });
  if (count('copy_code') > 1) issues.push({ path: 'buttons', message: 'At most 1 copy-code button' });
  const first = types.indexOf('quick_reply');
  const last = types.lastIndexOf('quick_reply');
  if (first !== -1 && types.slice(first, last + 1).some((t) => t !== 'quick_reply')) {
    issues.push({ path: 'buttons', message: 'Quick-reply buttons must be grouped together (not quick reply, URL, quick reply)' });
  }
}

function compiledText(parsed: ParsedMergeText, slotOf: (name: string) => number): CompiledText {
  return Object.freeze({ parsed, slots: Object.freeze(parsed.fields.map((f) => slotOf(f.name))) });
}

function parameterOrder(names: readonly string[], format: ParameterFormat, indexOf: ReadonlyMap<string, number>): ParameterOrder {
  const ordered = format === 'positional' ? [...names].sort((a, b) => Number(a) - Number(b)) : [...names];
  return Object.freeze({ names: Object.freeze(ordered), variables: Object.freeze(ordered.map((n) => indexOf.get(n) ?? -1)) });
}

function own(record: Readonly<Record<string, VariableSpec>>, key: string): VariableSpec | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function describe(definition: unknown): string {
  const name = typeof definition === 'object' && definition !== null ? (definition as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? `template "${name.slice(0, 64)}"` : 'template';
}

/** Zod issues as definition issues with dotted paths. */
export function zodIssues(error: z.ZodError): DefinitionIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join(''),
    message: issue.message,
  }));
}
