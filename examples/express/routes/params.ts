// Request parsing shared by the routes: paging, path ids, optional fields.
import type express from 'express';
import { z } from 'zod';
import { parseId } from '../switchboard.js';
import type { ConversationId, PageRequest } from '../switchboard.js';

export const pageQuery = {
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
};

export const pageSchema = z.object(pageQuery).strict();

/** The page request from `?cursor=&limit=` (the cursor is the previous page's `nextCursor`). */
export function pageOf(query: { cursor?: string | undefined; limit?: number | undefined }): PageRequest {
  return { ...(query.cursor === undefined ? {} : { cursor: query.cursor }), ...(query.limit === undefined ? {} : { limit: query.limit }) };
}

/** The conversation id in the path. @throws SwitchboardError `INVALID_ID` (400). */
export function conversationIdOf(req: express.Request<{ id: string }>): ConversationId {
  return parseId('cv', req.params.id, 'conversationId');
}

/** Drops absent keys (`exactOptionalPropertyTypes`: an optional field cannot be `undefined`). */
export function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
