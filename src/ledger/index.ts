// --- The credits ledger: pre-paid message credits, holds, settlement, auto-recharge ------------
export { createMemoryLedger, createMemoryLedgerState } from './memory.js';
export type { MemoryLedgerOptions, MemoryLedgerState } from './memory.js';
export type {
  CreditsLedger, Balance, TopUpInput, TopUpResult, ReserveInput, Hold, HoldStatus, CaptureInput,
  ReleaseInput, Settlement, JournalEntry, EntryKind, EntriesOptions, EntriesPage,
  AutoRechargeOptions, PayPort, PaymentRequest, LedgerEvents, LedgerErrorCode, LedgerError,
} from './types.js';

// --- Prices as data: channel × category × country × window state, dated -----------------------
export { definePriceBook } from './price-book.js';
export type {
  PriceBook, PriceBookDefinition, PriceRule, PriceRuleInput, PriceCategory, WindowState, Quote,
  QuoteInput, WhatsAppPricing,
} from './price-book.js';
export { META_SERVICE_CHARGES_FROM } from './whatsapp-pricing.js';

// --- For storage authors: the ledger's rules over your own database -----------------------------
// (the SQLite example in examples/sqlite implements LedgerStore on node:sqlite)
export { createCreditsLedger } from './credits-ledger.js';
export type { CreditsLedgerOptions } from './credits-ledger.js';
export type { LedgerStore, AccountRecord, OperationRecord } from './store.js';
