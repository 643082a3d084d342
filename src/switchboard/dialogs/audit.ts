import { createHash } from 'node:crypto';
import type { AuditEntryId, ConversationId } from '../../core/ids.js';
import type { AuditAction, AuditActor, AuditEntry } from '../../model/audit.js';
import type { Actor } from '../events.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The audit entry id of an action: a ULID whose time part is `at` and whose random part is the
 * conversation version (so entries of one millisecond still sort in the order they happened)
 * and a hash of (conversation, seed, action); dialog actions use the version they produced as
 * the seed, automation the triggering message id. The same
 * action recorded twice (a retry after a crash between the update and the append) gets the same
 * id, so the idempotent `append` stores it once; entries still sort by time.
 */
export function auditEntryId(conversationId: ConversationId, version: number, seed: string, action: AuditAction, at: number): AuditEntryId {
  const digest = createHash('sha256').update(`${conversationId}:${seed}:${action}`).digest();
  let hash = '';
  for (let i = 0; i < 10; i++) hash += CROCKFORD.charAt((digest[i] ?? 0) % 32);
  return `au_${base32(at, 10)}${base32(version, 6)}${hash}` as AuditEntryId;
}

function base32(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = `${CROCKFORD.charAt(rest % 32)}${out}`;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** The audit form of an event actor. */
export function toAuditActor(actor: Actor): AuditActor {
  if (actor.kind === 'operator') return { kind: 'operator', id: actor.id };
  if (actor.kind === 'customer') return { kind: 'customer' };
  return actor.reason === undefined ? { kind: 'system' } : { kind: 'system', reason: actor.reason };
}

/** The actor of a dialog action: the operator when one is named, else Switchboard on the host's behalf. */
export function actorOf(operatorId: string | undefined, reason = 'host'): Actor {
  return operatorId === undefined ? { kind: 'system', reason } : { kind: 'operator', id: operatorId };
}

/** The audit entry for the action that produced this version of the conversation. */
export function auditEntry(
  conversation: { id: ConversationId; version: number; updatedAt: number },
  actor: Actor,
  action: AuditAction,
  details: AuditEntry['details'],
  seed = `v${String(conversation.version)}`,
): AuditEntry {
  return {
    id: auditEntryId(conversation.id, conversation.version, seed, action, conversation.updatedAt),
    conversationId: conversation.id,
    actor: toAuditActor(actor),
    action,
    details,
    at: conversation.updatedAt,
  };
}
