import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWith } from '../../../src/core/validation.js';
import { hasErrorCode } from '../../../src/core/errors.js';

describe('parseWith', () => {
  const schema = z.object({ phoneNumberId: z.string().min(1), rateLimit: z.object({ perSecond: z.number().max(1000) }) });

  it('lists every problem with its path and names the first as the field', () => {
    let thrown: unknown;
    try {
      parseWith(schema, { rateLimit: { perSecond: 5000 } }, 'createWhatsAppAdapter config', 'INVALID_CONFIG');
    } catch (error) { thrown = error; }
    expect(hasErrorCode(thrown, 'INVALID_CONFIG')).toBe(true);
    const error = thrown as Error & { field?: string };
    expect(error.message).toContain('phoneNumberId');
    expect(error.message).toContain('rateLimit.perSecond');
    expect(error.field).toBe('phoneNumberId');
  });

  it('returns the parsed value when valid', () => {
    expect(parseWith(schema, { phoneNumberId: '1', rateLimit: { perSecond: 80 } }, 'config')).toEqual({ phoneNumberId: '1', rateLimit: { perSecond: 80 } });
  });
});
