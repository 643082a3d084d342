import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vkRandomId } from '../../../../src/channels/vk/index.js';

describe('vkRandomId: random_id derived from the idempotency key', () => {
  it('is a positive int32 (never 0, which turns VK de-duplication off) for any key', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (key) => {
      const id = vkRandomId(key);
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThanOrEqual(2 ** 31 - 1);
    }), { numRuns: 2000 });
  });

  it('is stable: the same key always gives the same id (a retry cannot send twice)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), (key) => {
      expect(vkRandomId(key)).toBe(vkRandomId(key.slice()));
    }));
    // A fixed vector pins the derivation across releases: first 4 bytes of SHA-256 masked to 31 bits.
    expect(vkRandomId('msg_01JD3Q8W5Z7N4V2C6B9X1K0M3P')).toBe(vkRandomId('msg_01JD3Q8W5Z7N4V2C6B9X1K0M3P'));
    expect(vkRandomId('')).toBe(0xe3b0c442 & 0x7fffffff);
    expect(vkRandomId('abc')).toBe(0xba7816bf & 0x7fffffff);
  });

  it('spreads distinct keys over the int32 range (no collisions among 10 000 message ids)', () => {
    const ids = new Set(Array.from({ length: 10_000 }, (_, i) => vkRandomId(`msg_${i}`)));
    expect(ids.size).toBe(10_000);
  });
});
