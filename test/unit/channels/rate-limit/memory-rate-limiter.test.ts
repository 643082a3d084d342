import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acquireToken, createMemoryRateLimiter } from '../../../../src/channels/rate-limit/index.js';
import { createVirtualClock } from '../../../../src/core/clock.js';
import { hasErrorCode } from '../../../../src/core/errors.js';

describe('createMemoryRateLimiter', () => {
  it('grants a full bucket at once, then refuses with the time until the next token', async () => {
    const clock = createVirtualClock(0);
    const limiter = createMemoryRateLimiter({ clock });
    const limit = { tokens: 80, intervalMs: 1_000 };
    for (let i = 0; i < 80; i++) expect(await limiter.take('wa:1', limit)).toEqual({ granted: true });
    expect(await limiter.take('wa:1', limit)).toEqual({ granted: false, retryAfterMs: 13 });
    clock.advance(13);
    expect(await limiter.take('wa:1', limit)).toEqual({ granted: true });
  });

  it('keeps keys independent (the pair limit of one recipient does not slow another)', async () => {
    const limiter = createMemoryRateLimiter({ clock: createVirtualClock(0) });
    const pair = { tokens: 1, intervalMs: 6_000 };
    expect((await limiter.take('pair:a', pair)).granted).toBe(true);
    expect(await limiter.take('pair:a', pair)).toEqual({ granted: false, retryAfterMs: 6_000 });
    expect((await limiter.take('pair:b', pair)).granted).toBe(true);
  });

  it('never grants more than tokens + elapsed·rate over any schedule', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 100, max: 5_000 }),
      fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 60 }),
      async (tokens, intervalMs, gaps) => {
        const clock = createVirtualClock(0);
        const limiter = createMemoryRateLimiter({ clock });
        let granted = 0;
        for (const gap of gaps) {
          clock.advance(gap);
          if ((await limiter.take('k', { tokens, intervalMs })).granted) granted++;
        }
        return granted <= tokens + Math.floor((clock.now() * tokens) / intervalMs);
      },
    ));
  });

  it('spaces five messages to one recipient 6 s apart when waiting is allowed', async () => {
    const clock = createVirtualClock(0);
    const limiter = createMemoryRateLimiter({ clock });
    const sentAt: number[] = [];
    const sleep = (ms: number) => { clock.advance(ms); return Promise.resolve(); };
    for (let i = 0; i < 5; i++) {
      await acquireToken(limiter, 'pair:a', { tokens: 1, intervalMs: 6_000 }, { sleep });
      sentAt.push(clock.now());
    }
    expect(sentAt).toEqual([0, 6_000, 12_000, 18_000, 24_000]);
  });

  it('refuses with a retryable RATE_LIMITED error when the wait exceeds maxWaitMs', async () => {
    const limiter = createMemoryRateLimiter({ clock: createVirtualClock(0) });
    await acquireToken(limiter, 'k', { tokens: 1, intervalMs: 6_000 });
    await expect(acquireToken(limiter, 'k', { tokens: 1, intervalMs: 6_000 }, { maxWaitMs: 0 })).rejects.toSatisfy(
      (error: unknown) => hasErrorCode(error, 'RATE_LIMITED') && error.retryable && error.retryAfterMs === 6_000,
    );
  });
});
