import type { CompiledText, ParameterFormat, ParameterOrder } from './template.js';

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
   * Reads the one-property fields of a plain-object record, in variable order (`undefined` for
   * variables read another way). Throws {@link FieldReadError} when a getter throws.
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

const NONE: GeneratedCode = Object.freeze({ read: undefined, body: undefined, bodyParameters: undefined });

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

/** Generates the functions for one template's plan. */
export function generateCode(keys: readonly (string | undefined)[], body: CompiledText, bodyParameters: ParameterOrder, format: ParameterFormat): GeneratedCode {
  if (!isSafeIndexList(body.slots) || !isSafeIndexList(bodyParameters.variables)) return NONE;
  const reads = keys.map((key, index) => (key === undefined ? '' : `v[${index}] = r[${quote(key)}];\n`));
  const read = keys.every((key) => key === undefined)
    ? undefined
    : (compile(
        ['FieldReadError'],
        `return function read(r) {\n  const v = new Array(${keys.length});\n  let at = 0;\n  try {\n${reads.map((line, index) => (line === '' ? '' : `    at = ${index}; ${line}`)).join('')}  } catch (cause) {\n    throw new FieldReadError(at, cause);\n  }\n  return v;\n};`,
        FieldReadError,
      ) as ((record: object) => unknown[]) | undefined);
  const literals = body.parsed.literals;
  let text = quote(literals[0] ?? '');
  body.slots.forEach((slot, k) => {
    text += ` + (v[${slot}] ?? '') + ${quote(literals[k + 1] ?? '')}`;
  });
  const fill = compile([], `return function fill(v) { return ${text}; };`) as ((values: readonly (string | undefined)[]) => string) | undefined;
  const entries = bodyParameters.variables.map((variable, k) => (format === 'positional' ? `v[${variable}] ?? ''` : `${propertyKey(bodyParameters.names[k] ?? '')}: v[${variable}] ?? ''`));
  const built = format === 'positional' ? `[${entries.join(', ')}]` : `{ ${entries.join(', ')} }`;
  const parameters = compile([], `return function parameters(v) { return ${built}; };`) as GeneratedCode['bodyParameters'];
  return Object.freeze({ read, body: fill, bodyParameters: parameters });
}

function isSafeIndexList(indexes: readonly number[]): boolean {
  return indexes.every((index) => Number.isSafeInteger(index) && index >= 0);
}
