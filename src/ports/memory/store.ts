import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { IdGenerator } from '../../core/ids.js';
import { createIdGenerator } from '../../core/ids.js';
import type { Logger } from '../../core/logger.js';
import { parseWith } from '../../core/validation.js';
import { z } from 'zod';
import type { Store } from '../store.js';
import { defineStore } from '../store.js';
import { createMemoryAuditLog } from './audit-log.js';
import { createMemoryCannedResponses } from './canned-responses.js';
import { createMemoryConsents } from './consents.js';
import { createMemoryContacts } from './contacts.js';
import { createMemoryConversations } from './conversations.js';
import { createMemoryDedupe } from './dedupe.js';
import { createMemoryMessages } from './messages.js';
import { createMemoryOutbox } from './outbox.js';
import { createMemoryTemplates } from './templates.js';

/** Options of {@link createMemoryStore}; all optional, validated once (`INVALID_CONFIG`). */
export interface MemoryStoreOptions {
  /** The time source for timestamps, dedupe expiry and leases; defaults to the system clock. */
  clock?: Clock;
  /** Receives the production warning; defaults to `process.emitWarning`. */
  logger?: Logger;
  /** The id generator; defaults to one on `clock`. */
  ids?: IdGenerator;
}

const hasMethods = (...names: string[]) => (value: unknown): boolean =>
  typeof value === 'object' && value !== null && names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function');

const optionsSchema = z
  .object({
    clock: z.custom<Clock>(hasMethods('now'), { message: 'Expected a Clock with now()' }).optional(),
    logger: z.custom<Logger>(hasMethods('debug', 'info', 'warn', 'error'), { message: 'Expected a Logger with debug/info/warn/error' }).optional(),
    ids: z.custom<IdGenerator>(hasMethods('next'), { message: 'Expected an IdGenerator with next(prefix)' }).optional(),
  })
  .strict();

const PRODUCTION_WARNING =
  'createMemoryStore() keeps everything in process memory: data is lost on restart and not shared between ' +
  'app instances. Implement the storage ports on your database for production (see docs/storage.md).';

const warnedLoggers = new WeakSet<Logger>();
let warnedProcess = false;

function warnInProduction(logger: Logger | undefined): void {
  if (process.env.NODE_ENV !== 'production') return;
  if (logger !== undefined) {
    if (warnedLoggers.has(logger)) return;
    warnedLoggers.add(logger);
    logger.warn({ code: 'MEMORY_STORE_IN_PRODUCTION' }, PRODUCTION_WARNING);
    return;
  }
  if (warnedProcess) return;
  warnedProcess = true;
  process.emitWarning(PRODUCTION_WARNING, { code: 'SWITCHBOARD_MEMORY_STORE' });
}

/**
 * Every storage port in process memory: for tests, demos and single-process prototypes. It
 * passes the same contracts as a database implementation (every method is atomic within the
 * process) and validates every argument. With `NODE_ENV=production` it warns once (per logger,
 * or once per process through `process.emitWarning`).
 *
 * @example
 * const store = createMemoryStore({ clock: createVirtualClock(Date.now()) });
 * const contact = await store.contacts.upsert({ addresses: [{ kind: 'phone', value: '+14155550123' }], channel: 'whatsapp' });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  parseWith(optionsSchema, options, 'createMemoryStore options', 'INVALID_CONFIG');
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator({ clock });
  warnInProduction(options.logger);
  const deps = { clock, ids };
  return defineStore({
    contacts: createMemoryContacts(deps),
    conversations: createMemoryConversations(deps),
    messages: createMemoryMessages(),
    templates: createMemoryTemplates(),
    cannedResponses: createMemoryCannedResponses(deps),
    consents: createMemoryConsents(deps),
    dedupe: createMemoryDedupe(deps),
    outbox: createMemoryOutbox(deps),
    auditLog: createMemoryAuditLog(),
  });
}
