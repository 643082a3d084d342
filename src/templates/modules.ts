import { z } from 'zod';
import { parseWith } from '../core/validation.js';
import type { DefinitionIssue } from './errors.js';

/**
 * The CRM entities (modules) a host exposes to templates and canned responses, with their
 * fields. Field paths are checked against it when a template or canned response names a module.
 */
export interface ModuleCatalog {
  /** Declared module names, in declaration order. */
  readonly modules: readonly string[];
  /** The declared fields of a module, or `undefined` for an undeclared module. */
  fieldsOf(module: string): readonly string[] | undefined;
}

const nameSchema = z
  .string()
  .min(1)
  .max(128)
  .refine((s) => !/[.{}\r\n]/.test(s) && s.trim() === s, 'Names cannot contain ".", braces or line breaks, nor start or end with spaces');

const modulesSchema = z.record(nameSchema, z.array(nameSchema).min(1).max(2000).refine((a) => new Set(a).size === a.length, 'Fields must be unique'));

/**
 * Declares the modules and their fields, e.g.
 * `defineModules({ Leads: ['First Name', 'Last Name', 'Company'], Deals: ['Deal Name', 'Amount'] })`.
 *
 * Module and field names are used as written (case-sensitive) and cannot contain `.`, since a
 * path such as `Leads.First Name` separates module and field with a dot.
 *
 * @throws SwitchboardError `INVALID_CONFIG` naming every bad module or field.
 */
export function defineModules(modules: Readonly<Record<string, readonly string[]>>): ModuleCatalog {
  const parsed = parseWith(modulesSchema, modules, 'defineModules modules', 'INVALID_CONFIG');
  const byName = new Map<string, readonly string[]>();
  for (const [module, fields] of Object.entries(parsed)) byName.set(module, Object.freeze([...fields]));
  const names = Object.freeze([...byName.keys()]);
  return Object.freeze({
    modules: names,
    fieldsOf: (module: string) => byName.get(module),
  });
}

/** A field path split once: `Leads.Owner.Email` in module `Leads` → `['Owner', 'Email']`. */
export interface CompiledPath {
  readonly path: string;
  readonly segments: readonly string[];
  /** Per segment: whether it names a member of `Object.prototype` and must be checked as an own property. */
  readonly guarded: readonly boolean[];
}

function isPrototypeName(segment: string): boolean {
  return segment === '__proto__' || segment in Object.prototype;
}

/**
 * Splits a field path for a record of `module`.
 *
 * Resolution rule: the record passed to rendering is the module's record, so a leading
 * `<module>.` is dropped (`Leads.First Name` reads `record['First Name']`); the remaining
 * segments walk nested objects (`Owner.Email` reads `record.Owner.Email`). Without a module the
 * whole path walks from the record's root, so `Leads.First Name` reads
 * `record.Leads['First Name']`.
 */
export function compilePath(path: string, module: string | undefined): CompiledPath {
  const segments = path.split('.');
  if (module !== undefined && segments.length > 1 && segments[0] === module) segments.shift();
  return Object.freeze({ path, segments: Object.freeze(segments), guarded: Object.freeze(segments.map(isPrototypeName)) });
}

/**
 * Checks a path against the catalog; returns the problem, if any. With a module, the first
 * segment must be one of its declared fields; without one, a path whose first segment is a
 * declared module must continue with one of that module's fields.
 */
export function checkPath(path: string, module: string | undefined, catalog: ModuleCatalog | undefined, where: string): DefinitionIssue | undefined {
  const compiled = compilePath(path, module);
  if (compiled.segments.some((s) => s === '' || s.trim() !== s)) {
    return { path: where, message: `"${path}" is not a field path: use "Module.Field" or "Field" without empty parts or surrounding spaces` };
  }
  if (catalog === undefined) return undefined;
  let owner = module;
  let field = compiled.segments[0];
  if (owner === undefined) {
    const head = compiled.segments[0];
    if (head === undefined || catalog.fieldsOf(head) === undefined) return undefined;
    owner = head;
    field = compiled.segments[1];
  }
  const fields = catalog.fieldsOf(owner);
  if (fields === undefined) return undefined;
  if (field !== undefined && fields.includes(field)) return undefined;
  return {
    path: where,
    code: 'UNKNOWN_FIELD',
    message: `"${path}" is not a field of module ${owner} (declared: ${fields.slice(0, 20).join(', ')}${fields.length > 20 ? ', ...' : ''})`,
  };
}

/**
 * Reads a compiled path from a record: properties of objects (including getters of class
 * instances) and `Map` entries. Members of `Object.prototype` (`constructor`, `toString`,
 * `__proto__`) are read only when the object has them as its own properties, and nothing is
 * read from strings or other primitives.
 */
export function resolvePath(record: unknown, path: CompiledPath): unknown {
  const { segments, guarded } = path;
  let current = record;
  for (let i = 0; i < segments.length; i++) {
    if (typeof current !== 'object' || current === null) return undefined;
    const segment = segments[i] as string;
    if (current instanceof Map) {
      current = (current as Map<unknown, unknown>).get(segment);
    } else if (guarded[i] === true && !Object.hasOwn(current, segment)) {
      return undefined;
    } else {
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
