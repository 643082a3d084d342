import type { CoreErrorCode } from '../core/errors.js';
import { SwitchboardError } from '../core/errors.js';

/**
 * Codes the storage ports throw:
 * - `INVALID_INPUT`, `INVALID_ID`, `INVALID_CURSOR`: bad arguments, refused before storage is touched;
 * - `NOT_FOUND`: the record to change does not exist;
 * - `VERSION_CONFLICT`: an update carried a stale expected version (re-read and retry);
 * - `DUPLICATE`: a create collided with a unique key;
 * - `CONFLICT`: the record is not in a state that allows the change (e.g. requeue of a live job);
 * - `IMMUTABLE_FIELD`: an update tried to change a field fixed at creation;
 * - `LEASE_LOST`: an outbox worker acted on a job whose lease another worker now holds.
 */
export type StorageErrorCode =
  | Extract<CoreErrorCode, 'INVALID_INPUT' | 'INVALID_ID' | 'INVALID_CURSOR' | 'NOT_FOUND' | 'VERSION_CONFLICT' | 'DUPLICATE' | 'CONFLICT'>
  | 'IMMUTABLE_FIELD'
  | 'LEASE_LOST';

/** Creates a typed storage error; `field` names the offending argument where there is one. */
export function storageError(code: StorageErrorCode, message: string, field?: string): SwitchboardError<StorageErrorCode> {
  return new SwitchboardError(code, message, {
    ...(field === undefined ? {} : { field }),
    ...(code.startsWith('INVALID_') ? { remedy: 'fix_input' as const } : {}),
  });
}
