import type { Logger } from '../../../src/core/logger.js';

/**
 * A logger that keeps every line (serialized as a host's JSON logger would write it) and a
 * collector for every error the suite sees (thrown by `send`, emitted by `message.failed`, the
 * `error` event, dead-letter reasons), so a test can assert no configured secret leaks.
 */
export interface LogCapture {
  readonly logger: Logger;
  readonly lines: string[];
  /** Record an error (or any value carrying error text) for the secret scan. */
  error(value: unknown): void;
  /** Every captured line and error, as text (errors with message, stack, JSON and causes). */
  texts(): string[];
}

export function createLogCapture(): LogCapture {
  const lines: string[] = [];
  const errors: unknown[] = [];
  const write = (level: string) => (obj: object, msg?: string): void => {
    lines.push(`${level} ${serialize(obj)} ${msg ?? ''}`);
  };
  return {
    logger: { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') },
    lines,
    error(value) { errors.push(value); },
    texts: () => [...lines, ...errors.map((e) => describeError(e))],
  };
}

/** Every text a host could print for an error: message, stack, toJSON, String(), causes. */
export function describeError(value: unknown, depth = 0): string {
  if (depth > 5) return '';
  if (!(value instanceof Error)) return serialize(value);
  const parts = [String(value), value.message, value.stack ?? '', serialize(value)];
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') parts.push(serialize(json.call(value)));
  if (value.cause !== undefined) parts.push(describeError(value.cause, depth + 1));
  return parts.join('\n');
}

function serialize(value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  const seen = new WeakSet();
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack, cause: v.cause };
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    });
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The secrets found in any captured text (empty when none leaked). */
export function leakedSecrets(capture: LogCapture, secrets: readonly string[]): { secret: string; text: string }[] {
  const leaks: { secret: string; text: string }[] = [];
  for (const text of capture.texts()) {
    for (const secret of secrets) if (text.includes(secret)) leaks.push({ secret, text: text.slice(0, 500) });
  }
  return leaks;
}
