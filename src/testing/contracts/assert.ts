import assert from 'node:assert/strict';
import { isSwitchboardError } from '../../core/errors.js';

export { assert };

/**
 * Asserts that `action` rejects with a Switchboard error with `code` (and `field`, when given).
 * Also accepts a synchronous throw, reported as a failure: ports must reject, never throw.
 */
export async function rejectsWith(action: () => Promise<unknown>, code: string, field?: string): Promise<void> {
  let promise: Promise<unknown>;
  try {
    promise = action();
  } catch (error) {
    assert.fail(`Expected a rejected promise with ${code}, but the call threw synchronously: ${String(error)}`);
  }
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await promise };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) assert.fail(`Expected a rejection with ${code}, but it resolved`);
  const { error } = outcome;
  assert.ok(isSwitchboardError(error), `Expected a SwitchboardError with ${code}, got ${String(error)}`);
  assert.equal(error.code, code, `Expected error code ${code}, got ${error.code}: ${error.message}`);
  if (field !== undefined) assert.equal(error.field, field, `Expected the error to name field ${field}, got ${String(error.field)}`);
}

/** Asserts a value is neither null nor undefined and narrows it. */
export function present<T>(value: T | null | undefined, what: string): T {
  assert.ok(value !== null && value !== undefined, `Expected ${what} to exist`);
  return value;
}
