import type { VirtualClock } from '../../core/clock.js';
import type { Store } from '../../ports/store.js';

/** The kinds of stored records an `inspect` hook can read back raw. */
export type StoredRecordKind = 'contact' | 'conversation' | 'message' | 'template' | 'cannedResponse' | 'consent' | 'outboxJob';

/** Fresh storage for one test, built by the descriptor's `setup`. */
export interface StoreFixture {
  /** The store under test, on empty storage, reading time from `clock`. */
  store: Store;
  /**
   * A second handle onto the same storage, as a second app instance would have (a second
   * database connection). Concurrency cases are skipped, with a reason, when it is absent.
   */
  second?: Store;
  /** The virtual clock both handles read time from; the contract moves it. */
  clock: VirtualClock;
  /** Called after the test, pass or fail (close connections, delete files). */
  teardown?: () => void | Promise<void>;
}

/**
 * Reads a record straight from storage, bypassing the ports, so the contract can prove writes
 * really landed (and deletes really removed). Resolve null when there is no such record.
 */
export type InspectHook = (fixture: StoreFixture, kind: StoredRecordKind, id: string) => Promise<unknown>;

/** How a contract reaches the host's implementation. */
export interface ContractDescriptor {
  /** Fresh, empty storage per test. */
  setup: () => Promise<StoreFixture>;
  /** Optional raw read-back; cases that use it check nothing extra without it. */
  inspect?: InspectHook;
  /**
   * Tests to skip, by exact test name, each with the reason (shown in the report). Unknown names
   * and empty reasons are refused so a renamed test is never skipped silently.
   */
  skip?: Readonly<Record<string, string>>;
}

/** What a case receives. */
export interface CaseContext {
  store: Store;
  /** The second handle for concurrency cases (`needsSecond`); other cases get `store` here. */
  second: Store;
  clock: VirtualClock;
  /** Raw read-back, when the descriptor gave an `inspect` hook. */
  inspect: ((kind: StoredRecordKind, id: string) => Promise<unknown>) | undefined;
}

/** One named, isolated contract test. */
export interface ContractCase {
  /** Stable across releases; used in reports and `skip`. Unique across all contracts. */
  readonly name: string;
  /** Needs two handles onto one storage (concurrency); skipped with a reason without `second`. */
  readonly needsSecond?: boolean;
  /** Runs the case against the context's store; rejects (with an assertion error) when the implementation breaks the rule. */
  run(ctx: CaseContext): Promise<void>;
}
