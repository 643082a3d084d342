import { describe, expect, it } from 'vitest';
import { createVirtualClock, HOUR } from '../../../src/core/clock.js';

describe('virtual clock', () => {
  it('moves only forward, by whole milliseconds', () => {
    const clock = createVirtualClock(new Date('2026-11-21T09:00:00Z'));
    expect(clock.advance(25 * HOUR)).toBe(Date.parse('2026-11-22T10:00:00Z'));
    expect(() => clock.advance(-1)).toThrow(/non-negative/);
    expect(() => clock.advance(0.5)).toThrow(/non-negative integer/);
    expect(() => { clock.set(0); }).toThrow(/backwards/);
    clock.set(clock.now() + 1);
    expect(clock.now()).toBe(Date.parse('2026-11-22T10:00:00.001Z'));
  });

  it('refuses a start that is not epoch milliseconds', () => {
    expect(() => createVirtualClock(-5)).toThrow(/epoch milliseconds/);
    expect(() => createVirtualClock(Number.NaN)).toThrow(/epoch milliseconds/);
  });
});
