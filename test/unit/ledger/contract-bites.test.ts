import { describe, expect, it } from 'vitest';
import { ledgerContract, runLedgerCase } from '../../../src/testing/ledger.js';
import { setupRacyLedger } from './racy-ledger.js';

// A contract that cannot fail proves nothing: run its cases against a check-then-act ledger.
const byName = (name: string) => {
  const found = ledgerContract.cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no contract case named "${name}"`);
  return found;
};

describe('the ledger contract fails a racy (check, await, act) ledger', () => {
  it.each([
    'concurrency: 100 concurrent reservations of 7 against 50 on two instances → exactly 7 succeed',
    'auto-recharge: exactly one recharge per crossing with concurrent reservations on two instances',
  ])('%s', async (name) => {
    await expect(runLedgerCase(byName(name), { setup: setupRacyLedger })).rejects.toMatchObject({ name: 'AssertionError' });
  });

  it('while the same racy ledger passes the sequential cases it does implement correctly', async () => {
    for (const name of [
      'topUp adds to posted and available credits',
      'no overdraft: a reservation larger than available is refused with INSUFFICIENT_CREDITS and changes nothing',
      'capture ≤ hold: a partial capture releases the rest',
      'auto-recharge: no recharge while reservations leave at least the minimum',
    ]) {
      await runLedgerCase(byName(name), { setup: setupRacyLedger });
    }
  });

  it('names every case uniquely, so skips and reports are unambiguous', () => {
    const names = ledgerContract.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
