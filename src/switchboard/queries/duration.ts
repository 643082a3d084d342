import { z } from 'zod';
import { DAY, HOUR, MINUTE } from '../../core/clock.js';

const WEEK = 7 * DAY;
/** A month for list filters ("not replied in 2 months"): 30 days. */
export const MONTH = 30 * DAY;

const count = z.number().int().nonnegative().max(100_000);

/**
 * A duration for list filters: milliseconds, or parts the way people say it
 * (`{ days: 3 }`, `{ weeks: 2 }`, `{ months: 1 }`; a month is 30 days). Must be positive.
 */
export const durationSchema = z
  .union([
    z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    z.object({ minutes: count.optional(), hours: count.optional(), days: count.optional(), weeks: count.optional(), months: count.optional() }).strict(),
  ])
  .transform((value) => (typeof value === 'number' ? value : toMs(value)))
  .refine((ms) => ms > 0, 'a duration must be longer than zero');
/** A duration for list filters, as written (see {@link durationSchema}): milliseconds or `{ days: 3 }`-style parts. */
export type Duration = z.input<typeof durationSchema>;

function toMs(parts: { minutes?: number | undefined; hours?: number | undefined; days?: number | undefined; weeks?: number | undefined; months?: number | undefined }): number {
  return (parts.minutes ?? 0) * MINUTE + (parts.hours ?? 0) * HOUR + (parts.days ?? 0) * DAY + (parts.weeks ?? 0) * WEEK + (parts.months ?? 0) * MONTH;
}
