import { z } from 'zod';
import { isSwitchboardError, SwitchboardError } from '../../core/errors.js';
import { normalizePhone } from '../../core/phone.js';
import { parseWith } from '../../core/validation.js';
import { accountIdSchema, channelNameSchema } from '../../model/common.js';
import type { ContactAddress } from '../../model/contact.js';
import { addressKey, contactAddressSchema } from '../../model/contact.js';
import type { SwitchboardContext } from '../context.js';
import type { TemplateRef } from '../send-types.js';

/** One recipient of a broadcast: a phone number (or a VK user id on VK) or an address, with merge values. */
export interface BroadcastRecipient {
  to: string | ContactAddress;
  data?: Readonly<Record<string, unknown>>;
}

/** The input of `broadcast`. */
export interface BroadcastInput {
  /**
   * The broadcast's id, chosen by the host (e.g. its campaign id). Running the same id again
   * resumes it: recipients already sent to are not sent to or charged again.
   */
  id: string;
  /** The approved template every recipient gets. */
  template: TemplateRef;
  /** The channel; may be omitted when only one channel is configured. */
  channel?: string;
  /** The sending account (which WhatsApp number); the channel's first by default. */
  accountId?: string;
  recipients: readonly BroadcastRecipient[];
  /** Recipients per batch; default from the automation config (100). */
  batchSize?: number;
  /** Stops between batches; the report covers what was done. */
  signal?: AbortSignal;
}

/** A recipient that was not sent to, with the reason code (`CONSENT_REQUIRED`, `OPTED_OUT`, `INVALID_PHONE`, ...). */
export interface BroadcastSkip {
  to: string;
  reason: string;
}

/** What a broadcast did. `to` values are normalized (E.164 phones, `kind:value` addresses). */
export interface BroadcastReport {
  broadcastId: string;
  total: number;
  /**
   * Recipients whose message Switchboard accepted: sent to the provider, or stored in the outbox
   * for a retry after a transient provider failure (see `queued`). Includes those an earlier run
   * of this id sent.
   */
  sent: number;
  /** Of `sent` in this run, how many wait in the outbox for a retry (delivered by `sb.outbox.run()`). */
  queued: number;
  /** Of `sent`, how many an earlier run had done (nothing was sent or charged again). */
  alreadySent: number;
  /** Refused before reaching the provider: consent, credits, invalid address, duplicate recipient. */
  skipped: BroadcastSkip[];
  /** The provider refused or failed the message. */
  failed: BroadcastSkip[];
  /** True when `signal` stopped the broadcast before every recipient was handled. */
  aborted: boolean;
}

const broadcastInputSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'Expected 1-100 letters, digits, ".", ":", "_" or "-"'),
    template: z.union([z.string().min(1).max(512), z.object({ name: z.string().min(1).max(512), language: z.string().min(2).max(16) }).strict()]),
    channel: channelNameSchema.optional(),
    accountId: accountIdSchema.optional(),
    recipients: z
      .array(z.object({ to: z.union([z.string().min(1).max(64), contactAddressSchema]), data: z.record(z.string(), z.unknown()).optional() }).strict())
      .min(1)
      .max(100_000),
    batchSize: z.number().int().min(1).max(1000).optional(),
    signal: z.instanceof(AbortSignal).optional(),
  })
  .strict();

/** Refusals raised before the provider is asked: the recipient is skipped, not failed. */
function isProviderFailure(error: unknown): boolean {
  return isSwitchboardError(error) && (error.provider !== undefined || error.retryable);
}

/**
 * Sends one template to many recipients in batches, through `send` (so consent, window,
 * price and credit hold apply per recipient; adapters pace requests to the provider's limits).
 * Emits `broadcast.progress` after each batch and `broadcast.completed` at the end.
 *
 * Resumable: each recipient's message has the idempotency key
 * `broadcast:<id>:<normalized recipient>`, so a re-run with the same id skips recipients
 * already sent to (counted in `alreadySent`) and never charges twice. A recipient listed twice
 * is sent once (the repeat is skipped as `DUPLICATE_RECIPIENT`).
 *
 * @throws SwitchboardError `INVALID_INPUT` for malformed input (nothing is sent), `UNKNOWN_CHANNEL`.
 */
