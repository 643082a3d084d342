import type { SQLInputValue } from 'node:sqlite';
import {
  applyConversationPatch, conversationActivityAt, decodeCursor, DEFAULT_PAGE_LIMIT, newOpenConversation, storageError,
} from './switchboard.js';
import type { Clock, Conversation, ConversationQuery, ConversationRepository, IdGenerator, OpenConversationKey } from './switchboard.js';
import { conversationSchema } from './switchboard.js';
import type { Connection } from './database.js';
import { data } from './database.js';
import { pageOf } from './paging.js';

const UNANSWERED = '(last_inbound_at IS NOT NULL AND (last_outbound_at IS NULL OR last_outbound_at < last_inbound_at))';

/** Translates a validated query into a WHERE clause with the same meaning as `matchesConversationQuery`. */
function where(query: ConversationQuery): { sql: string; params: SQLInputValue[] } {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  const add = (sql: string, ...values: SQLInputValue[]): void => {
    clauses.push(sql);
    params.push(...values);
  };
  const now = query.now ?? 0;
  if (query.status !== undefined) add('status = ?', query.status);
  if (query.assigneeId === null) add('assignee_id IS NULL');
  else if (query.assigneeId !== undefined) add('assignee_id = ?', query.assigneeId);
  if (query.channel !== undefined) add('channel = ?', query.channel);
  if (query.accountId !== undefined) add('account_id = ?', query.accountId);
  if (query.ownerId !== undefined) add('owner_id = ?', query.ownerId);
  if (query.contactId !== undefined) add('contact_id = ?', query.contactId);
  if (query.link !== undefined) {
    add(`EXISTS (SELECT 1 FROM json_each(data, '$.links') WHERE json_extract(value, '$.type') = ? AND json_extract(value, '$.id') = ?)`, query.link.type, query.link.id);
  }
  if (query.unrepliedFor !== undefined) add(`${UNANSWERED} AND last_inbound_at <= ?`, now - query.unrepliedFor);
  if (query.repliedWithin !== undefined) add('last_outbound_at >= ?', now - query.repliedWithin);
  if (query.lastMessageWithin !== undefined) {
    add('MAX(COALESCE(last_inbound_at, -1), COALESCE(last_outbound_at, -1)) >= MAX(?, 0)', now - query.lastMessageWithin);
  }
  if (query.repliedBy !== undefined) add(`EXISTS (SELECT 1 FROM json_each(data, '$.repliedBy') WHERE value = ?)`, query.repliedBy);
  if (query.lastInboundBetween !== undefined) add('last_inbound_at >= ? AND last_inbound_at <= ?', query.lastInboundBetween.from, query.lastInboundBetween.to);
  if (query.unanswered === true) add(UNANSWERED);
  if (query.unanswered === false) add(`NOT ${UNANSWERED}`);
  return { sql: clauses.length === 0 ? '1 = 1' : clauses.join(' AND '), params };
}

export function sqliteConversations(c: Connection, clock: Clock, ids: IdGenerator): ConversationRepository {
  const byId = (id: string): Conversation | null => data(c.one('SELECT data FROM conversations WHERE id = ?', id), conversationSchema);
  const openFor = (k: OpenConversationKey): Conversation | null =>
    data(c.one(`SELECT data FROM conversations WHERE channel = ? AND account_id = ? AND contact_id = ? AND status = 'open'`, k.channel, k.accountId, k.contactId), conversationSchema);
  const columns = (v: Conversation): SQLInputValue[] => [
    v.channel, v.accountId, v.contactId, v.status, v.assigneeId, v.ownerId ?? null, conversationActivityAt(v),
    v.lastInboundAt ?? null, v.lastOutboundAt ?? null, v.version, JSON.stringify(v),
  ];

  return {
    get: (id) => Promise.resolve(byId(id)),
    findOpen: (key) => Promise.resolve(openFor(key)),

    createOpen: (input) =>
      Promise.resolve(
        c.immediate(() => {
          const existing = openFor(input);
          if (existing !== null) return { conversation: existing, created: false };
          const conversation = newOpenConversation(input, ids.next('cv'), clock.now());
          c.run(
            `INSERT INTO conversations (id, channel, account_id, contact_id, status, assignee_id, owner_id, activity_at,
               last_inbound_at, last_outbound_at, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            conversation.id, ...columns(conversation),
          );
          return { conversation, created: true };
        }),
      ),

    update: (id, patch, expectedVersion) =>
      Promise.resolve(
        c.immediate(() => {
          const current = byId(id);
          if (current === null) throw storageError('NOT_FOUND', `Conversation ${id} does not exist`, 'id');
          if (current.version !== expectedVersion) {
            throw storageError('VERSION_CONFLICT', `Conversation ${id} is at version ${current.version}, not ${expectedVersion}`, 'expectedVersion');
          }
          const next = applyConversationPatch(current, patch, clock.now());
          if (next.status === 'open' && current.status !== 'open' && openFor(next) !== null) {
            throw storageError('DUPLICATE', 'Another conversation is already open for this channel account and contact', 'patch.status');
          }
          c.run(
            `UPDATE conversations SET channel = ?, account_id = ?, contact_id = ?, status = ?, assignee_id = ?, owner_id = ?,
               activity_at = ?, last_inbound_at = ?, last_outbound_at = ?, version = ?, data = ? WHERE id = ? AND version = ?`,
            ...columns(next), id, expectedVersion,
          );
          return next;
        }),
      ),

    list: (query, page) => {
      const limit = page?.limit ?? DEFAULT_PAGE_LIMIT;
      const filter = where(query);
      let sql = `SELECT data FROM conversations WHERE ${filter.sql}`;
      const params = [...filter.params];
      if (page?.cursor !== undefined) {
        const [activityAt, id] = decodeCursor(page.cursor, ['number', 'string'] as const);
        sql += ' AND (activity_at < ? OR (activity_at = ? AND id < ?))';
        params.push(activityAt, activityAt, id);
      }
      sql += ' ORDER BY activity_at DESC, id DESC LIMIT ?';
      const rows = c.all(sql, ...params, limit + 1);
      return Promise.resolve(pageOf(rows, conversationSchema, limit, (v) => [conversationActivityAt(v), v.id]));
    },
  };
}
