// Small formatters for the SDK's typed outcomes, shared by the chapters.
import type { Part } from './transcript.js';
import { isSwitchboardError } from './sdk.js';
import type { Balance } from './sdk.js';

/** `available 28 · held 2 · posted 30` */
export function balanceParts(balance: Balance): Part[] {
  return [
    'credits: available ', ['value', String(balance.available)],
    ' · held ', ['value', String(balance.held)],
    ' · posted ', ['value', String(balance.posted)],
  ];
}

/** A refusal as the SDK typed it: `WINDOW_CLOSED → remedy: template`. */
export function refusalParts(error: unknown): Part[] {
  if (!isSwitchboardError(error)) throw error;
  return [
    ['refused', '✗ refused '], ['code', error.code],
    ...(error.remedy === undefined || error.remedy === 'none' ? [] : [' → remedy: ', ['code', error.remedy] as const]),
  ];
}

/** Runs `attempt`, which the demo expects the SDK to refuse, and returns the typed error. */
export async function expectRefusal(attempt: () => Promise<unknown>): Promise<unknown> {
  try {
    await attempt();
  } catch (error) {
    return error;
  }
  throw new Error('The demo expected a refusal here, but the SDK accepted the call');
}

/** Quotes text as the transcript shows it, shortened to `max` characters. */
export function quote(text: string, max = 60): string {
  return `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
}

/** The short form of an id for the transcript: prefix and the last 6 characters. */
export function shortId(id: string): string {
  const [prefix, rest = ''] = id.split('_');
  return `${prefix ?? ''}_…${rest.slice(-6)}`;
}
