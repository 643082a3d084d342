import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { SwitchboardError } from './errors.js';

/**
 * Branded, prefixed, sortable identifiers: `msg_01JD3Q8W5Z7N4V2C6B9X1K0M3P`.
 *
 * The part after the prefix is a ULID (48-bit millisecond time + 80 random bits, Crockford
 * base32, 26 characters), monotonic within one generator: ids made later by the same generator
 * sort after earlier ones, also within the same millisecond.
 */
export type Id<Prefix extends string> = string & { readonly __idPrefix: Prefix };

/** The prefixes Switchboard uses for the records it creates. */
export const ID_PREFIXES = {
  contact: 'ct',
  conversation: 'cv',
  message: 'msg',
  template: 'tpl',
  cannedResponse: 'cr',
  consent: 'cs',
  outboxJob: 'job',
  broadcast: 'bc',
  auditEntry: 'au',
} as const;

/** A record kind with a Switchboard id prefix (`contact`, `message`, ...): the keys of {@link ID_PREFIXES}. */
export type IdKind = keyof typeof ID_PREFIXES;
/** The id of a {@link Contact}: `ct_` + a ULID. */
export type ContactId = Id<'ct'>;
/** The id of a {@link Conversation}: `cv_` + a ULID. */
export type ConversationId = Id<'cv'>;
/** The id of a {@link Message}: `msg_` + a ULID. */
export type MessageId = Id<'msg'>;
/** The id of a {@link TemplateRecord}: `tpl_` + a ULID. */
export type TemplateId = Id<'tpl'>;
/** The id of a {@link CannedResponse}: `cr_` + a ULID. */
export type CannedResponseId = Id<'cr'>;
/** The id of a {@link ConsentRecord}: `cs_` + a ULID. */
export type ConsentId = Id<'cs'>;
/** The id of an {@link OutboxJob}: `job_` + a ULID. */
export type OutboxJobId = Id<'job'>;
/** The id of a broadcast (reuse it to resume one): `bc_` + a ULID. */
export type BroadcastId = Id<'bc'>;
/** The id of an {@link AuditEntry}: `au_` + a ULID. */
export type AuditEntryId = Id<'au'>;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const PREFIX_RE = /^[a-z][a-z0-9]{0,15}$/;

/** Makes ids; one generator per process is enough, tests inject a clock and a random source. */
export interface IdGenerator {
  /** A new id with the given prefix, e.g. `next('msg')`. */
  next<P extends string>(prefix: P): Id<P>;
}

/** Sources of time and randomness for {@link createIdGenerator}; inject both for deterministic ids in tests. */
export interface IdGeneratorOptions {
  /** Supplies the 48-bit millisecond time part of each id; defaults to {@link systemClock}. */
  clock?: Clock;
  /** Returns `n` random bytes; defaults to `crypto.randomBytes`. */
  random?: (n: number) => Uint8Array;
}

/** Creates a monotonic ULID-based {@link IdGenerator}. */
export function createIdGenerator(options: IdGeneratorOptions = {}): IdGenerator {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? ((n: number) => randomBytes(n));
  let lastTime = -1;
  let lastRandom: number[] = [];
  return {
    next<P extends string>(prefix: P): Id<P> {
      if (!PREFIX_RE.test(prefix)) {
        throw new SwitchboardError('INVALID_ID', `An id prefix must be 1-16 lowercase letters or digits, got "${prefix}"`, { field: 'prefix' });
      }
      const now = Math.max(clock.now(), lastTime);
      if (now === lastTime) {
        lastRandom = incrementBase32(lastRandom);
      } else {
        const bytes = random(16);
        lastRandom = Array.from({ length: 16 }, (_, i) => (bytes[i] ?? 0) % 32);
        lastTime = now;
      }
      return `${prefix}_${encodeTime(now)}${lastRandom.map((d) => ALPHABET.charAt(d)).join('')}` as Id<P>;
    },
  };
}

function encodeTime(ms: number): string {
  let rest = ms;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = `${ALPHABET.charAt(rest % 32)}${out}`;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function incrementBase32(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    const d = next[i] ?? 0;
    if (d < 31) {
      next[i] = d + 1;
      return next;
    }
    next[i] = 0;
  }
  throw new SwitchboardError('INTERNAL', 'ULID random part overflowed within one millisecond');
}

const defaultGenerator = createIdGenerator();

/** A new id from the process-wide generator. */
export function newId<P extends string>(prefix: P): Id<P> {
  return defaultGenerator.next(prefix);
}

/** True when `value` is a well-formed id with the given prefix. */
export function isId<P extends string>(prefix: P, value: unknown): value is Id<P> {
  if (typeof value !== 'string') return false;
  const at = value.indexOf('_');
  return at > 0 && value.slice(0, at) === prefix && ULID_RE.test(value.slice(at + 1));
}

/**
 * Validates an id received from outside.
 * @throws SwitchboardError `INVALID_ID` naming the field when it is not a `prefix_<ULID>`.
 */
export function parseId<P extends string>(prefix: P, value: unknown, field = 'id'): Id<P> {
  if (isId(prefix, value)) return value;
  const shown = typeof value === 'string' ? `"${value.slice(0, 64)}"` : typeof value;
  throw new SwitchboardError('INVALID_ID', `${field} must be an id like ${prefix}_<26 base32 characters>, got ${shown}`, { field });
}

/** The millisecond timestamp encoded in an id (ULID time part). */
export function idTime(id: string): number {
  const ulid = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11);
  let ms = 0;
  for (const ch of ulid) ms = ms * 32 + ALPHABET.indexOf(ch);
  return ms;
}
