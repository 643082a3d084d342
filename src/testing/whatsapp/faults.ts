import { HttpResponse, delay } from 'msw';
import { graphError } from './graph-errors.js';

/**
 * Faults the simulator can inject into a send:
 * - `rate_limit`: HTTP 429 with Graph error 130429 (retryable);
 * - `server_error`: HTTP 500 with Graph error 131000 (retryable);
 * - `gateway`: HTTP 503 with an HTML body and no Graph error;
 * - `timeout`: the message is accepted (recorded as sent) but no answer ever comes;
 * - `network`: the connection fails (fetch rejects), nothing is recorded;
 * - `error_body`: HTTP 400 with Graph error 131026 (recipient unavailable, final).
 */
export type WhatsAppFaultKind = 'rate_limit' | 'server_error' | 'gateway' | 'timeout' | 'network' | 'error_body';

export const ALL_FAULTS: readonly WhatsAppFaultKind[] = ['rate_limit', 'server_error', 'gateway', 'timeout', 'network', 'error_body'];

/** Seeded fault injection: each send fails with probability `rate`, with a kind drawn from `kinds`. */
export interface WhatsAppFaultOptions {
  rate: number;
  kinds?: readonly WhatsAppFaultKind[];
}

/** Whether a fault lets the message through before failing (the ambiguous case). */
export function faultAcceptsMessage(kind: WhatsAppFaultKind): boolean {
  return kind === 'timeout';
}

/** The response for a fault; `timeout` never resolves. */
export async function faultResponse(kind: WhatsAppFaultKind): Promise<Response> {
  switch (kind) {
    case 'rate_limit': return graphError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.', 429);
    case 'server_error': return graphError(131000, 'Something went wrong', 'Message failed to send because of an unknown error.', 500);
    case 'gateway': return new HttpResponse('<html><body>Service Unavailable</body></html>', { status: 503, headers: { 'content-type': 'text/html' } });
    case 'error_body': return graphError(131026, 'Message undeliverable', 'Message could not be delivered to the recipient.');
    case 'network': return HttpResponse.error();
    case 'timeout':
      await delay('infinite');
      return HttpResponse.error();
  }
}
