// When a watch's runs start: on the interval, straight after a run that took longer, none after the end; and the
// chance that listings every N ms catch a socket open for a moment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchProbability, nextRunAtMs, WATCH_DEFAULTS } from '../../../src/shared/watch/watchSchedule';

const plan = { startedAtMs: 0, intervalMs: 2000, durationMs: 10_000 };

describe('watch schedule', () => {
  it('starts every interval from the previous start while runs are short', () => {
    expect(nextRunAtMs(plan, 0, 300)).toBe(2000);
    expect(nextRunAtMs(plan, 2000, 2100)).toBe(4000);
  });

  it('starts straight after a run that took longer than the interval, never during it', () => {
    expect(nextRunAtMs(plan, 2000, 5500)).toBe(5500);
  });

  it('starts nothing at or after the end', () => {
    expect(nextRunAtMs(plan, 8000, 8100)).toBeNull();
    expect(nextRunAtMs(plan, 7000, 10_000)).toBeNull();
  });

  it('never overlaps runs and never starts one late (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 5000 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }), (intervalMs, start, took) => {
        const next = nextRunAtMs({ startedAtMs: 0, intervalMs, durationMs: 1_000_000 }, start, start + took);
        expect(next).not.toBeNull();
        expect(next!).toBeGreaterThanOrEqual(start + took);
        expect(next!).toBe(Math.max(start + intervalMs, start + took));
      }),
    );
  });

  it("gives the sampling odds the UI explains: 300 ms every 10 s against the default 2 s, and against 250 ms", () => {
    expect(WATCH_DEFAULTS.intervalMs).toBe(2000);
    expect(catchProbability(300, 2000)).toBeCloseTo(0.15, 5);
    expect(catchProbability(300, 2000, 6)).toBeCloseTo(1 - 0.85 ** 6, 5);
    expect(catchProbability(300, 250)).toBe(1);
  });
});
