import type { z } from 'zod';
import type { CoreErrorCode } from './errors.js';
import { SwitchboardError } from './errors.js';

/**
 * Parses `input` with a zod schema; on failure throws one {@link SwitchboardError} whose
 * message lists every problem with its path (`config.phoneNumberId: Required`), whose `field`
 * is the first problem's path, and whose `details.issues` carries them all.
 *
 * @param what - how to name the input in messages, e.g. `createWhatsAppAdapter config`.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  code: Extract<CoreErrorCode, 'INVALID_INPUT' | 'INVALID_CONFIG'> = 'INVALID_INPUT',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const first = issues[0];
  const listed = issues.slice(0, 8).map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
  const more = issues.length > 8 ? ` (and ${issues.length - 8} more)` : '';
  throw new SwitchboardError(code, `Invalid ${what}: ${listed}${more}`, {
    remedy: 'fix_input',
    details: { issues },
    ...(first !== undefined && first.path !== '' ? { field: first.path } : {}),
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
