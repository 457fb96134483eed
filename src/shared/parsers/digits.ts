// Reads a run of decimal digits straight from the text, without a copy: the one loop under every parser's numbers.

/**
 * The number written by text[start, end) when it is 1 to `maxDigits` decimal digits and nothing else; -1 otherwise
 * (empty, another character, or too long). With at most 15 digits the value is always exact.
 */
export function parseDigits(text: string, start: number, end: number, maxDigits = 15): number {
  if (end <= start || end - start > maxDigits) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}
