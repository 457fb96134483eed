// The JSON-lines reading the fleet collectors' parsers share: framing, values, times.
import { describe, expect, it } from 'vitest';
import type { JsonRow } from '../../../src/shared/parsers/velociraptor/jsonRows';
import { fieldOf, readJsonRows, utcTime, wholeNumber } from '../../../src/shared/parsers/velociraptor/jsonRows';
import { ParseLog } from '../../../src/shared/parsers/parseLog';

/** The rows read from `text` with their line numbers, and the log's diagnostics and structural lines. */
function read(text: string) {
  const log = new ParseLog(text);
  const rows: [number, JsonRow][] = [];
  readJsonRows(text, log, 'a row', { row: (line, row) => rows.push([line.number, row]) });
  return { rows, diagnostics: log.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity, diagnostic.message]), structure: log.structuralLines };
}

describe('JSON rows: framing', () => {
  it('reads one object per line, blank lines and CRLF included', () => {
    expect(read('{"a":1}\r\n\r\n{"a":2}\r\n')).toEqual({ rows: [[1, { a: 1 }], [3, { a: 2 }]], diagnostics: [], structure: [] });
  });

  it('reads an array printed one row per line, its brackets alone or glued to the first and last rows', () => {
    expect(read('[\n  {"a":1},\n  {"a":2}\n]\n')).toEqual({ rows: [[2, { a: 1 }], [3, { a: 2 }]], diagnostics: [], structure: [1, 4] });
    expect(read('[{"a":1},\n{"a":2}]\n').rows).toEqual([[1, { a: 1 }], [2, { a: 2 }]]);
  });

  it('reads a whole array on one line as several rows of that line; an empty array is structure', () => {
    expect(read('[{"a":1},{"a":2}]\n[]\n')).toEqual({ rows: [[1, { a: 1 }], [1, { a: 2 }]], diagnostics: [], structure: [2] });
  });

  it('tells a cut row, two rows run together, a pretty-printed object and other text apart', () => {
    expect(read('{"a":"b\n{"a":1}{"a":2}\n{\n  "a": 1\n}\nhello\n{"a":tru}\n').diagnostics).toEqual([
      [1, 'error', 'The object is not closed: the row is cut or wrapped'],
      [2, 'error', 'Text after the end of the object: two rows run together, or a row followed by other output'],
      [3, 'error', 'Part of a JSON object printed over several lines (pretty-printed): only one object per line is read'],
      [4, 'error', 'Part of a JSON object printed over several lines (pretty-printed): only one object per line is read'],
      [5, 'error', 'Part of a JSON object printed over several lines (pretty-printed): only one object per line is read'],
      [6, 'warning', 'Not a JSON row'],
      [7, 'error', 'Not valid JSON'],
    ]);
  });

  it('says when the text ends inside an object', () => {
    expect(read('{"a":1}\n{"a":').diagnostics).toEqual([[2, 'error', 'The text ends inside this object (no line break after it): the capture may be cut']]);
  });

  it('reads own properties only: "constructor" and "__proto__" in a row are data', () => {
    const [[, row]] = read('{"__proto__":{"polluted":true},"constructor":"x"}\n').rows as [[number, JsonRow]];
    expect(fieldOf(row, 'constructor')).toBe('x');
    expect(fieldOf(row, 'toString')).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('JSON rows: values', () => {
  it('reads whole numbers from JSON numbers and digit strings, within their bounds', () => {
    expect([wholeNumber(445, 65535), wholeNumber('445', 65535), wholeNumber('70000', 65535), wholeNumber(-1, 65535), wholeNumber(1.5, 65535), wholeNumber('', 65535), wholeNumber(null, 65535), wholeNumber('0x1BD', 65535)]).toEqual([445, 445, -1, -1, -1, -1, -1, -1]);
  });

  it('reads RFC 3339 times as ISO-8601 UTC, the fraction kept', () => {
    expect(utcTime('2025-02-09T12:57:23.9023563Z')).toBe('2025-02-09T12:57:23.9023563Z');
    expect(utcTime('2024-03-12T14:41:17+02:00')).toBe('2024-03-12T12:41:17Z');
    expect(utcTime('2024-01-01T00:30:00.5+01:00')).toBe('2023-12-31T23:30:00.5Z');
    expect(utcTime('2024-03-12T00:30:00-05:30')).toBe('2024-03-12T06:00:00Z');
  });

  it('reads the "no time" values as null: Go\'s zero time, the zero FILETIME, null, "" and absent', () => {
    expect([utcTime('0001-01-01T00:00:00Z'), utcTime('1601-01-01T00:00:00Z'), utcTime(null), utcTime(''), utcTime(undefined)]).toEqual([null, null, null, null, null]);
    expect(utcTime('1601-01-01T00:00:01Z')).toBe('1601-01-01T00:00:01Z');
  });

  it('answers undefined for what is not a time', () => {
    expect([utcTime('yesterday'), utcTime('2024-13-01T00:00:00Z'), utcTime('12/03/2024 08:44'), utcTime(1710247200)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
