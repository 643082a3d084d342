import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { SwitchboardError, hasErrorCode, isSwitchboardError, toSwitchboardError } from '../../../src/core/errors.js';
import { redact, registerSecret } from '../../../src/core/redact.js';

describe('SwitchboardError', () => {
  it('carries code, cause, retry hints and provider details', () => {
    const cause = new Error('socket hang up');
    const error = new SwitchboardError('PROVIDER_RATE_LIMITED', 'Too many requests', {
      cause, retryable: true, retryAfterMs: 1500, provider: 'whatsapp', providerCode: 130429, traceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SwitchboardError');
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toMatchObject({ code: 'PROVIDER_RATE_LIMITED', retryable: true, retryAfterMs: 1500, providerCode: 130429, cause: { message: 'socket hang up' } });
  });

  it('is recognised across realms and copies of the package by its brand and name', () => {
    const foreign: unknown = runInNewContext('({ name: "SwitchboardError", code: "WINDOW_CLOSED", message: "x" })');
    expect(isSwitchboardError(foreign)).toBe(true);
    expect(isSwitchboardError({ name: 'Error', code: 'X' })).toBe(false);
    expect(isSwitchboardError(null)).toBe(false);
    expect(hasErrorCode(new SwitchboardError('NOT_FOUND', 'gone'), 'NOT_FOUND')).toBe(true);
    expect(hasErrorCode(new SwitchboardError('NOT_FOUND', 'gone'), 'CONFLICT')).toBe(false);
  });

  it('wraps foreign throwables without losing them', () => {
    const wrapped = toSwitchboardError(new TypeError('boom'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.cause).toBeInstanceOf(TypeError);
    const same = new SwitchboardError('CONFLICT', 'x');
    expect(toSwitchboardError(same)).toBe(same);
  });
});

describe('redaction', () => {
  it('removes registered secrets from messages, details and JSON', () => {
    registerSecret('s3cr3t-app-secret-value');
    const error = new SwitchboardError('INTERNAL', 'signing with s3cr3t-app-secret-value failed', {
      details: { request: 'body=s3cr3t-app-secret-value', nested: { appSecret: 'anything' } },
    });
    const json = JSON.stringify(error);
    expect(error.message).not.toContain('s3cr3t');
    expect(json).not.toContain('s3cr3t');
    expect(json).not.toContain('anything');
  });

  it('removes credential-shaped strings it was never told about', () => {
    const text = redact('GET https://api.vk.com/method/messages.send?access_token=vk1.a.abcdefghijklmnopqrstuvwxyz&v=5.199 Authorization: Bearer EAAGm0PX4ZCpsBAabcdefghijklmnop123');
    expect(text).not.toContain('vk1.a.abc');
    expect(text).not.toContain('EAAGm0PX4ZCps');
    expect(text).toContain('v=5.199');
  });

  it('ignores very short values that would mangle ordinary text', () => {
    registerSecret('ok');
    expect(redact('ok')).toBe('ok');
  });
});
