import type { Clock } from '../../core/clock.js';
import type { IdGenerator } from '../../core/ids.js';

/** What the memory repositories share: the time source and the id generator. */
export interface MemoryDeps {
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Records are copied in and out so callers never hold a reference into the store (a database
 * behaves the same way). Each method does its read-modify-write without awaiting in between,
 * which makes it atomic on the single JavaScript thread.
 */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
