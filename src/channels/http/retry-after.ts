/**
 * Parses a `Retry-After` header (delta-seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` for a missing or unparseable value; dates in the past give 0. The result is
 * clamped to `maxMs` (default 24 h) so an absurd header cannot park a message for days.
 */
export function parseRetryAfter(value: string | null | undefined, now: number, maxMs = 86_400_000): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Math.min(maxMs, Number(trimmed) * 1000);
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(maxMs, Math.max(0, at - now));
}
