import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createIdGenerator, idTime, isId, parseId } from '../../../src/core/ids.js';
import { createVirtualClock } from '../../../src/core/clock.js';
import { isSwitchboardError } from '../../../src/core/errors.js';

describe('ids', () => {
  it('are prefixed ULIDs that encode their creation time', () => {
    const clock = createVirtualClock(Date.UTC(2026, 10, 21));
    const id = createIdGenerator({ clock }).next('msg');
    expect(id).toMatch(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(idTime(id)).toBe(clock.now());
    expect(isId('msg', id)).toBe(true);
    expect(isId('cv', id)).toBe(false);
  });

  it('sort in creation order, also within one millisecond and when the clock stands still', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 200 }), (steps) => {
      const clock = createVirtualClock(1_700_000_000_000);
      const gen = createIdGenerator({ clock });
      const ids = steps.map((step) => {
        clock.advance(step);
        return gen.next('cv');
      });
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    }));
  });

  it('refuses malformed ids with a typed error naming the field', () => {
    for (const bad of ['msg_', 'msg_123', 'cv_01JD3Q8W5Z7N4V2C6B9X1K0M3P', 42, null, 'msg_01JD3Q8W5Z7N4V2C6B9X1K0M3U']) {
      try {
        parseId('msg', bad, 'messageId');
        expect.unreachable(`accepted ${String(bad)}`);
      } catch (error) {
        expect(isSwitchboardError(error) && error.code === 'INVALID_ID' && error.field === 'messageId').toBe(true);
      }
    }
  });

  it('refuses bad prefixes', () => {
    expect(() => createIdGenerator().next('Bad-Prefix')).toThrow(/prefix/);
  });
});
