import { SwitchboardError } from '../../core/errors.js';
import type { WebhookErrorCode } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8 bytes and parses them as JSON, once.
 *
 * Objects carrying a `__proto__` or `constructor.prototype` key are refused: provider payloads
 * never contain them, and code further down might merge the object into another one.
 *
 * @throws SwitchboardError `WEBHOOK_MALFORMED_BODY` for invalid UTF-8, invalid JSON or a
 *   prototype-poisoning key.
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (error) {
    throw new SwitchboardError<WebhookErrorCode>('WEBHOOK_MALFORMED_BODY', 'The webhook body is not valid UTF-8', { cause: error });
  }
  return parseJsonText(text);
}

/** {@link parseJsonBytes} for a string. */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SwitchboardError<WebhookErrorCode>('WEBHOOK_MALFORMED_BODY', 'The webhook body is not valid JSON', { cause: error });
  }
  // Only scan when the text could contain a poisoning key: keeps the common path to one parse.
  if ((text.includes('__proto__') || text.includes('prototype')) && hasPoisoningKey(value)) {
    throw new SwitchboardError<WebhookErrorCode>('WEBHOOK_MALFORMED_BODY', 'The webhook body contains a forbidden "__proto__" or "constructor.prototype" key');
  }
  return value;
}

function hasPoisoningKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null) continue;
    const record = current as Record<string, unknown>;
    if (Object.hasOwn(record, '__proto__')) return true;
    if (Object.hasOwn(record, 'constructor')) {
      const ctor: unknown = Reflect.get(record, 'constructor');
      if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) return true;
    }
    for (const item of Object.values(record)) stack.push(item);
  }
  return false;
}
