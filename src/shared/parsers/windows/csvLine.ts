// One line of the CSV that Windows tools print (tasklist /fo csv, tcpvcon -c): its fields' boundaries, found without
// copying the line, and a field's text with its quotes removed. A quoted field may hold commas; a quote inside one is
// doubled.
import type { SliceCache } from '../sliceCache';

export const QUOTE = 34;
const COMMA = 44;

/**
 * Field boundaries of a CSV line text[start, end) into `bounds` (start, end pairs, quotes included), at most
 * `maxFields` + 1 fields, so `bounds` holds (maxFields + 1) * 2; returns the number of fields, or -1 when a quoted field
 * is not closed.
 */
export function splitCsvLine(text: string, start: number, end: number, bounds: Int32Array, maxFields: number): number {
  let count = 0;
  let i = start;
  for (;;) {
    const fieldStart = i;
    if (i < end && text.charCodeAt(i) === QUOTE) {
      i++;
      for (;;) {
        if (i >= end) return -1;
        if (text.charCodeAt(i) === QUOTE) {
          if (i + 1 < end && text.charCodeAt(i + 1) === QUOTE) i += 2;
          else break;
        } else i++;
      }
      i++;
    }
    while (i < end && text.charCodeAt(i) !== COMMA) i++;
    bounds[count * 2] = fieldStart;
    bounds[count * 2 + 1] = i;
    count++;
    if (i >= end || count > maxFields) return count;
    i++;
  }
}

export function isQuoted(text: string, start: number, end: number): boolean {
  return end - start >= 2 && text.charCodeAt(start) === QUOTE && text.charCodeAt(end - 1) === QUOTE;
}

export function unquotedStart(text: string, start: number, end: number): number {
  return isQuoted(text, start, end) ? start + 1 : start;
}

export function unquotedEnd(text: string, start: number, end: number): number {
  return isQuoted(text, start, end) ? end - 1 : end;
}

/** True when text[start, end) holds a quote: inside a closed quoted field, only a doubled one can be there. */
function hasDoubledQuote(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === QUOTE) return true;
  return false;
}

/** The field's text: quotes removed and doubled quotes undone; through `strings` when given (text that repeats). */
export function unquote(text: string, start: number, end: number, strings?: SliceCache): string {
  if (!isQuoted(text, start, end)) return strings === undefined ? text.slice(start, end) : strings.slice(text, start, end);
  if (strings !== undefined && !hasDoubledQuote(text, start + 1, end - 1)) return strings.slice(text, start + 1, end - 1);
  const inner = text.slice(start + 1, end - 1);
  return inner.includes('""') ? inner.replaceAll('""', '"') : inner;
}
