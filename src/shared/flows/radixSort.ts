// Ordering row numbers by a 32-bit key per row, stably, in linear time: what sorts a million flows in milliseconds.

const DIGIT_BITS = 8;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Stable ascending LSD radix sort of `order` (rows) by `key` (indexed by row): 8 bits a pass, the keys carried beside
 * the rows so every pass reads and writes in sequence; a pass whose digit is the same for every row is skipped.
 * Never writes into `order` (a cached order, or the identity).
 */
export function radixSort(order: Uint32Array, key: Uint32Array): Uint32Array {
  const n = order.length;
  let rows = order;
  let keys: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = key[order[i]!]!;
  let spareRows: Uint32Array | null = null;
  let spareKeys: Uint32Array | null = null;
  const counts = new Uint32Array(BUCKETS);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & (BUCKETS - 1)]!++;
    if (counts.some((count) => count === n)) continue;
    let sum = 0;
    for (let digit = 0; digit < BUCKETS; digit++) {
      const count = counts[digit]!;
      counts[digit] = sum;
      sum += count;
    }
    // The first pass that moves anything writes into arrays of its own; after that the two pairs alternate.
    const toRows: Uint32Array = spareRows ?? new Uint32Array(n);
    const toKeys: Uint32Array = spareKeys ?? new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const value = keys[i]!;
      const at = counts[(value >>> shift) & (BUCKETS - 1)]!++;
      toRows[at] = rows[i]!;
      toKeys[at] = value;
    }
    spareRows = rows === order ? null : rows;
    spareKeys = keys;
    rows = toRows;
    keys = toKeys;
  }
  return rows;
}