export async function runBroadcast(ctx: Pick<SwitchboardContext, 'send' | 'store' | 'events' | 'channels' | 'policy'>, defaultBatchSize: number, input: BroadcastInput): Promise<BroadcastReport> {
  const parsed = parseWith(broadcastInputSchema, input, 'broadcast input');
  const channel = parsed.channel ?? onlyChannel(ctx);
  ctx.channels.get(channel, parsed.accountId);
  const batchSize = parsed.batchSize ?? defaultBatchSize;
  const report: BroadcastReport = { broadcastId: parsed.id, total: parsed.recipients.length, sent: 0, queued: 0, alreadySent: 0, skipped: [], failed: [], aborted: false };
  const seen = new Set<string>();
  let done = 0;

  /** The recipient's normalized key, or null when it is skipped (invalid, or listed before). */
  const admit = (recipient: (typeof parsed.recipients)[number]): string | null => {
    let key: string;
    try {
      key = recipientKey(recipient.to, channel, ctx.policy.defaultCountry);
    } catch (error) {
      report.skipped.push({ to: typeof recipient.to === 'string' ? recipient.to : addressKey(recipient.to), reason: isSwitchboardError(error) ? error.code : 'INVALID_INPUT' });
      return null;
    }
    if (seen.has(key)) {
      report.skipped.push({ to: key, reason: 'DUPLICATE_RECIPIENT' });
      return null;
    }
    seen.add(key);
    return key;
  };

  const sendOne = async (recipient: (typeof parsed.recipients)[number], key: string): Promise<void> => {
    const idempotencyKey = `broadcast:${parsed.id}:${key}`;
    const earlier = await ctx.store.messages.getByIdempotencyKey(idempotencyKey);
    if (earlier !== null) {
      if (earlier.status === 'failed') report.failed.push({ to: key, reason: earlier.error?.code ?? 'FAILED' });
      else {
        report.sent += 1;
        report.alreadySent += 1;
      }
      return;
    }
    try {
      const outcome = await ctx.send({
        to: recipient.to,
        channel,
        ...(parsed.accountId === undefined ? {} : { accountId: parsed.accountId }),
        template: parsed.template,
        ...(recipient.data === undefined ? {} : { data: recipient.data }),
        idempotencyKey,
      });
      if (outcome.message.status === 'failed') report.failed.push({ to: key, reason: outcome.message.error?.code ?? 'FAILED' });
      else {
        report.sent += 1;
        if (outcome.duplicate) report.alreadySent += 1;
        else if (outcome.message.status === 'queued') report.queued += 1;
      }
    } catch (error) {
      if (!isSwitchboardError(error)) {
        report.failed.push({ to: key, reason: 'INTERNAL' });
        return;
      }
      (isProviderFailure(error) ? report.failed : report.skipped).push({ to: key, reason: error.code });
    }
  };

  for (let start = 0; start < parsed.recipients.length; start += batchSize) {
    if (parsed.signal?.aborted === true) {
      report.aborted = true;
      break;
    }
    const batch = parsed.recipients.slice(start, start + batchSize);
    // Keys are admitted synchronously first, so a recipient listed twice in one batch is sent once;
    // the batch is then sent concurrently and the adapters pace it to the provider's limits.
    const admitted = batch.flatMap((recipient) => {
      const key = admit(recipient);
      return key === null ? [] : [{ recipient, key }];
    });
    await Promise.all(admitted.map(async ({ recipient, key }) => { await sendOne(recipient, key); }));
    done += batch.length;
    ctx.events.emit('broadcast.progress', {
      broadcastId: parsed.id, total: report.total, done, sent: report.sent, skipped: report.skipped.length, failed: report.failed.length,
    });
  }
  ctx.events.emit('broadcast.completed', { broadcastId: parsed.id, sent: report.sent, skipped: report.skipped.length, failed: report.failed.length });
  return report;
}

function onlyChannel(ctx: Pick<SwitchboardContext, 'channels'>): string {
  const channels = [...new Set(ctx.channels.all().map((a) => a.channel))];
  const [only] = channels;
  if (channels.length === 1 && only !== undefined) return only;
  throw new SwitchboardError('INVALID_INPUT', `broadcast: give channel (configured: ${channels.join(', ')})`, { field: 'channel', remedy: 'fix_input' });
}

/** The recipient as `send` will resolve it: E.164 phone, VK user id on VK, or `kind:value`. */
function recipientKey(to: string | ContactAddress, channel: string, defaultCountry: string | undefined): string {
  if (typeof to !== 'string') return addressKey(to);
  if (channel === 'vk' && /^[1-9]\d{0,18}$/.test(to)) return addressKey({ kind: 'vk_user', value: to });
  return addressKey({ kind: 'phone', value: normalizePhone(to, defaultCountry === undefined ? {} : { defaultCountry }) });
}
