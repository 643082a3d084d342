import { describe, expect, it } from 'vitest';
import { redactingLogger, silentLogger } from '../../../src/core/logger.js';
import type { Logger } from '../../../src/core/logger.js';
import { registerSecret } from '../../../src/core/redact.js';

describe('redactingLogger', () => {
  it('redacts registered secrets and credential-shaped strings in objects, errors and messages', () => {
    registerSecret('logger-test-secret-123');
    const lines: unknown[][] = [];
    const sink: Logger = {
      debug: (...args) => lines.push(args), info: (...args) => lines.push(args),
      warn: (...args) => lines.push(args), error: (...args) => lines.push(args),
    };
    const logger = redactingLogger(sink);
    logger.warn({ err: new Error('token logger-test-secret-123 rejected'), url: 'https://api.vk.com/method/x?access_token=vk1.a.abcdefghijklmnopqrstuvwxyz' }, 'sent with logger-test-secret-123');
    logger.error({ accessToken: 'anything-at-all' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('logger-test-secret-123');
    expect(text).not.toContain('vk1.a.abc');
    expect(text).not.toContain('anything-at-all');
    expect(text).toContain('rejected');
  });

  it('leaves the silent default as it is', () => {
    expect(redactingLogger(silentLogger)).toBe(silentLogger);
  });
});
