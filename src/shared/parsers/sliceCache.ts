// Reuses the string of a repeated field instead of allocating one per row: a big capture repeats its interfaces,
// ports and hosts, and fewer strings means less garbage collection.

/** A direct-mapped cache of substrings, keyed by their characters; a miss evicts whatever shared the slot. */
export class SliceCache {
  private readonly entries: (string | undefined)[];
  private readonly mask: number;

  /** `slots` is rounded up to a power of two. */
  constructor(slots: number) {
    let size = 1;
    while (size < slots) size *= 2;
    this.entries = new Array<string | undefined>(size);
    this.mask = size - 1;
  }

  /** The same as text.slice(start, end), but the string of an earlier equal slice when the cache holds it. */
  slice(text: string, start: number, end: number): string {
    const length = end - start;
    let hash = length;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
    const slot = (hash ^ (hash >>> 13)) & this.mask;
    const cached = this.entries[slot];
    if (cached !== undefined && cached.length === length) {
      let i = 0;
      while (i < length && cached.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === length) return cached;
    }
    const value = text.slice(start, end);
    this.entries[slot] = value;
    return value;
  }
}
