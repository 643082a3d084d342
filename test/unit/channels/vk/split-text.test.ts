import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VK_MAX_TEXT_LENGTH, splitVkText } from '../../../../src/channels/vk/index.js';

describe('splitVkText: texts above 4096 characters', () => {
  it('keeps a text of at most 4096 characters whole', () => {
    const text = 'а'.repeat(VK_MAX_TEXT_LENGTH);
    expect(splitVkText(text)).toEqual([text]);
  });

  it('parts join back to the original, each within the limit, no lone surrogate at a cut (property)', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'я', ' ', '\n', '😀', 'b'), minLength: 0, maxLength: 600 }), fc.integer({ min: 2, max: 64 }), (text, limit) => {
      const parts = splitVkText(text, limit);
      expect(parts.join('')).toBe(text);
      if (text === '') expect(parts).toEqual(['']);
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(limit);
        if (text !== '') expect(part.length).toBeGreaterThan(0);
        const last = part.charCodeAt(part.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }
    }), { numRuns: 1000 });
  });

  it('prefers cutting after a line break, then after a space', () => {
    const text = `${'a'.repeat(3000)}\n${'b'.repeat(2000)}`;
    expect(splitVkText(text).map((p) => p.length)).toEqual([3001, 2000]);
    const words = `${'word '.repeat(1000)}end`;
    const parts = splitVkText(words);
    expect(parts[0]!.endsWith(' ')).toBe(true);
    expect(parts[0]!.length).toBeLessThanOrEqual(VK_MAX_TEXT_LENGTH);
  });
});
