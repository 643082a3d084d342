import { SwitchboardError } from '../../../src/core/errors.js';
import { createMemoryLedger, createMemoryLedgerState } from '../../../src/ledger/index.js';
import type {
  Balance, CreditsLedger, EntriesOptions, EntriesPage, Hold, LedgerEvents, ReserveInput, TopUpInput,
} from '../../../src/ledger/index.js';
import type { LedgerSetupOptions } from '../../../src/testing/ledger.js';

// A deliberately broken ledger, the contract's canary: it checks the balance, awaits, then acts
// (so concurrent reservations all pass the same check), and claims auto-recharges with a flag
// and a counter kept per instance instead of in the shared store. Underneath it keeps its
// figures in a real memory ledger that grants every account a hidden overdraft facility, which
// is what lets the race show up as a negative balance.

const FACILITY = 1_000_000;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

class RacyLedger implements CreditsLedger {
  #pending = false;
  #crossings = 0;
  readonly #running = new Set<Promise<void>>();

  constructor(private readonly inner: CreditsLedger, private readonly options: LedgerSetupOptions) {}

  async #facility(account: string): Promise<void> {
    await this.inner.topUp({ id: `facility:${account}`, account, amount: FACILITY, source: 'facility' });
  }

  async balance(account: string): Promise<Balance> {
    await this.#facility(account);
    const b = await this.inner.balance(account);
    return { ...b, available: (b.available - FACILITY) as Balance['available'], posted: (b.posted - FACILITY) as Balance['posted'] };
  }

  async topUp(input: TopUpInput) {
    await this.#facility(input.account);
    const result = await this.inner.topUp(input);
    return { ...result, balance: await this.balance(input.account) };
  }

  async reserve(input: ReserveInput): Promise<Hold> {
    const { available } = await this.balance(input.account);
    await tick();
    if (input.amount > available) {
      throw new SwitchboardError('INSUFFICIENT_CREDITS', 'not enough credits', { remedy: 'top_up' });
    }
    const hold = await this.inner.reserve(input);
    const recharge = this.options.autoRecharge;
    if (recharge !== undefined) {
      const after = await this.balance(input.account);
      await tick();
      if (after.available < recharge.below && !this.#pending) {
        this.#pending = true;
        this.#crossings += 1;
        const key = `${input.account}:recharge:${this.#crossings}`;
        const run = recharge.pay({ account: input.account, amount: recharge.topUp as Balance['posted'], idempotencyKey: key })
          .then(async () => { await this.inner.topUp({ id: key, account: input.account, amount: recharge.topUp, source: 'auto_recharge' }); })
          .catch(() => undefined)
          .finally(() => { this.#pending = false; this.#running.delete(run); });
        this.#running.add(run);
      }
    }
    return hold;
  }

  capture = (input: Parameters<CreditsLedger['capture']>[0]) => this.inner.capture(input);
  release = (input: Parameters<CreditsLedger['release']>[0]) => this.inner.release(input);
  getHold = (holdId: string) => this.inner.getHold(holdId);

  async entries(account: string, options?: EntriesOptions): Promise<EntriesPage> {
    await this.#facility(account);
    const page = await this.inner.entries(account, options);
    return { ...page, entries: page.entries.filter((e) => e.note !== 'facility') };
  }

  async whenIdle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  on<E extends keyof LedgerEvents>(event: E, listener: (payload: LedgerEvents[E]) => unknown): this {
    this.inner.on(event, listener);
    return this;
  }

  off<E extends keyof LedgerEvents>(event: E, listener: (payload: LedgerEvents[E]) => unknown): this {
    this.inner.off(event, listener);
    return this;
  }
}

/** Two racy instances over one memory state, shaped like a contract `setup`. */
export function setupRacyLedger(options: LedgerSetupOptions): Promise<{ ledger: CreditsLedger; second: CreditsLedger }> {
  const state = createMemoryLedgerState();
  const make = () => new RacyLedger(createMemoryLedger({ state, clock: options.clock }), options);
  return Promise.resolve({ ledger: make(), second: make() });
}
