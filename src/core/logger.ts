/**
 * The logger port: the shape of pino's and most structured loggers' methods, so a host passes
 * its own logger as is. Switchboard never writes to the console; it is silent by default.
 * Everything logged passes through redaction first.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

/** A logger that drops everything; the default. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
