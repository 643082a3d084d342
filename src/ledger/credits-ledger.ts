import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { UnhandledListenerError } from '../core/events.js';
import { TypedEmitter } from '../core/events.js';
import { toSwitchboardError } from '../core/errors.js';
import { parseWith } from '../core/validation.js';
import { ledgerError } from './errors.js';
import type { ValidAutoRecharge } from './inputs.js';
import {
  encodeCursor, parseAccount, parseAutoRecharge, parseCapture, parseEntriesOptions, parseHoldId,
  parseRelease, parseReserve, parseTopUp,
} from './inputs.js';
import type { LedgerStore } from './store.js';
import type { RechargeClaim, SettleOutcome } from './transitions.js';
import {
  applyCapture, applyRelease, applyReserve, applyTopUp, expireHolds, finishRecharge, loadAccount,
  replay, reservePrint, toBalance, topUpPrint,
} from './transitions.js';
import type {
  AutoRechargeOptions, Balance, CaptureInput, CreditsLedger, EntriesOptions, EntriesPage, Hold,
  LedgerEvents, ReleaseInput, ReserveInput, Settlement, TopUpInput, TopUpResult,
} from './types.js';

/** Options of {@link createCreditsLedger}; validated once, `INVALID_CONFIG` naming the bad one. */
export interface CreditsLedgerOptions {
  /** Where accounts, holds and the journal live. Several ledgers may share one store. */
  store: LedgerStore;
  /** Time source for hold expiry and journal timestamps; defaults to the system clock. */
  clock?: Clock;
  /** Tops the account up through the host's payment port when it runs low. */
  autoRecharge?: AutoRechargeOptions;
  /** Where listener failures go when nobody listens to `error` (see `TypedEmitter`). */
  onUnhandledListenerError?: UnhandledListenerError;
}

const optionsShape = z.object({
  store: z.custom<LedgerStore>((value) => typeof value === 'object' && value !== null && typeof (value as { transaction?: unknown }).transaction === 'function', 'must be a LedgerStore'),
  clock: z.custom<Clock>((value) => typeof value === 'object' && value !== null && typeof (value as { now?: unknown }).now === 'function', 'must be a Clock ({ now(): number })').optional(),
  autoRecharge: z.unknown().optional(),
  onUnhandledListenerError: z.unknown().optional(),
});

/**
 * A {@link CreditsLedger} over any {@link LedgerStore}: the rules (validation, idempotency, no
 * overdraft, holds that resolve once, expiry by the clock, one auto-recharge per crossing) live
 * here, the store only has to make `transaction` atomic.
 *
 * @throws SwitchboardError `INVALID_CONFIG` naming the bad option.
 * @example
 * const ledger = createCreditsLedger({ store: myStore, clock, autoRecharge: { below: 500, topUp: 5_000, pay } });
 */
export function createCreditsLedger(options: CreditsLedgerOptions): CreditsLedger {
  const parsed = parseWith(optionsShape, options, 'credits ledger options', 'INVALID_CONFIG');
  return new StoreCreditsLedger(parsed.store, parsed.clock ?? systemClock, parseAutoRecharge(options.autoRecharge), options.onUnhandledListenerError);
}

class StoreCreditsLedger implements CreditsLedger {
  readonly #store: LedgerStore;
  readonly #clock: Clock;
  readonly #recharge: ValidAutoRecharge | undefined;
  readonly #events: TypedEmitter<LedgerEvents>;
  readonly #running = new Set<Promise<void>>();

  constructor(store: LedgerStore, clock: Clock, recharge: ValidAutoRecharge | undefined, onUnhandled: UnhandledListenerError | undefined) {
    this.#store = store;
    this.#clock = clock;
    this.#recharge = recharge;
    this.#events = new TypedEmitter(onUnhandled === undefined ? {} : { onUnhandledError: onUnhandled });
  }

