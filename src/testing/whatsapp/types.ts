import type { Clock } from '../../core/clock.js';
import type { WhatsAppFaultOptions } from './faults.js';

/** Options of {@link createWhatsAppSimulator}; all optional (the account ids and app secret default to the shared fixtures' values). */
export interface WhatsAppSimulatorOptions {
  /** Graph base URL the handlers answer on. Default `https://graph.facebook.com`. */
  baseUrl?: string;
  phoneNumberId?: string;
  wabaId?: string;
  displayPhoneNumber?: string;
  /** Signs webhooks. Default `test_app_secret` (the shared fixtures' secret). */
  appSecret?: string;
  /** When set, requests must carry `Authorization: Bearer <accessToken>` (else Graph error 190). */
  accessToken?: string;
  /** Time for windows and rate limits. Default: system clock. */
  clock?: Clock;
  /** Seed for fault injection and shuffles. Default 1. */
  seed?: number;
  faults?: WhatsAppFaultOptions;
  /** Refuse free-form sends outside the 24 h window with 131047. Default true. */
  enforceWindow?: boolean;
  /** Throughput per number (default 80/s) and pair rate (default one per 6 s, bursts of 45). */
  rateLimit?: { perSecond?: number; pair?: { tokens: number; intervalMs: number } };
  /** When given, template sends must name an APPROVED template (else 132001). */
  templates?: readonly (Omit<SimulatedTemplate, 'id' | 'category'> & { id?: string; category?: string })[];
}

/** A request the simulator received. */
export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body (`undefined` when there was none or it was not JSON). */
  body: unknown;
  at: number;
}

/** A message the simulated Meta accepted. */
export interface SentMessage {
  wamid: string;
  /** `to` or `recipient` as sent. */
  to: string;
  type: string;
  body: Record<string, unknown>;
  bizOpaqueCallbackData?: string;
  at: number;
}

/** A template the simulated account knows; template sends must name an `APPROVED` one. */
export interface SimulatedTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  components?: unknown;
}
