// The credits ledger's rules, shared with `createCreditsLedger` so this ledger behaves exactly
// like the SDK's (validation, idempotent replay, no overdraft, holds that resolve once, expiry,
// one auto-recharge per crossing). `createCreditsLedger` needs a synchronous `LedgerStore`, which
// `pg` cannot offer; this example runs the same transitions on a snapshot of one account loaded
// inside an asynchronous SQL transaction (see ledger-snapshot.ts).
//
// Only `LedgerStore`, `AccountRecord`, `OperationRecord` and the ledger types are in the public
// `switchboard` API today; the transition and input helpers below are imported from the sources.
export type {
  AccountRecord, AutoRechargeOptions, Balance, CaptureInput, CreditsLedger, EntriesOptions, EntriesPage, Hold, JournalEntry,
  LedgerEvents, LedgerStore, OperationRecord, ReleaseInput, ReserveInput, Settlement, TopUpInput, TopUpResult,
} from '../../src/ledger/index.js';
export { ledgerError } from '../../src/ledger/errors.js';
export type { ValidAutoRecharge } from '../../src/ledger/inputs.js';
export {
  encodeCursor, parseAccount, parseAutoRecharge, parseCapture, parseEntriesOptions, parseHoldId, parseRelease, parseReserve, parseTopUp,
} from '../../src/ledger/inputs.js';
export type { RechargeClaim, SettleOutcome } from '../../src/ledger/transitions.js';
export {
  applyCapture, applyRelease, applyReserve, applyTopUp, expireHolds, finishRecharge, loadAccount, replay, reservePrint, toBalance,
  topUpPrint,
} from '../../src/ledger/transitions.js';
export { TypedEmitter } from '../../src/core/events.js';
export type { UnhandledListenerError } from '../../src/core/events.js';
