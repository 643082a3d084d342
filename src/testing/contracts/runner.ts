import { SwitchboardError } from '../../core/errors.js';
import type { CaseContext, ContractCase, ContractDescriptor, StoreFixture } from './types.js';

/** Why a concurrency case is skipped when `setup()` gives no second handle. */
export const NO_SECOND_HANDLE = 'needs a second handle onto the same storage: setup() returned no `second`';

/** The outcome of one contract case run outside a test framework. */
export type CaseResult =
  | { name: string; status: 'passed' }
  | { name: string; status: 'failed'; error: unknown }
  | { name: string; status: 'skipped'; reason: string };

/**
 * Refuses skip entries that name no case or give no reason, so a renamed or mistyped test is
 * never skipped silently.
 * @throws SwitchboardError `INVALID_CONFIG` naming the entry.
 */
export function checkSkips(skip: Readonly<Record<string, string>> | undefined, cases: readonly ContractCase[]): void {
  if (skip === undefined) return;
  const names = new Set(cases.map((c) => c.name));
  for (const [name, reason] of Object.entries(skip)) {
    if (!names.has(name)) {
      throw new SwitchboardError('INVALID_CONFIG', `skip names no test of this contract: "${name}"`, { field: `skip["${name}"]` });
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new SwitchboardError('INVALID_CONFIG', `skip["${name}"] needs a reason`, { field: `skip["${name}"]` });
    }
  }
}

/** Builds a case's context from a fixture. */
export function caseContext(fixture: StoreFixture, descriptor: ContractDescriptor): CaseContext {
  const { inspect } = descriptor;
  return {
    store: fixture.store,
    second: fixture.second ?? fixture.store,
    clock: fixture.clock,
    inspect: inspect === undefined ? undefined : (kind, id) => inspect(fixture, kind, id),
  };
}

/**
 * Runs one case on fresh storage: `setup`, the case, then `teardown` (also after a failure).
 * Returns `skipped` for a concurrency case without a second handle.
 */
export async function runCase(testCase: ContractCase, descriptor: ContractDescriptor): Promise<CaseResult> {
  const skipReason = descriptor.skip?.[testCase.name];
  if (skipReason !== undefined) return { name: testCase.name, status: 'skipped', reason: skipReason };
  const fixture = await descriptor.setup();
  try {
    if (testCase.needsSecond === true && fixture.second === undefined) {
      return { name: testCase.name, status: 'skipped', reason: NO_SECOND_HANDLE };
    }
    await testCase.run(caseContext(fixture, descriptor));
    return { name: testCase.name, status: 'passed' };
  } catch (error) {
    return { name: testCase.name, status: 'failed', error };
  } finally {
    await fixture.teardown?.();
  }
}

/**
 * Runs contract cases one after another without a test framework, e.g. from another test runner
 * or a health check against a staging database. Never throws for a failing case: read the results.
 *
 * @example
 * const results = await runContractCases(storeContract.cases, { setup });
 * const failed = results.filter((r) => r.status === 'failed');
 */
export async function runContractCases(cases: readonly ContractCase[], descriptor: ContractDescriptor): Promise<CaseResult[]> {
  checkSkips(descriptor.skip, cases);
  const results: CaseResult[] = [];
  for (const testCase of cases) results.push(await runCase(testCase, descriptor));
  return results;
}
