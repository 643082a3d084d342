import type { Remedy, SwitchboardErrorOptions } from '../core/errors.js';
import { SwitchboardError } from '../core/errors.js';
import type { LedgerErrorCode } from './types.js';

/** Builds a ledger refusal; refusals are never retryable as they are (the state must change first). */
export function ledgerError(
  code: LedgerErrorCode,
  message: string,
  options: Omit<SwitchboardErrorOptions, 'remedy'> & { remedy?: Remedy } = {},
): SwitchboardError<LedgerErrorCode> {
  return new SwitchboardError(code, message, options);
}

/** Names the fields whose values differ between two {@link fingerprint}s. */
export function differingFields(first: string, second: string): string[] {
  const a = new Map(JSON.parse(first) as [string, unknown][]);
  const b = new Map(JSON.parse(second) as [string, unknown][]);
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => a.get(name) !== b.get(name)).sort();
}
