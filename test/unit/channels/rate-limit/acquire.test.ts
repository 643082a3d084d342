import { describe, expect, it } from 'vitest';
import { acquireToken } from '../../../../src/channels/rate-limit/acquire.js';
import { createMemoryRateLimiter } from '../../../../src/channels/rate-limit/memory-rate-limiter.js';
import type { RateLimiter } from '../../../../src/channels/rate-limit/rate-limiter.js';
import { SwitchboardError, isSwitchboardError } from '../../../../src/core/errors.js';

const limit = { tokens: 1, intervalMs: 100 };

describe('acquireToken with a host-provided limiter', () => {
  it('turns a failing limiter (e.g. its shared store is down) into a retryable typed error: nothing was sent', async () => {
    const broken: RateLimiter = { take: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')) };
    const error: unknown = await acquireToken(broken, 'whatsapp:123', limit).catch((e: unknown) => e);
    expect(isSwitchboardError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'RATE_LIMITER_UNAVAILABLE', retryable: true, remedy: 'retry_later' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('passes a limiter\'s own retryable SwitchboardError through unchanged', async () => {
    const own = new SwitchboardError('RATE_LIMITED', 'shared budget exhausted', { retryable: true, retryAfterMs: 250 });
    const busy: RateLimiter = { take: () => Promise.reject(own) };
    await expect(acquireToken(busy, 'vk:1', limit)).rejects.toBe(own);
  });
});

describe('acquireToken when time does not pass', () => {
  it('fails with a typed, retryable RATE_LIMITED instead of spinning when the injected sleep never lets the clock move', async () => {
    const clock = { now: () => 1_700_000_000_000 };
    const limiter = createMemoryRateLimiter({ clock });
    const noWait = (): Promise<void> => Promise.resolve();
    await acquireToken(limiter, 'whatsapp:123', limit, { sleep: noWait });
    const error: unknown = await acquireToken(limiter, 'whatsapp:123', limit, { sleep: noWait }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect((error as Error).message).toMatch(/clock move/);
  });
});
