import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addCredits, credits, positiveCredits, subtractCredits } from '../../../src/core/credits.js';
import { hasErrorCode } from '../../../src/core/errors.js';

describe('credits', () => {
  it('accepts whole non-negative safe integers only', () => {
    expect(credits(0)).toBe(0);
    expect(credits(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of [-1, 0.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '5', null]) {
      let thrown: unknown;
      try { credits(bad, 'price'); } catch (error) { thrown = error; }
      expect(hasErrorCode(thrown, 'INVALID_AMOUNT')).toBe(true);
      expect((thrown as { field?: string }).field).toBe('price');
    }
  });

  it('refuses zero where credits must move', () => {
    expect(() => positiveCredits(0)).toThrow(/greater than zero/);
    expect(positiveCredits(7)).toBe(7);
  });

  it('never overflows or goes negative in arithmetic', () => {
    fc.assert(fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (a, b) => {
      const x = credits(a);
      const y = credits(b);
      if (a + b <= Number.MAX_SAFE_INTEGER) expect(addCredits(x, y)).toBe(a + b);
      else expect(() => addCredits(x, y)).toThrow(/overflows/);
      if (b <= a) expect(subtractCredits(x, y)).toBe(a - b);
      else expect(() => subtractCredits(x, y)).toThrow(/negative/);
    }));
  });
});