  balance(account: string): Promise<Balance> {
    return this.#run(() => {
      const name = parseAccount(account);
      const { expired, balance } = this.#store.transaction(() => ({
        expired: expireHolds(this.#store, name, this.#clock.now()),
        balance: toBalance(loadAccount(this.#store, name)),
      }));
      this.#emitExpired(expired);
      return balance;
    });
  }

  topUp(input: TopUpInput): Promise<TopUpResult> {
    return this.#run(() => {
      const valid = parseTopUp(input);
      const step = this.#store.transaction(() => {
        const first = replay(this.#store, 'top_up', valid.id, topUpPrint(valid)) as TopUpResult | undefined;
        if (first !== undefined) return { result: first, expired: [] };
        const now = this.#clock.now();
        const expired = expireHolds(this.#store, valid.account, now);
        return { result: applyTopUp(this.#store, valid, now), expired };
      });
      this.#emitExpired(step.expired);
      return step.result;
    });
  }

  reserve(input: ReserveInput): Promise<Hold> {
    return this.#run(() => {
      const valid = parseReserve(input);
      const step = this.#store.transaction(() => {
        const first = replay(this.#store, 'reserve', valid.id, reservePrint(valid)) as Hold | undefined;
        if (first !== undefined) return { first };
        const now = this.#clock.now();
        if (valid.expiresAt <= now) {
          throw ledgerError('INVALID_INPUT', `reserve expiresAt (${new Date(valid.expiresAt).toISOString()}) must be after the current time`, { field: 'expiresAt', remedy: 'fix_input' });
        }
        const expired = expireHolds(this.#store, valid.account, now);
        return { expired, outcome: applyReserve(this.#store, valid, now, this.#recharge) };
      });
      if ('first' in step) return step.first;
      this.#emitExpired(step.expired);
      const { outcome } = step;
      if (!outcome.ok) {
        this.#events.emit('credits.insufficient', { account: valid.account, operationId: valid.id, requested: valid.amount, available: outcome.available });
        throw ledgerError('INSUFFICIENT_CREDITS', `Account "${valid.account}" has ${outcome.available} credits available, ${valid.amount} needed`, {
          field: 'amount', remedy: 'top_up', details: { account: valid.account, requested: valid.amount, available: outcome.available },
        });
      }
      this.#events.emit('credits.reserved', { hold: outcome.hold });
      if (outcome.claim !== undefined) this.#startRecharge(outcome.claim);
      return outcome.hold;
    });
  }

  capture(input: CaptureInput): Promise<Settlement> {
    return this.#run(() => {
      const valid = parseCapture(input);
      return this.#settle(valid.holdId, (hold, now) => applyCapture(this.#store, hold, valid.amount, now), 'credits.captured');
    });
  }

  release(input: ReleaseInput): Promise<Settlement> {
    return this.#run(() => {
      const valid = parseRelease(input);
      return this.#settle(valid.holdId, (hold, now) => applyRelease(this.#store, hold, now), 'credits.released');
    });
  }

  getHold(holdId: string): Promise<Hold | undefined> {
    return this.#run(() => {
      const id = parseHoldId(holdId);
      const { expired, hold } = this.#store.transaction(() => {
        const found = this.#store.getHold(id);
        if (found === undefined) return { expired: [], hold: undefined };
        return { expired: expireHolds(this.#store, found.account, this.#clock.now()), hold: this.#store.getHold(id) };
      });
      this.#emitExpired(expired);
      return hold;
    });
  }

  entries(account: string, options: EntriesOptions = {}): Promise<EntriesPage> {
    return this.#run(() => {
      const name = parseAccount(account);
      const { afterSeq, limit } = parseEntriesOptions(options);
      const { expired, rows } = this.#store.transaction(() => ({
        expired: expireHolds(this.#store, name, this.#clock.now()),
        rows: this.#store.listEntries(name, afterSeq, limit + 1),
      }));
      this.#emitExpired(expired);
      const entries = rows.slice(0, limit);
      const last = entries.at(-1);
      return rows.length > limit && last !== undefined ? { entries, next: encodeCursor(last.seq) } : { entries };
    });
  }

  async whenIdle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  on<E extends keyof LedgerEvents>(event: E, listener: (payload: LedgerEvents[E]) => unknown): this {
    this.#events.on(event, listener);
    return this;
  }

  off<E extends keyof LedgerEvents>(event: E, listener: (payload: LedgerEvents[E]) => unknown): this {
    this.#events.off(event, listener);
    return this;
  }

  // Every operation's body is synchronous (one store transaction), so nothing can interleave
  // between its check and its write; async only wraps the result and turns throws into rejections.
  #run<T>(body: () => T): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(toSwitchboardError(error));
    }
  }

  #settle(holdId: string, apply: (hold: Hold, now: number) => SettleOutcome, event: 'credits.captured' | 'credits.released'): Settlement {
    const step = this.#store.transaction(() => {
      const found = this.#store.getHold(holdId);
      if (found === undefined) return undefined;
      const now = this.#clock.now();
      const expired = expireHolds(this.#store, found.account, now);
      const current = this.#store.getHold(holdId) ?? found;
      return { expired, fresh: current.status === 'held', outcome: apply(current, now) };
    });
    if (step === undefined) throw ledgerError('HOLD_NOT_FOUND', `No hold has id "${holdId}"`, { field: 'holdId', details: { holdId } });
    this.#emitExpired(step.expired);
    if (!step.outcome.ok) throw step.outcome.error;
    if (step.fresh) this.#events.emit(event, { settlement: step.outcome.settlement });
    return step.outcome.settlement;
  }

  #emitExpired(settlements: readonly Settlement[]): void {
    for (const settlement of settlements) this.#events.emit('credits.released', { settlement });
  }

  #startRecharge(claim: RechargeClaim): void {
    const recharge = this.#recharge;
    if (recharge === undefined) return;
    this.#events.emit('credits.low', { account: claim.account, available: claim.available, below: recharge.below, idempotencyKey: claim.idempotencyKey });
    const running: Promise<void> = this.#runRecharge(claim, recharge).finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  // `pay` is called synchronously from here (before the first await), so by the time `reserve`
  // resolves the payment has been requested; the claim was already recorded in the store.
  async #runRecharge(claim: RechargeClaim, recharge: ValidAutoRecharge): Promise<void> {
    const { account, seq, idempotencyKey } = claim;
    const amount = recharge.topUp;
    try {
      await recharge.pay({ account, amount, idempotencyKey });
      const result = this.#store.transaction(() => {
        const topUp = { id: idempotencyKey, account, amount, source: 'auto_recharge' };
        const now = this.#clock.now();
        const expired = expireHolds(this.#store, account, now);
        const done = (replay(this.#store, 'top_up', topUp.id, topUpPrint(topUp)) as TopUpResult | undefined) ?? applyTopUp(this.#store, topUp, now);
        finishRecharge(this.#store, account, seq);
        return { done, expired };
      });
      this.#emitExpired(result.expired);
      this.#events.emit('credits.recharged', { account, amount, idempotencyKey, balance: result.done.balance });
    } catch (error) {
      this.#events.emit('credits.recharge_failed', { account, amount, idempotencyKey, error });
      try {
        this.#store.transaction(() => { finishRecharge(this.#store, account, seq); });
      } catch (storeError) {
        // The claim stays in flight, so no second recharge can start for this crossing.
        this.#events.emit('credits.recharge_failed', { account, amount, idempotencyKey, error: storeError });
      }
    }
  }
}
