import { z } from 'zod';
import type { Credits } from '../core/credits.js';
import { positiveCredits } from '../core/credits.js';
import { SwitchboardError } from '../core/errors.js';
import { parseWith } from '../core/validation.js';
import type { AutoRechargeOptions, CaptureInput, EntriesOptions, PayPort, ReleaseInput, ReserveInput, TopUpInput } from './types.js';

const key = (max: number) => z.string().min(1).max(max);
const epochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const topUpShape = z.object({ id: key(255), account: key(255), amount: z.unknown(), source: key(200) });
const reserveShape = z.object({ id: key(255), account: key(255), amount: z.unknown(), expiresAt: epochMs, reason: key(500) });
const captureShape = z.object({ holdId: key(255), amount: z.unknown().optional() });
const releaseShape = z.object({ holdId: key(255) });
const entriesShape = z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(1000).optional() });

export interface ValidTopUp { id: string; account: string; amount: Credits; source: string }
export interface ValidReserve { id: string; account: string; amount: Credits; expiresAt: number; reason: string }

/** @throws `INVALID_INPUT` naming the field, `INVALID_AMOUNT` for the amount. */
export function parseTopUp(input: TopUpInput): ValidTopUp {
  const shape = parseWith(topUpShape, input, 'topUp input');
  return { id: shape.id, account: shape.account, amount: positiveCredits(shape.amount, 'amount'), source: shape.source };
}

export function parseReserve(input: ReserveInput): ValidReserve {
  const shape = parseWith(reserveShape, input, 'reserve input');
  return {
    id: shape.id, account: shape.account, amount: positiveCredits(shape.amount, 'amount'),
    expiresAt: shape.expiresAt, reason: shape.reason,
  };
}

export function parseCapture(input: CaptureInput): { holdId: string; amount: Credits | undefined } {
  const shape = parseWith(captureShape, input, 'capture input');
  return { holdId: shape.holdId, amount: shape.amount === undefined ? undefined : positiveCredits(shape.amount, 'amount') };
}

export function parseRelease(input: ReleaseInput): { holdId: string } {
  return parseWith(releaseShape, input, 'release input');
}

export function parseAccount(account: unknown): string {
  return parseWith(key(255), account, 'account');
}

export function parseHoldId(holdId: unknown): string {
  return parseWith(key(255), holdId, 'holdId');
}

export function parseEntriesOptions(options: EntriesOptions): { afterSeq: number; limit: number } {
  const shape = parseWith(entriesShape, options, 'entries options');
  return { afterSeq: shape.cursor === undefined ? 0 : decodeCursor(shape.cursor), limit: shape.limit ?? 100 };
}

const CURSOR_RE = /^after:(\d{1,16})$/;

export function encodeCursor(seq: number): string {
  return `after:${seq}`;
}

function decodeCursor(cursor: string): number {
  const match = CURSOR_RE.exec(cursor);
  const seq = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(seq)) {
    throw new SwitchboardError('INVALID_CURSOR', 'entries cursor was not produced by this ledger', { field: 'cursor', remedy: 'fix_input' });
  }
  return seq;
}

const autoRechargeShape = z.object({
  below: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  topUp: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  pay: z.custom<PayPort>((value) => typeof value === 'function', 'must be a function ({ account, amount, idempotencyKey }) => Promise'),
  stuckAfterMs: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

/** Default {@link AutoRechargeOptions.stuckAfterMs}: 15 minutes. */
export const DEFAULT_STUCK_AFTER_MS = 15 * 60_000;

/** Auto-recharge options after validation. */
export interface ValidAutoRecharge { below: Credits; topUp: Credits; pay: PayPort; stuckAfterMs: number }

/** @throws `INVALID_CONFIG` naming the option (`autoRecharge.below`, ...). */
export function parseAutoRecharge(options: AutoRechargeOptions | undefined): ValidAutoRecharge | undefined {
  if (options === undefined) return undefined;
  const parsed = parseWith(z.object({ autoRecharge: autoRechargeShape }), { autoRecharge: options }, 'ledger options', 'INVALID_CONFIG');
  const { below, topUp, pay, stuckAfterMs } = parsed.autoRecharge;
  return { below: below as Credits, topUp: topUp as Credits, pay, stuckAfterMs: stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS };
}

/** Canonical JSON for idempotency comparison: keys sorted, so field order never matters. */
export function fingerprint(fields: Record<string, string | number>): string {
  return JSON.stringify(Object.keys(fields).sort().map((k) => [k, fields[k]]));
}
