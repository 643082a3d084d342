import { redact, redactValue } from './redact.js';

/**
 * The logger port: the shape of pino's and most structured loggers' methods, so a host passes
 * its own logger as is. Switchboard never writes to the console; it is silent by default.
 * Everything logged passes through redaction first.
 */
export interface Logger {
  /** Detail for tracing, e.g. a status webhook for a message Switchboard did not send; `obj` holds structured fields. */
  debug(obj: object, msg?: string): void;
  /** An expected outcome worth knowing, e.g. a refused webhook or an auto-reply that was not sent. */
  info(obj: object, msg?: string): void;
  /** A problem Switchboard handled and moved past, e.g. an ignored event or a Long Poll reconnect. */
  warn(obj: object, msg?: string): void;
  /** A failure that needs attention, e.g. a failed event listener or webhook; `obj.err` holds the error. */
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

/** A logger that drops everything; the default. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/**
 * Wraps a logger so that every object and message passes through redaction first: registered
 * secrets and credential-shaped strings never reach the host's log sink, whatever a call site
 * logs. Errors inside the object are logged as `{ name, message }` (redacted).
 */
export function redactingLogger(inner: Logger): Logger {
  if (inner === silentLogger) return inner;
  const wrap = (level: keyof Logger) => (obj: object, msg?: string): void => {
    const safe = redactValue(errorsToPlain(obj)) as object;
    if (msg === undefined) inner[level](safe);
    else inner[level](safe, redact(msg));
  };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

function errorsToPlain(obj: object): object {
  if (obj instanceof Error) return { name: obj.name, message: obj.message };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  return out;
}
