/**
 * Whether a failed request could have reached the provider, judged from the error `fetch`
 * rejected with (undici puts the socket error code on `cause.code`).
 */
export type TransportOutcome = 'not_sent' | 'maybe_sent';

// Failures that happen before any request byte can be processed by the provider.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'SELF_SIGNED_CERT_IN_CHAIN',
]);

/**
 * Classifies a transport error. Anything not recognised as a pre-connection failure counts as
 * `maybe_sent`: on a channel without idempotent sends, guessing "not sent" could duplicate a
 * message, while guessing "maybe sent" only costs a reconciliation.
 */
export function transportOutcome(error: unknown): TransportOutcome {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return 'not_sent';
    current = (current as { cause?: unknown }).cause;
  }
  return 'maybe_sent';
}
