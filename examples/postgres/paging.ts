import type { z } from 'zod';
import { encodeCursor } from './switchboard.js';
import type { CursorKey, Page } from './switchboard.js';
import type { Row } from './database.js';
import { dataOf } from './database.js';

/** Builds a page from `limit + 1` rows: the extra row only says whether another page exists. */
export function pageOf<S extends z.ZodType>(rows: readonly Row[], schema: S, limit: number, keyOf: (item: z.output<S>) => CursorKey): Page<z.output<S>> {
  const items = dataOf(rows.slice(0, limit), schema);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
