import type { Credits } from '../core/credits.js';
import { addCredits, subtractCredits } from '../core/credits.js';
import type { SwitchboardError } from '../core/errors.js';
import { differingFields, ledgerError } from './errors.js';
import type { ValidReserve, ValidTopUp } from './inputs.js';
import { fingerprint } from './inputs.js';
import type { AccountRecord, LedgerStore, OperationRecord } from './store.js';
import type { Balance, Hold, LedgerErrorCode, Settlement, TopUpResult } from './types.js';

// The state transitions of the ledger. Each function runs inside one store transaction, reads
// what it needs, decides, and only then writes, so a refusal never leaves a partial change.

export function loadAccount(store: LedgerStore, account: string): AccountRecord {
  return store.getAccount(account) ?? { account, posted: 0 as Credits, held: 0 as Credits, rechargeSeq: 0, rechargeClaimedAt: null };
}

export function toBalance(record: AccountRecord): Balance {
  return { account: record.account, available: subtractCredits(record.posted, record.held), held: record.held, posted: record.posted };
}

/** Releases every hold of `account` whose `expiresAt <= now`; returns their settlements. */
export function expireHolds(store: LedgerStore, account: string, now: number): Settlement[] {
  const expired = store.expiredHolds(account, now);
  if (expired.length === 0) return [];
  const record = loadAccount(store, account);
  let held = record.held;
  const settlements: Settlement[] = [];
  for (const hold of expired) {
    const settlement: Settlement = { holdId: hold.id, account, status: 'expired', captured: 0 as Credits, released: hold.amount, at: now };
    held = subtractCredits(held, hold.amount);
    store.putHold({ ...hold, status: 'expired', settlement });
    store.appendEntry({ account, kind: 'expire', operationId: hold.id, amount: hold.amount, postedDelta: 0, heldDelta: negate(hold.amount), at: now });
    settlements.push(settlement);
  }
  store.putAccount({ ...record, held });
  return settlements;
}

/**
 * Looks up an earlier operation with the same id: returns its first result when the fields match,
 * throws `IDEMPOTENCY_CONFLICT` when they do not, `undefined` when the id is new.
 */
export function replay(store: LedgerStore, kind: OperationRecord['kind'], id: string, print: string): unknown {
  const existing = store.getOperation(id);
  if (existing === undefined) return undefined;
  if (existing.kind !== kind) {
    throw ledgerError('IDEMPOTENCY_CONFLICT', `Operation id "${id}" was already used for a ${existing.kind}, not a ${kind}`, {
      field: 'id', remedy: 'fix_input', details: { id, firstKind: existing.kind },
    });
  }
  if (existing.fingerprint !== print) {
    const fields = differingFields(existing.fingerprint, print);
    throw ledgerError('IDEMPOTENCY_CONFLICT', `Operation id "${id}" was already used with a different ${fields.join(', ')}`, {
      field: fields[0] ?? 'id', remedy: 'fix_input', details: { id, fields },
    });
  }
  return JSON.parse(existing.result);
}

export function topUpPrint(input: ValidTopUp): string {
  return fingerprint({ account: input.account, amount: input.amount, source: input.source });
}

export function applyTopUp(store: LedgerStore, input: ValidTopUp, now: number): TopUpResult {
  const record = loadAccount(store, input.account);
  const posted = addCredits(record.posted, input.amount);
  const next = { ...record, posted };
  store.putAccount(next);
  const entry = store.appendEntry({
    account: input.account, kind: 'top_up', operationId: input.id, amount: input.amount,
    postedDelta: input.amount, heldDelta: 0, at: now, note: input.source,
  });
  const result: TopUpResult = { id: input.id, account: input.account, amount: input.amount, source: input.source, balance: toBalance(next), entrySeq: entry.seq };
  store.putOperation({ id: input.id, kind: 'top_up', fingerprint: topUpPrint(input), result: JSON.stringify(result) });
  return result;
}

export function reservePrint(input: ValidReserve): string {
  return fingerprint({ account: input.account, amount: input.amount, expiresAt: input.expiresAt, reason: input.reason });
}

/** A recharge claimed by a reservation: the crossing number and the key derived from it. */
export interface RechargeClaim {
  account: string;
  seq: number;
  idempotencyKey: string;
  available: Credits;
}

export type ReserveOutcome =
  | { ok: true; hold: Hold; claim: RechargeClaim | undefined }
  | { ok: false; available: Credits };

/** Auto-recharge settings the reservation needs to decide on a claim. */
export interface RechargeRule {
  below: Credits;
  /** A claim older than this is taken as abandoned (its instance died) and run again, same key. */
  stuckAfterMs: number;
}

