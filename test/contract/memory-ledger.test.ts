import { createMemoryLedger, createMemoryLedgerState } from '../../src/ledger/index.js';
import type { LedgerStore } from '../../src/ledger/index.js';
import { ledgerContract } from '../../src/testing/ledger.js';

const states = new WeakMap<object, LedgerStore>();

ledgerContract({
  name: 'memory ledger passes the CreditsLedger contract',
  setup: ({ clock, autoRecharge }) => {
    const state = createMemoryLedgerState();
    const options = { state, clock, ...(autoRecharge === undefined ? {} : { autoRecharge }) };
    const ledger = createMemoryLedger(options);
    states.set(ledger, state);
    return Promise.resolve({ ledger, second: createMemoryLedger(options) });
  },
  inspect: ({ ledger }, account) => {
    const state = states.get(ledger);
    if (state === undefined) throw new Error('unknown harness');
    const record = state.transaction(() => state.getAccount(account));
    return Promise.resolve({ posted: record?.posted ?? 0, held: record?.held ?? 0 });
  },
});
