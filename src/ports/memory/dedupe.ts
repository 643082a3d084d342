import type { Clock } from '../../core/clock.js';
import type { DedupeStore } from '../dedupe.js';

/** How many claims to add between sweeps of expired keys (keeps memory bounded without a timer). */
const SWEEP_EVERY = 1024;

export function createMemoryDedupe({ clock }: { clock: Clock }): DedupeStore {
  const expiresAt = new Map<string, number>();
  let sinceSweep = 0;

  function sweep(now: number): void {
    for (const [key, at] of expiresAt) if (at <= now) expiresAt.delete(key);
    sinceSweep = 0;
  }

  return {
    claim: (key, ttlMs) => {
      const now = clock.now();
      if (++sinceSweep >= SWEEP_EVERY) sweep(now);
      const held = expiresAt.get(key);
      if (held !== undefined && held > now) return Promise.resolve(false);
      expiresAt.set(key, now + ttlMs);
      return Promise.resolve(true);
    },
    confirm: (key, ttlMs) => {
      expiresAt.set(key, clock.now() + ttlMs);
      return Promise.resolve();
    },
    release: (key) => {
      expiresAt.delete(key);
      return Promise.resolve();
    },
  };
}
