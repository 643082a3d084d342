import { redact, redactValue } from './redact.js';

/**
 * Error codes raised by the core. Other modules raise their own codes (for example
 * `WINDOW_CLOSED`, `INSUFFICIENT_CREDITS`); every code is UPPER_SNAKE and stable across releases.
 */
export type CoreErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_CONFIG'
  | 'INVALID_ID'
  | 'INVALID_PHONE'
  | 'INVALID_AMOUNT'
  | 'INVALID_CURSOR'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VERSION_CONFLICT'
  | 'DUPLICATE'
  | 'INTERNAL';

/** What a caller may do about an error, for refusals that have an alternative. */
export type Remedy =
  | 'template'
  | 'ask_permission'
  | 'opt_in'
  | 'top_up'
  | 'claim'
  | 'retry_later'
  | 'fix_input'
  | 'refresh_token'
  | 'none';

/** The optional facts of a {@link SwitchboardError} besides its code and message; all are kept on the error as read-only properties. */
export interface SwitchboardErrorOptions {
  /** The underlying error, kept as standard `Error.cause`. */
  cause?: unknown;
  /** Whether repeating the same operation later may succeed. Defaults to `false`. */
  retryable?: boolean;
  /** How long to wait before a retry, when the provider or the rule says so. */
  retryAfterMs?: number;
  /** The provider that produced the error (`whatsapp`, `vk`, ...). */
  provider?: string;
  /** The provider's own error code (Graph `error.code`, VK `error_code`). */
  providerCode?: number | string;
  /** The provider's trace id (Graph `fbtrace_id`), for support requests. */
  traceId?: string;
  /** For input errors: the path of the offending field, e.g. `config.phoneNumberId`. */
  field?: string;
  /** What to do instead, for refusals that have an alternative. */
  remedy?: Remedy;
  /** Extra machine-readable facts; redacted before serialization. */
  details?: Readonly<Record<string, unknown>>;
}

const BRAND = Symbol.for('switchboard.error');

/**
 * The root of every error Switchboard throws or reports.
 *
 * Guarantees: `code` is a stable UPPER_SNAKE string; `message` and `toJSON()` never contain a
 * registered secret or a credential-shaped string; `cause` is kept as given (it is not
 * serialized by `toJSON`, only its name and redacted message).
 */
export class SwitchboardError<Code extends string = string> extends Error {
  override readonly name: string = 'SwitchboardError';
  readonly code: Code;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly provider: string | undefined;
  readonly providerCode: number | string | undefined;
  readonly traceId: string | undefined;
  readonly field: string | undefined;
  readonly remedy: Remedy | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: Code, message: string, options: SwitchboardErrorOptions = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.provider = options.provider;
    this.providerCode = options.providerCode;
    this.traceId = options.traceId;
    this.field = options.field;
    this.remedy = options.remedy;
    this.details = options.details === undefined ? undefined : (redactValue(options.details) as Record<string, unknown>);
  }

  /** A redacted, JSON-safe view for logs and API responses. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    if (this.provider !== undefined) out.provider = this.provider;
    if (this.providerCode !== undefined) out.providerCode = this.providerCode;
    if (this.traceId !== undefined) out.traceId = this.traceId;
    if (this.field !== undefined) out.field = this.field;
    if (this.remedy !== undefined) out.remedy = this.remedy;
    if (this.details !== undefined) out.details = this.details;
    if (this.cause instanceof Error) out.cause = { name: this.cause.name, message: redact(this.cause.message) };
    return out;
  }
}

/**
 * Cross-realm guard: true for a {@link SwitchboardError} even when it comes from another copy
 * of the package or another realm (worker, vm context), where `instanceof` fails.
 */
export function isSwitchboardError(value: unknown): value is SwitchboardError {
  if (value instanceof SwitchboardError) return true;
  if (typeof value !== 'object' || value === null) return false;
  return (value as Record<PropertyKey, unknown>)[BRAND] === true ||
    ((value as { name?: unknown }).name === 'SwitchboardError' && typeof (value as { code?: unknown }).code === 'string');
}

/** True when `value` is a {@link SwitchboardError} with the given code. */
export function hasErrorCode<C extends string>(value: unknown, code: C): value is SwitchboardError<C> {
  return isSwitchboardError(value) && value.code === code;
}

/** Wraps anything thrown into a {@link SwitchboardError}, keeping an existing one as is. */
export function toSwitchboardError(value: unknown, code = 'INTERNAL'): SwitchboardError {
  if (isSwitchboardError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new SwitchboardError(code, message, { cause: value });
}
