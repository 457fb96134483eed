// SliceCache: the same text as String.prototype.slice, one string per repeated value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SliceCache } from '../../../src/shared/parsers/sliceCache';

describe('SliceCache', () => {
  it('returns exactly what slice returns', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), fc.nat(), (text, a, b) => {
        const cache = new SliceCache(4);
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        expect(cache.slice(text, start, end)).toBe(text.slice(start, end));
        expect(cache.slice(text, start, end)).toBe(text.slice(start, end));
      }),
    );
  });

  it('hands out the string it already holds for an equal slice elsewhere in the text', () => {
    const cache = new SliceCache(64);
    const text = 'Gi0/0 Gi0/1 Gi0/0';
    const first = cache.slice(text, 0, 5);
    expect(cache.slice(text, 12, 17)).toBe(first);
    expect(cache.slice(text, 6, 11)).toBe('Gi0/1');
  });
});
