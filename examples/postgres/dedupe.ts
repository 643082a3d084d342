import type { Clock, DedupeStore } from './switchboard.js';
import type { Database } from './database.js';

/** How many claims to make between deletes of expired rows. */
const PURGE_EVERY = 1024;

export function postgresDedupe(db: Database, clock: Clock): DedupeStore {
  const table = db.table('dedupe_claims');
  let sincePurge = 0;
  return {
    // One statement is atomic: it inserts a new claim or takes over an expired one. A concurrent
    // claim of the same key waits for this one to commit, then re-checks the WHERE against the
    // committed row, so it changes nothing while a live claim exists.
    claim: async (key, ttlMs) => {
      const now = clock.now();
      if (++sincePurge >= PURGE_EVERY) {
        sincePurge = 0;
        await db.run(`DELETE FROM ${table} WHERE expires_at <= $1`, [now]);
      }
      const changed = await db.run(
        `INSERT INTO ${table} (key, expires_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE ${table}.expires_at <= $3`,
        [key, now + ttlMs, now],
      );
      return changed === 1;
    },
    confirm: async (key, ttlMs) => {
      await db.run(
        `INSERT INTO ${table} (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at`,
        [key, clock.now() + ttlMs],
      );
    },
    release: async (key) => {
      await db.run(`DELETE FROM ${table} WHERE key = $1`, [key]);
    },
  };
}
