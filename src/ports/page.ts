import { z } from 'zod';
import { parseWith } from '../core/validation.js';
import { storageError } from './errors.js';

/** One page of a listing. `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where a listing starts and how many items it returns (1-500, default 50). */
export interface PageRequest {
  /** An opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  limit?: number;
}

/** The page size a listing uses when {@link PageRequest.limit} is absent (50). */
export const DEFAULT_PAGE_LIMIT = 50;
/** The largest {@link PageRequest.limit} a listing accepts (500); more is refused with `INVALID_INPUT`. */
export const MAX_PAGE_LIMIT = 500;

const CURSOR_RE = /^[A-Za-z0-9_-]{1,1024}$/;

export const pageRequestSchema = z
  .object({
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
  })
  .strict();

/** A validated page request with the default limit applied. */
export interface ParsedPageRequest {
  cursor: string | undefined;
  limit: number;
}

/**
 * Validates a page request.
 * @throws SwitchboardError `INVALID_INPUT` for a bad limit, `INVALID_CURSOR` for a cursor that is not
 *   an opaque base64url token.
 */
export function parsePageRequest(page: unknown, what: string): ParsedPageRequest {
  const parsed = parseWith(pageRequestSchema, page ?? {}, `${what} page`);
  if (parsed.cursor !== undefined && !CURSOR_RE.test(parsed.cursor)) {
    throw storageError('INVALID_CURSOR', `${what}: page.cursor is not a cursor returned by this listing`, 'page.cursor');
  }
  return { cursor: parsed.cursor, limit: parsed.limit ?? DEFAULT_PAGE_LIMIT };
}

/** A cursor position: the sort key values of the last item returned. */
export type CursorKey = readonly (string | number)[];

/**
 * Encodes a keyset position as an opaque base64url cursor. Implementations of the ports may use
 * it (with {@link decodeCursor}) or any other opaque string of base64url characters.
 */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(['sb1', ...key]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} whose key has the given shape.
 * @throws SwitchboardError `INVALID_CURSOR` when the cursor was not made for this shape.
 */
export function decodeCursor<const Shape extends readonly ('string' | 'number')[]>(
  cursor: string,
  shape: Shape,
): { [K in keyof Shape]: Shape[K] extends 'string' ? string : number } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (
    !Array.isArray(decoded) ||
    decoded[0] !== 'sb1' ||
    decoded.length !== shape.length + 1 ||
    !shape.every((type, i) => typeof decoded[i + 1] === type && (type === 'string' || Number.isSafeInteger(decoded[i + 1])))
  ) {
    throw storageError('INVALID_CURSOR', 'page.cursor is not a cursor returned by this listing', 'page.cursor');
  }
  return decoded.slice(1) as { [K in keyof Shape]: Shape[K] extends 'string' ? string : number };
}

/** Builds a page from `limit + 1` fetched items: the extra one only says whether more exist. */
export function toPage<T>(fetched: readonly T[], limit: number, keyOf: (item: T) => CursorKey): Page<T> {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: fetched.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
