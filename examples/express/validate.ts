// Request and environment validation: zod schemas, and one typed error that names every bad
// field (`body.to: expected a string`), so the front end can highlight the field.
import type { z } from 'zod';
import { SwitchboardError } from './switchboard.js';

/**
 * Parses `input` with `schema`.
 * @throws SwitchboardError `code` (default `INVALID_INPUT`, 400) listing every issue; `field` is the first one's path.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string, code: 'INVALID_INPUT' | 'INVALID_CONFIG' = 'INVALID_INPUT'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const listed = issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
  const first = issues[0]?.path ?? '';
  throw new SwitchboardError(code, `Invalid ${what}: ${listed}`, { remedy: 'fix_input', details: { issues }, ...(first === '' ? {} : { field: first }) });
}
