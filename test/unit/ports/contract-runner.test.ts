import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src/core/clock.js';
import { createMemoryStore } from '../../../src/ports/index.js';
import {
  dedupeStoreContract, NO_SECOND_HANDLE, runContractCases, storeContract,
} from '../../../src/testing/contracts/index.js';
import type { StoreFixture } from '../../../src/testing/contracts/index.js';

const withoutSecond = (): Promise<StoreFixture> => {
  const clock = createVirtualClock(Date.UTC(2026, 0, 1));
  return Promise.resolve({ store: createMemoryStore({ clock }), clock });
};

describe('the contract runner', () => {
  it('gives every case a unique, stable name across all contracts', () => {
    const names = storeContract.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(70);
  });

  it('skips concurrency cases without a second handle, with the reason, and runs the rest', async () => {
    const results = await runContractCases(dedupeStoreContract.cases, { setup: withoutSecond });
    const skipped = results.filter((r) => r.status === 'skipped');
    expect(skipped).toEqual([{ name: 'dedupe: exactly one of many concurrent claims from two handles wins', status: 'skipped', reason: NO_SECOND_HANDLE }]);
    expect(results.filter((r) => r.status === 'passed')).toHaveLength(dedupeStoreContract.cases.length - 1);
  });

  it('skips a named case with the given reason', async () => {
    const name = 'dedupe: keys are independent';
    const results = await runContractCases(dedupeStoreContract.cases, { setup: withoutSecond, skip: { [name]: 'our keys are case-folded' } });
    expect(results.find((r) => r.name === name)).toEqual({ name, status: 'skipped', reason: 'our keys are case-folded' });
  });

  it('refuses a skip that names no test or gives no reason, so nothing is skipped silently', async () => {
    await expect(runContractCases(dedupeStoreContract.cases, { setup: withoutSecond, skip: { 'dedupe: keys are independant': 'typo' } }))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(runContractCases(dedupeStoreContract.cases, { setup: withoutSecond, skip: { 'dedupe: keys are independent': ' ' } }))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', field: 'skip["dedupe: keys are independent"]' });
  });

  it('runs teardown after every case, also after a failure', async () => {
    let setups = 0;
    let teardowns = 0;
    const results = await runContractCases(dedupeStoreContract.cases, {
      setup: async () => {
        setups++;
        const fixture = await withoutSecond();
        // A store whose claim always says "first": several cases must fail.
        const store = { ...fixture.store, dedupe: { ...fixture.store.dedupe, claim: () => Promise.resolve(true) } };
        return { ...fixture, store, second: store, teardown: () => {
          teardowns++;
        } };
      },
    });
    expect(results.some((r) => r.status === 'failed')).toBe(true);
    expect(teardowns).toBe(setups);
    expect(setups).toBe(dedupeStoreContract.cases.length);
  });
});
