import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../../src/switchboard/metrics.js';
import { createVirtualClock, MINUTE, SECOND } from '../../../src/core/clock.js';

describe('MetricsRecorder', () => {
  it('keeps memory bounded by its window even when nobody ever reads a snapshot', () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const recorder = new MetricsRecorder(clock, MINUTE);
    for (let i = 0; i < 200_000; i++) {
      recorder.inbound('whatsapp');
      recorder.webhook(2, 'ok');
      clock.advance(10); // 100 events per second; the window holds 6,000 of each
    }
    // Two series of ~6,000 in the window, plus at most one pruning interval (1,024) of slack each.
    expect(recorder.retained()).toBeLessThan(2 * (6_000 + 1_024) + 2);
    expect(recorder.retained()).toBeGreaterThanOrEqual(2 * 5_000);
  });

  it('still reports the window exactly in a snapshot', () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const recorder = new MetricsRecorder(clock, MINUTE);
    for (let i = 0; i < 3_000; i++) {
      recorder.outbound('vk');
      clock.advance(100 * 1); // 10 per second for 300 s
    }
    clock.advance(SECOND);
    const snapshot = recorder.snapshot();
    expect(snapshot.windowMs).toBe(MINUTE);
    // 10 per second over the last minute (minus the idle second at the end).
    expect(JSON.stringify(snapshot)).toContain('"vk":590');
  });
});
