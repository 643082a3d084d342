import { z } from 'zod';
import { parseWith } from '../core/validation.js';

const keySchema = z.string().min(1).max(512);
const ttlSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Inbound dedupe: remembers which provider items (messages, statuses, VK events) were taken
 * for processing, so provider retries are processed once. Keys come from `inboundDedupeKey`;
 * the usual TTL is `DEFAULT_DEDUPE_TTL_MS` (Meta retries for up to 7 days).
 */
export interface DedupeStore {
  /**
   * Claims `key` for `ttlMs` milliseconds of the store's clock. Resolves true for exactly one
   * caller among any number of concurrent ones (also across app instances on one database), and
   * false for every later caller until the claim expires or is released.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;

  /**
   * Sets an existing claim to expire `ttlMs` from now on the store's clock, or takes the key
   * for `ttlMs` if it is not held (its claim expired or was never made). Called once an item is
   * stored, to turn a short provisional claim into the full dedupe claim: a process that dies
   * between `claim` and storing leaves only the short claim, so the provider's redelivery is
   * processed once the claim expires instead of being skipped for good. Idempotent.
   */
  confirm(key: string, ttlMs: number): Promise<void>;

  /**
   * Forgets a claim so the item can be processed again (e.g. processing failed and the provider
   * will retry). Releasing an unknown key does nothing.
   */
  release(key: string): Promise<void>;
}

/** Wraps an implementation so every argument is validated before it reaches storage. */
export function validateDedupeStore(inner: DedupeStore): DedupeStore {
  return {
    claim: async (key, ttlMs) => {
      const validKey = parseWith(keySchema, key, 'dedupe.claim key');
      return await inner.claim(validKey, parseWith(ttlSchema, ttlMs, 'dedupe.claim ttlMs'));
    },
    confirm: async (key, ttlMs) => {
      const validKey = parseWith(keySchema, key, 'dedupe.confirm key');
      await inner.confirm(validKey, parseWith(ttlSchema, ttlMs, 'dedupe.confirm ttlMs'));
    },
    release: async (key) => {
      await inner.release(parseWith(keySchema, key, 'dedupe.release key'));
    },
  };
}
