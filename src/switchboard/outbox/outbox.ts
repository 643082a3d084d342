import { SwitchboardError, hasErrorCode } from '../../core/errors.js';
import type { OutboxJobId } from '../../core/ids.js';
import { parseId } from '../../core/ids.js';
import type { Message } from '../../model/message.js';
import type { OutboxJob } from '../../model/outbox.js';
import type { Page } from '../../ports/page.js';
import { facadeError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { DeliveryOutcome } from './deliver.js';
import { attemptBudgetMs, deliver, fail, markUnknown } from './deliver.js';

/** What one `outbox.run` did. */
export interface OutboxRunReport {
  /** Jobs leased and handled. */
  processed: number;
  sent: number;
  /** Refused for good by the provider (the message is `failed`). */
  failed: number;
  /** Rescheduled for a delayed retry. */
  retried: number;
  deadLettered: number;
  /** Jobs whose message was never stored (the send stopped in between); completed, their hold released. */
  orphaned: number;
  /**
   * Ambiguous sends (`unknown`, channel without idempotent sends) put back to wait for the
   * provider's status webhook until `outbox.reconcileAfterMs` has passed; then they are failed
   * with `SEND_OUTCOME_UNKNOWN` (counted in `failed`).
   */
  awaitingStatus: number;
}

/** The outbox of a Switchboard: provider sends waiting to run, retried in three levels. */
export interface SwitchboardOutbox {
  /**
   * Sends every due job once and returns: leases jobs (this instance is the lease owner), makes
   * one attempt each and records the result. A transient failure is retried after the next of
   * `outbox.retryDelaysMs` (or the provider's `Retry-After`, when longer); when they are used
   * up the job is dead-lettered with the reason and `message.failed` is emitted. Call it on a
   * timer or in a worker loop; several instances may run it at once (leases never hand a job
   * to two of them).
   */
  run(options?: { signal?: AbortSignal; limit?: number }): Promise<OutboxRunReport>;
  /** Dead-lettered jobs, oldest first, with `deadReason` and `lastError`. */
  deadLetters(cursor?: string, limit?: number): Promise<Page<OutboxJob>>;
  /**
   * Puts a dead-lettered job back for the next `run` with a fresh retry budget. The same
   * message (id, idempotency key) is sent, so the customer gets it once and its credits are
   * charged once: the hold reserved at `send` is still held (dead letters keep it until it
   * expires after `billing.holdTtlMs`).
   *
   * A message with an ambiguous attempt (status `unknown`: a request whose answer was lost, so
   * the provider may already have it) is replayed only within the channel's
   * `capabilities.idempotencyWindowMs` of that attempt (VK remembers a `random_id` for about an
   * hour): later, the provider would no longer recognise the repeat and the customer could get
   * the message twice, so the replay is refused. Check with the customer (or the provider's
   * dialog) and, if it never arrived, send it again as a new message.
   * @throws SwitchboardError `NOT_FOUND`; `CONFLICT` when the job is not dead;
   *   `DEAD_LETTER_NOT_RETRYABLE` when its credits hold expired (send it again as a new
   *   message), or when its ambiguous attempt is older than the provider's idempotency window
   *   (`details.unknownSince`, `details.idempotencyWindowMs`).
   */
  retryDeadLetter(id: string): Promise<OutboxJob>;
}

const BATCH = 25;

/** Releases the hold a send may have taken under the message id; no hold, or one already resolved, is fine. */
async function releaseOrphanHold(rt: Runtime, holdId: string): Promise<void> {
  if (rt.ledger === undefined) return;
  try {
    await rt.ledger.release({ holdId });
  } catch (error) {
    if (!hasErrorCode(error, 'HOLD_NOT_FOUND') && !hasErrorCode(error, 'HOLD_ALREADY_RESOLVED') && !hasErrorCode(error, 'HOLD_EXPIRED')) throw error;
  }
}

/** Refuses to replay a message whose ambiguous attempt the provider no longer de-duplicates (see `retryDeadLetter`). */
async function refuseStaleAmbiguousReplay(rt: Runtime, job: OutboxJob): Promise<void> {
  const message = await rt.store.messages.getById(job.messageId);
  if (message?.status !== 'unknown') return;
  const windowMs = rt.channels.get(message.channel, message.accountId).capabilities.idempotencyWindowMs;
  const since = message.timestamps.unknown;
  if (windowMs === undefined || since === undefined || rt.clock.now() - since < windowMs) return;
  throw facadeError(
    'DEAD_LETTER_NOT_RETRYABLE',
    `Message ${message.id} had an attempt whose answer was lost ${Math.round((rt.clock.now() - since) / 60_000)} min ago; ${message.channel} de-duplicates a repeated send only for ${Math.round(windowMs / 60_000)} min, so a replay could reach the customer twice. Check whether the customer got it; if not, send it again as a new message`,
    { field: 'id', remedy: 'none', details: { jobId: job.id, messageId: message.id, unknownSince: since, idempotencyWindowMs: windowMs } },
  );
}

/** Creates the outbox runner over the runtime's store and adapters. */
export function createOutbox(rt: Runtime): SwitchboardOutbox {
  const owner = rt.config.outbox.instanceId;

  async function handle(job: OutboxJob, signal: AbortSignal | undefined, report: OutboxRunReport): Promise<void> {
    let message = await rt.store.messages.getById(job.messageId);
    if (message === null) {
      // The send stopped between enqueueing the job and storing the message (or lost a race on
      // its idempotency key): nothing was sent; give back a hold it may have taken (same id).
      await releaseOrphanHold(rt, job.messageId);
      await rt.store.outbox.complete(job.id, owner);
      report.orphaned++;
      return;
    }
    const adapter = rt.channels.get(message.channel, message.accountId);
    if (!adapter.capabilities.idempotentSends) {
      // The previous attempt died after its request may have left (crash, killed process): the
      // provider may have the message, and it does not de-duplicate, so it is not sent again.
      if (message.status === 'queued' && job.inFlightAt !== undefined) {
        rt.logger.warn({ messageId: message.id, channel: message.channel, inFlightAt: job.inFlightAt }, 'An earlier send attempt stopped mid-flight; waiting for the provider\'s status webhook instead of sending again');
        message = await markUnknown(rt, message);
      }
      if (message.status === 'unknown') {
        await reconcile(job, message, report);
        return;
      }
    }
    // Past the lease another worker may take the job: stop the attempt before then.
    const budget = attemptBudgetMs(rt.config.outbox.leaseMs, (job.leaseExpiresAt ?? rt.clock.now()) - rt.clock.now());
    if (budget <= 0) return;
    const outcome: DeliveryOutcome = await deliver(rt, message, { signal, deadline: AbortSignal.timeout(budget), onCallerAbort: 'retry', job: { id: job.id, owner } });
    // A shutdown stopped the attempt before it was sent: leave the job leased; it is taken again once the lease expires.
    if (outcome.kind === 'retry' && outcome.error.code === 'ABORTED' && signal?.aborted === true) return;
    if (outcome.kind === 'unknown') {
      await reconcile(job, outcome.message, report);
      return;
    }
    if (outcome.kind === 'refused_after_unknown') {
      const reason = `Refused for good (${outcome.error.code}: ${outcome.error.message}) after an earlier attempt whose answer was lost: the provider may already have delivered the message, so it is not marked failed and its credits hold is kept; check with the customer, then release the hold or replay the job`;
      await deadLetter(job, outcome.message, outcome.error, reason, report);
      return;
    }
    if (outcome.kind !== 'retry') {
      await rt.store.outbox.complete(job.id, owner);
      if (outcome.kind === 'sent') report.sent++;
      if (outcome.kind === 'failed') report.failed++;
      return;
    }
    const delays = rt.config.outbox.retryDelaysMs;
    const delay = delays[job.attempts - 1];
    const reason = `${outcome.error.code}: ${outcome.error.message}`.slice(0, 2048);
    if (delay !== undefined) {
      await rt.store.outbox.reschedule(job.id, owner, { runAt: rt.clock.now() + Math.max(delay, outcome.error.retryAfterMs ?? 0), error: reason });
      report.retried++;
      return;
    }
    await deadLetter(job, outcome.message ?? message, outcome.error, `Dead-lettered after ${job.attempts} outbox attempt(s) (${delays.length} delayed retries used): ${reason}`, report);
  }

  async function deadLetter(job: OutboxJob, message: Message, error: SwitchboardError, reason: string, report: OutboxRunReport): Promise<void> {
    await rt.store.outbox.deadLetter(job.id, owner, reason.slice(0, 2048));
    rt.metrics.deadLettered(1);
    report.deadLettered++;
    rt.events.emit('message.failed', { message, error });
  }

  /**
   * An ambiguous send on a channel without idempotent sends is never sent again: it waits for
   * the provider's status webhook until `reconcileAfterMs` after it became `unknown`; with no
   * status by then it most likely never reached the provider, and is failed (hold released).
   */
  async function reconcile(job: OutboxJob, message: Message, report: OutboxRunReport): Promise<void> {
    const reconcileAfterMs = rt.config.outbox.reconcileAfterMs;
    const due = (message.timestamps.unknown ?? job.createdAt) + reconcileAfterMs;
    if (rt.clock.now() < due) {
      await rt.store.outbox.reschedule(job.id, owner, { runAt: due, error: 'SEND_OUTCOME_UNKNOWN: waiting for the provider\'s status webhook of an ambiguous send' });
      report.awaitingStatus++;
      return;
    }
    const error = new SwitchboardError(
      'SEND_OUTCOME_UNKNOWN',
      `No status came from ${message.channel} within ${Math.round(reconcileAfterMs / 60_000)} min of a send whose outcome was unknown; it most likely never reached the provider and was not sent again`,
      { provider: message.channel, retryable: false },
    );
    await fail(rt, rt.channels.get(message.channel, message.accountId), message, error);
    await rt.store.outbox.complete(job.id, owner);
    report.failed++;
  }

  return {
    async run(options = {}) {
      const report: OutboxRunReport = { processed: 0, sent: 0, failed: 0, retried: 0, deadLettered: 0, orphaned: 0, awaitingStatus: 0 };
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      // A function, not an inline check: the signal can fire between any two awaits.
      const stopped = (): boolean => options.signal?.aborted === true;
      while (report.processed < limit && !stopped()) {
        const jobs = await rt.store.outbox.lease({ owner, limit: Math.min(BATCH, limit - report.processed), leaseMs: rt.config.outbox.leaseMs });
        if (jobs.length === 0) break;
        for (const job of jobs) {
          if (stopped()) break;
          try {
            await handle(job, options.signal, report);
          } catch (error) {
            // Another worker took the job after our lease expired: it finishes the job.
            if (!hasErrorCode(error, 'LEASE_LOST')) rt.reportError(error, 'outbox.run');
          }
          report.processed++;
        }
      }
      return report;
    },

    async deadLetters(cursor, limit) {
      return await rt.store.outbox.listDeadLetters({ ...(cursor === undefined ? {} : { cursor }), ...(limit === undefined ? {} : { limit }) });
    },

    async retryDeadLetter(id) {
      const jobId: OutboxJobId = parseId('job', id, 'id');
      const job = await rt.store.outbox.get(jobId);
      if (job === null) throw new SwitchboardError('NOT_FOUND', `No outbox job ${id}`, { field: 'id' });
      if (job.status !== 'dead') throw new SwitchboardError('CONFLICT', `Outbox job ${id} is ${job.status}, not dead-lettered`, { field: 'id' });
      if (rt.ledger !== undefined) {
        const hold = await rt.ledger.getHold(job.messageId);
        if (hold !== undefined && hold.status !== 'held') {
          throw facadeError('DEAD_LETTER_NOT_RETRYABLE', `The credits hold of message ${job.messageId} is ${hold.status}; send the message again as a new one`, {
            field: 'id', remedy: 'none', details: { jobId: id, messageId: job.messageId, hold: hold.status },
          });
        }
      }
      await refuseStaleAmbiguousReplay(rt, job);
      const requeued = await rt.store.outbox.requeue(jobId, rt.clock.now());
      rt.metrics.deadLettered(-1);
      return requeued;
    },
  };
}
