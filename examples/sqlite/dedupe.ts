import type { Clock, DedupeStore } from './switchboard.js';
import type { Connection } from './database.js';

/** How many claims to make between deletes of expired rows. */
const PURGE_EVERY = 1024;

export function sqliteDedupe(c: Connection, clock: Clock): DedupeStore {
  let sincePurge = 0;
  return {
    // One statement is atomic: it inserts a new claim or takes over an expired one, and
    // changes no row while a live claim exists.
    claim: (key, ttlMs) => {
      const now = clock.now();
      if (++sincePurge >= PURGE_EVERY) {
        sincePurge = 0;
        c.run('DELETE FROM dedupe_claims WHERE expires_at <= ?', now);
      }
      const changed = c.run(
        `INSERT INTO dedupe_claims (key, expires_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedupe_claims.expires_at <= ?`,
        key, now + ttlMs, now,
      );
      return Promise.resolve(changed === 1);
    },
    confirm: (key, ttlMs) => {
      c.run(
        `INSERT INTO dedupe_claims (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at`,
        key, clock.now() + ttlMs,
      );
      return Promise.resolve();
    },
    release: (key) => {
      c.run('DELETE FROM dedupe_claims WHERE key = ?', key);
      return Promise.resolve();
    },
  };
}
