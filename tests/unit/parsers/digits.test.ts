// parseDigits: the one decimal-digit reader under PIDs, ports, counters and times.
import { describe, expect, it } from 'vitest';
import { parseDigits } from '../../../src/shared/parsers/digits';

describe('parseDigits', () => {
  it('reads the digits between start and end only', () => {
    expect(parseDigits('pid=4321;', 4, 8)).toBe(4321);
  });

  it('refuses empty, non-digit and too long runs', () => {
    expect(parseDigits('12', 1, 1)).toBe(-1);
    expect(parseDigits('1a', 0, 2)).toBe(-1);
    expect(parseDigits('-1', 0, 2)).toBe(-1);
    expect(parseDigits('123456', 0, 6, 5)).toBe(-1);
    expect(parseDigits('1234567890123456', 0, 16)).toBe(-1);
    expect(parseDigits('123456789012345', 0, 15)).toBe(123456789012345);
  });
});
