import {
  applyConversationPatch, conversationActivityAt, decodeCursor, DEFAULT_PAGE_LIMIT, newOpenConversation, storageError,
} from './switchboard.js';
import type { Clock, Conversation, ConversationQuery, ConversationRepository, IdGenerator, OpenConversationKey } from './switchboard.js';
import { conversationSchema } from './switchboard.js';
import type { Database, Executor } from './database.js';
import { data, isUniqueViolation } from './database.js';
import { pageOf } from './paging.js';

const UNANSWERED = '(last_inbound_at IS NOT NULL AND (last_outbound_at IS NULL OR last_outbound_at < last_inbound_at))';

/** Collects positional parameters: `p(value)` appends it and returns its `$n` placeholder. */
function parameters(): { values: unknown[]; p: (value: unknown) => string } {
  const values: unknown[] = [];
  return { values, p: (value) => `$${values.push(value)}` };
}

/** Translates a validated query into a WHERE clause with the same meaning as `matchesConversationQuery`. */
export function conversationWhere(query: ConversationQuery, p: (value: unknown) => string): string {
  const clauses: string[] = [];
  const now = query.now ?? 0;
  if (query.status !== undefined) clauses.push(`status = ${p(query.status)}`);
  if (query.assigneeId === null) clauses.push('assignee_id IS NULL');
  else if (query.assigneeId !== undefined) clauses.push(`assignee_id = ${p(query.assigneeId)}`);
  if (query.channel !== undefined) clauses.push(`channel = ${p(query.channel)}`);
  if (query.accountId !== undefined) clauses.push(`account_id = ${p(query.accountId)}`);
  if (query.ownerId !== undefined) clauses.push(`owner_id = ${p(query.ownerId)}`);
  if (query.contactId !== undefined) clauses.push(`contact_id = ${p(query.contactId)}`);
  // jsonb containment: some link has this type and id (links may carry more fields).
  if (query.link !== undefined) clauses.push(`data->'links' @> jsonb_build_array(jsonb_build_object('type', ${p(query.link.type)}::text, 'id', ${p(query.link.id)}::text))`);
  if (query.unrepliedFor !== undefined) clauses.push(`${UNANSWERED} AND last_inbound_at <= ${p(now - query.unrepliedFor)}::bigint`);
  if (query.repliedWithin !== undefined) clauses.push(`last_outbound_at >= ${p(now - query.repliedWithin)}::bigint`);
  if (query.lastMessageWithin !== undefined) {
    clauses.push(`GREATEST(COALESCE(last_inbound_at, -1), COALESCE(last_outbound_at, -1)) >= GREATEST(${p(now - query.lastMessageWithin)}::bigint, 0)`);
  }
  if (query.repliedBy !== undefined) clauses.push(`COALESCE(data->'repliedBy', '[]'::jsonb) @> jsonb_build_array(${p(query.repliedBy)}::text)`);
  if (query.lastInboundBetween !== undefined) {
    clauses.push(`last_inbound_at >= ${p(query.lastInboundBetween.from)}::bigint AND last_inbound_at <= ${p(query.lastInboundBetween.to)}::bigint`);
  }
  if (query.unanswered === true) clauses.push(UNANSWERED);
  if (query.unanswered === false) clauses.push(`NOT ${UNANSWERED}`);
  return clauses.length === 0 ? 'true' : clauses.join(' AND ');
}

export function postgresConversations(db: Database, clock: Clock, ids: IdGenerator): ConversationRepository {
  const table = db.table('conversations');
  const byId = async (x: Executor, id: string, lock = ''): Promise<Conversation | null> =>
    data(await x.one(`SELECT data FROM ${table} WHERE id = $1 ${lock}`, [id]), conversationSchema);
  const openFor = async (x: Executor, k: OpenConversationKey): Promise<Conversation | null> =>
    data(await x.one(`SELECT data FROM ${table} WHERE channel = $1 AND account_id = $2 AND contact_id = $3 AND status = 'open'`, [k.channel, k.accountId, k.contactId]), conversationSchema);
  const columns = (v: Conversation): unknown[] => [
    v.id, v.channel, v.accountId, v.contactId, v.status, v.assigneeId, v.ownerId ?? null, conversationActivityAt(v),
    v.lastInboundAt ?? null, v.lastOutboundAt ?? null, v.version, JSON.stringify(v),
  ];

  return {
    get: (id) => byId(db, id),
    findOpen: (key) => openFor(db, key),

    // Find-or-create without a transaction: the partial unique index admits one open row per key,
    // and ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit.
    createOpen: async (input) => {
      for (;;) {
        const existing = await openFor(db, input);
        if (existing !== null) return { conversation: existing, created: false };
        const conversation = newOpenConversation(input, ids.next('cv'), clock.now());
        const inserted = await db.run(
          `INSERT INTO ${table} (id, channel, account_id, contact_id, status, assignee_id, owner_id, activity_at,
             last_inbound_at, last_outbound_at, version, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (channel, account_id, contact_id) WHERE status = 'open' DO NOTHING`,
          columns(conversation),
        );
        if (inserted === 1) return { conversation, created: true };
        // Someone else opened it first; read theirs (or, if it was closed meanwhile, try again).
      }
    },

    update: (id, patch, expectedVersion) =>
      db.transaction(async (tx) => {
        const current = await byId(tx, id, 'FOR UPDATE');
        if (current === null) throw storageError('NOT_FOUND', `Conversation ${id} does not exist`, 'id');
        if (current.version !== expectedVersion) {
          throw storageError('VERSION_CONFLICT', `Conversation ${id} is at version ${current.version}, not ${expectedVersion}`, 'expectedVersion');
        }
        const next = applyConversationPatch(current, patch, clock.now());
        try {
          await tx.run(
            `UPDATE ${table} SET channel = $2, account_id = $3, contact_id = $4, status = $5, assignee_id = $6, owner_id = $7,
               activity_at = $8, last_inbound_at = $9, last_outbound_at = $10, version = $11, data = $12 WHERE id = $1`,
            columns(next),
          );
        } catch (error) {
          if (isUniqueViolation(error, 'conversations_one_open')) {
            throw storageError('DUPLICATE', 'Another conversation is already open for this channel account and contact', 'patch.status');
          }
          throw error;
        }
        return next;
      }),

    list: async (query, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const { values, p } = parameters();
      let sql = `SELECT data FROM ${table} WHERE ${conversationWhere(query, p)}`;
      if (page?.cursor !== undefined) {
        const [activityAt, id] = decodeCursor(page.cursor, ['number', 'string'] as const);
        sql += ` AND (activity_at, id) < (${p(activityAt)}::bigint, ${p(id)}::text)`;
      }
      sql += ` ORDER BY activity_at DESC, id DESC LIMIT ${p(limit + 1)}`;
      return pageOf(await db.rows(sql, values), conversationSchema, limit, (v) => [conversationActivityAt(v), v.id]);
    },
  };
}
