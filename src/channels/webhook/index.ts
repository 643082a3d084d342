/**
 * Shared webhook helpers for channel adapters (internal; adapters and the test kit import them).
 * Channel-neutral: reading raw bytes with a size limit, constant-time comparison, HMAC, one
 * guarded JSON parse, and plain-text answers.
 */
export { readBodyBytes } from './read-body.js';
export { constantTimeEqual, hmacSha256, parseHex, matchesAnyDigest } from './constant-time.js';
export { parseJsonBytes, parseJsonText } from './parse-json.js';
export { textResponse, webhookErrorResponse } from './responses.js';
export { WEBHOOK_ERROR_STATUS } from './errors.js';
export type { WebhookErrorCode } from './errors.js';