export function applyReserve(store: LedgerStore, input: ValidReserve, now: number, recharge: RechargeRule | undefined): ReserveOutcome {
  const record = loadAccount(store, input.account);
  const available = subtractCredits(record.posted, record.held);
  if (input.amount > available) return { ok: false, available };
  const hold: Hold = {
    id: input.id, account: input.account, amount: input.amount, reason: input.reason,
    createdAt: now, expiresAt: input.expiresAt, status: 'held',
  };
  const next: AccountRecord = { ...record, held: addCredits(record.held, input.amount) };
  const left = subtractCredits(available, input.amount);
  let claim: RechargeClaim | undefined;
  // Claiming inside the reservation's transaction is what makes "one recharge per crossing" hold
  // for concurrent reservations and for several ledger instances over one store. An abandoned
  // claim is resumed under the same crossing number, so the payment provider sees the same key.
  const claimed = record.rechargeClaimedAt;
  const abandoned = claimed !== null && recharge !== undefined && now - claimed >= recharge.stuckAfterMs;
  if (recharge !== undefined && left < recharge.below && (claimed === null || abandoned)) {
    next.rechargeSeq = abandoned ? record.rechargeSeq : record.rechargeSeq + 1;
    next.rechargeClaimedAt = now;
    claim = { account: input.account, seq: next.rechargeSeq, idempotencyKey: rechargeKey(input.account, next.rechargeSeq), available: left };
  }
  store.putHold(hold);
  store.putAccount(next);
  store.appendEntry({
    account: input.account, kind: 'hold', operationId: input.id, amount: input.amount,
    postedDelta: 0, heldDelta: input.amount, at: now, note: input.reason,
  });
  store.putOperation({ id: input.id, kind: 'reserve', fingerprint: reservePrint(input), result: JSON.stringify(hold) });
  return { ok: true, hold, claim };
}

/** The payment idempotency key of the `seq`-th recharge of an account. */
export function rechargeKey(account: string, seq: number): string {
  return `${account}:recharge:${seq}`;
}

/** Ends a claimed recharge so the next crossing may claim another. */
export function finishRecharge(store: LedgerStore, account: string, seq: number): void {
  const record = loadAccount(store, account);
  if (record.rechargeSeq === seq && record.rechargeClaimedAt !== null) store.putAccount({ ...record, rechargeClaimedAt: null });
}

export type SettleOutcome = { ok: true; settlement: Settlement } | { ok: false; error: SwitchboardError<LedgerErrorCode> };

export function applyCapture(store: LedgerStore, hold: Hold, amount: Credits | undefined, now: number): SettleOutcome {
  const wanted = amount ?? hold.amount;
  const done = hold.settlement;
  if (hold.status === 'expired') {
    return refuse('HOLD_EXPIRED', `Hold "${hold.id}" expired at ${new Date(hold.expiresAt).toISOString()}; its credits were released`, hold);
  }
  if (done !== undefined) {
    if (done.status === 'captured' && done.captured === wanted) return { ok: true, settlement: done };
    return refuse('HOLD_ALREADY_RESOLVED', `Hold "${hold.id}" was already ${done.status}${done.status === 'captured' ? ` for ${done.captured} credits` : ''}`, hold);
  }
  if (wanted > hold.amount) {
    return refuse('CAPTURE_EXCEEDS_HOLD', `Cannot capture ${wanted} credits from hold "${hold.id}" of ${hold.amount}`, hold, 'amount');
  }
  return settle(store, hold, 'captured', wanted, now);
}

export function applyRelease(store: LedgerStore, hold: Hold, now: number): SettleOutcome {
  const done = hold.settlement;
  if (done === undefined) return settle(store, hold, 'released', 0 as Credits, now);
  if (done.status === 'captured') return refuse('HOLD_ALREADY_RESOLVED', `Hold "${hold.id}" was already captured`, hold);
  return { ok: true, settlement: done };
}

function settle(store: LedgerStore, hold: Hold, status: 'captured' | 'released', captured: Credits, now: number): SettleOutcome {
  const record = loadAccount(store, hold.account);
  const released = subtractCredits(hold.amount, captured);
  const settlement: Settlement = { holdId: hold.id, account: hold.account, status, captured, released, at: now };
  store.putHold({ ...hold, status, settlement });
  store.putAccount({ ...record, posted: subtractCredits(record.posted, captured), held: subtractCredits(record.held, hold.amount) });
  store.appendEntry({
    account: hold.account, kind: status === 'captured' ? 'capture' : 'release', operationId: hold.id,
    amount: status === 'captured' ? captured : released, postedDelta: negate(captured), heldDelta: negate(hold.amount), at: now,
  });
  return { ok: true, settlement };
}

function refuse(code: LedgerErrorCode, message: string, hold: Hold, field = 'holdId'): SettleOutcome {
  return {
    ok: false,
    error: ledgerError(code, message, { field, details: { holdId: hold.id, status: hold.status, ...(hold.settlement === undefined ? {} : { settlement: hold.settlement }) } }),
  };
}

/** `-n` without producing `-0`, which would make replayed journals compare unequal. */
function negate(n: number): number {
  return n === 0 ? 0 : -n;
}
