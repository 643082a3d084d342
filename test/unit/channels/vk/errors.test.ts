import { describe, expect, it } from 'vitest';
import { classifyVkError } from '../../../../src/channels/vk/index.js';

describe('classifyVkError: the retry table by VK error_code', () => {
  it.each([
    [1, 'PROVIDER_UNAVAILABLE'], [6, 'RATE_LIMITED'], [9, 'RATE_LIMITED'], [10, 'PROVIDER_UNAVAILABLE'], [29, 'RATE_LIMITED'],
  ])('backs off on %i (%s)', (code, expected) => {
    const cls = classifyVkError(code);
    expect(cls.code).toBe(expected);
    expect(cls.retryable).toBe(true);
    expect(cls.retryAfterMs).toBeGreaterThan(0);
  });

  it('waits about a second on 6, a minute on 9 (flood control) and an hour on 29 (daily quota)', () => {
    expect(classifyVkError(6).retryAfterMs).toBe(1133);
    expect(classifyVkError(9).retryAfterMs).toBe(60_000);
    expect(classifyVkError(29).retryAfterMs).toBe(3_600_000);
  });

  it.each([
    [5, 'AUTH_FAILED', 'refresh_token'], [15, 'ACCESS_DENIED', 'refresh_token'], [27, 'ACCESS_DENIED', 'refresh_token'],
    [100, 'INVALID_REQUEST', 'fix_input'], [900, 'RECIPIENT_UNAVAILABLE', 'none'], [901, 'PERMISSION_DENIED', 'ask_permission'],
    [902, 'RECIPIENT_UNAVAILABLE', 'none'], [914, 'INVALID_REQUEST', 'fix_input'], [911, 'INVALID_REQUEST', 'fix_input'],
    [912, 'CHANNEL_MISCONFIGURED', 'fix_input'], [950, 'WINDOW_CLOSED', 'none'], [943, 'INTENT_REFUSED', 'fix_input'],
    [984, 'SPAM_RESTRICTED', 'none'], [18, 'RECIPIENT_UNAVAILABLE', 'none'],
  ])('never retries %i (%s)', (code, expected, remedy) => {
    expect(classifyVkError(code)).toMatchObject({ code: expected, retryable: false, remedy });
  });

  it('treats every permanent 9xx and unknown codes as not retryable', () => {
    for (let code = 900; code < 1000; code++) {
      if (code === 944) continue; // intent quota: later
      expect(classifyVkError(code).retryable, String(code)).toBe(false);
    }
    expect(classifyVkError(123_456)).toEqual({ code: 'PROVIDER_ERROR', retryable: false });
  });
});
