// Reads the JSON lines fleet collectors export — one object per line — into rows, and the values inside them.
//
// Shared by the Velociraptor parsers (JSONL results) and the osquery parser (osqueryi --json prints an array with one
// row per line; osqueryd's results log is JSON lines). Rules:
// - A line is one JSON object; a trailing comma and the array's own "[" and "]" (alone, or glued to the first or last
//   row) are read around it; a whole array on one line gives each of its objects, all on that line.
// - What fails to parse is an error naming the line and why, in our words (the engine's messages vary by version):
//   the object is cut, two rows run together, or the text is not JSON. A pretty-printed object (one field per line)
//   is said to be one, line by line: no line is silently dropped.
// - Values are read from own properties only ("constructor" in a row is data, not Object.prototype's).
import { detectionHead, detectionScore } from '../detection';
import { LineWalker } from '../lineWalker';
import type { LinePlace, ParseLog } from '../parseLog';
import { isSeparator } from '../whitespace';

/** One row as the collector printed it: column name → JSON value. */
export type JsonRow = Record<string, unknown>;

/** What a format does with the lines of a JSON-lines text. */
export interface JsonRowReader {
  /** One object of line `line` (several when the line holds an array or a batch): record it, report it, or mark the line as structure. */
  row(line: LinePlace, row: JsonRow): void;
  /** A line that is not JSON (a log line, an echoed command): true when the format took it as structure. */
  otherLine?(line: LinePlace, content: string): boolean;
}

const EXPECTED_LINE = 'one JSON object per line (JSON lines), or the "[" and "]" around them';

const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;

/** Hands every object of the text to `reader`; every other non-blank line is structure or a diagnostic. */
export function readJsonRows(text: string, log: ParseLog, expectedRow: string, reader: JsonRowReader): void {
  const lines = new LineWalker(text, isSeparator);
  while (lines.next()) {
    const { contentStart: start, contentEnd: end } = lines;
    if (start === end) continue;
    const place: LinePlace = { number: lines.lineNumber, lineStart: lines.lineStart, end };
    readLine(text, start, end, lines.terminated, place, log, expectedRow, reader);
  }
}

function readLine(text: string, start: number, end: number, terminated: boolean, place: LinePlace, log: ParseLog, expectedRow: string, reader: JsonRowReader): void {
  const first = text.charCodeAt(start);
  if ((first === OPEN_BRACE || first === OPEN_BRACKET || first === CLOSE_BRACKET) && readJsonLine(text.slice(start, end), terminated, place, log, expectedRow, reader)) return;
  const content = text.slice(start, end);
  if (reader.otherLine?.(place, content) === true) return;
  if (isPrettyPrintedPart(content)) log.reportLine(place, 'error', PRETTY_PRINTED, expectedRow);
  else log.reportLine(place, 'warning', 'Not a JSON row', EXPECTED_LINE);
}

/** Reads a line that starts like JSON; false when it is not JSON after all (`[INFO] …`), for the caller to judge. */
function readJsonLine(line: string, terminated: boolean, place: LinePlace, log: ParseLog, expectedRow: string, reader: JsonRowReader): boolean {
  let body = line.endsWith(',') ? line.slice(0, -1).trimEnd() : line;
  if (body === '[' || body === ']' || body === '[]') {
    log.structure(place.number);
    return true;
  }
  if (body === '{') {
    log.reportLine(place, 'error', PRETTY_PRINTED, expectedRow);
    return true;
  }
  if (body.charCodeAt(0) === OPEN_BRACKET) {
    const whole = parseJson(body);
    if (whole.ok && Array.isArray(whole.value)) {
      readArray(whole.value, place, log, expectedRow, reader);
      return true;
    }
    // The array's "[" glued to its first row: `[{"pid":"4",…},`.
    body = body.slice(1).trimStart();
  }
  if (body.charCodeAt(0) !== OPEN_BRACE) return false;
  let parsed = parseJson(body);
  if (!parsed.ok && body.endsWith(']')) {
    // The last row glued to the array's "]": `{"pid":"4",…}]`.
    const unglued = parseJson(body.slice(0, -1).trimEnd());
    if (unglued.ok) parsed = unglued;
  }
  if (!parsed.ok) log.reportLine(place, 'error', whyNotAnObject(body, terminated), expectedRow);
  else if (!isJsonRow(parsed.value)) log.reportLine(place, 'error', 'Not a JSON object', expectedRow);
  else reader.row(place, parsed.value);
  return true;
}

function readArray(items: unknown[], place: LinePlace, log: ParseLog, expectedRow: string, reader: JsonRowReader): void {
  if (items.length === 0) {
    log.structure(place.number);
    return;
  }
  items.forEach((item, index) => {
    if (isJsonRow(item)) reader.row(place, item);
    else log.reportLine(place, 'error', `Element ${index + 1} of the array on this line is not an object`, expectedRow);
  });
}

const PRETTY_PRINTED = 'Part of a JSON object printed over several lines (pretty-printed): only one object per line is read';

/** `"Pid": 4,`, `}` or `},`: a line of a pretty-printed object. */
function isPrettyPrintedPart(content: string): boolean {
  if (content === '}' || content === '},' || content === '}]') return true;
  return /^"(?:[^"\\]|\\.){0,200}"\s*:/.test(content);
}

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseJson(body: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A JSON object (not an array, not null). */
export function isJsonRow(value: unknown): value is JsonRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `body`, which starts with "{", is not one JSON object: where its braces close tells a cut row from two. */
function whyNotAnObject(body: string, terminated: boolean): string {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
    } else if (code === 125 || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0 && body.slice(i + 1).trim() !== '') return 'Text after the end of the object: two rows run together, or a row followed by other output';
      if (depth < 0) break;
    }
  }
  if (depth > 0 || inString) {
    return terminated ? 'The object is not closed: the row is cut or wrapped' : 'The text ends inside this object (no line break after it): the capture may be cut';
  }
  return 'Not valid JSON';
}

/** A field's value when the row has it as its own property; undefined otherwise. */
export function fieldOf(row: JsonRow, key: string): unknown {
  return Object.hasOwn(row, key) ? row[key] : undefined;
}

/** A member of a value that is an object (Hash.SHA256, columns.pid); undefined when the value is not an object. */
export function memberOf(value: unknown, key: string): unknown {
  return isJsonRow(value) ? fieldOf(value, key) : undefined;
}

/** The first of `keys` the row has (null values included); undefined when it has none. */
export function firstKeyOf(row: JsonRow, keys: readonly string[]): string | undefined {
  return keys.find((key) => Object.hasOwn(row, key));
}

/**
 * A whole number 0..max from a JSON number or a string of decimal digits ("6", as osquery prints every column);
 * -1 for anything else, null and absent values included.
 */
export function wholeNumber(value: unknown, max: number): number {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= max ? value : -1;
  if (typeof value !== 'string' || value.length === 0 || value.length > 15) return -1;
  let total = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    total = total * 10 + (code - 48);
  }
  return total <= max ? total : -1;
}

/** A string value with something in it; null for "", null, absent and values that are not strings. */
export function textOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A value quoted in a message: JSON text, cut at 60 characters (a hostile row can be a megabyte long). */
export function quoted(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 time as ISO-8601 UTC ("2025-02-09T12:57:23.9023563Z"), its fraction kept digit for digit; null for
 * the "no time" values — Go's zero time (year 1: the collector could not read it) and Windows' zero FILETIME
 * (1601-01-01T00:00:00Z: netstat() prints it for sockets without a creation time) — and for null, "" and absent
 * values; undefined for anything else.
 */
export function utcTime(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return undefined;
  const match = RFC3339.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match as unknown as [string, string, string, string, string, string, string, string | undefined, string];
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  if (year === '0001' || (year === '1601' && month === '01' && day === '01' && hour === '00' && minute === '00' && second === '00' && /^\.?0*$/.test(fraction))) return null;
  if (zone === 'Z' || zone === 'z') return `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}Z`;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute) - offsetMinutes, Number(second), 0);
  const utcYear = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || utcYear < 0 || utcYear > 9999) return undefined;
  return `${String(utcYear).padStart(4, '0')}${date.toISOString().slice(4, 19)}${fraction}Z`;
}

/**
 * 0..1: how much the start of the text looks like JSON rows that `judge` scores (0..1 each): the mean over the first
 * 20 objects, less when lines that are not JSON outnumber them. A last line the 64 KiB head cuts is not counted.
 */
export function detectJsonRows(text: string, judge: (row: JsonRow) => number): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  const cut = head.length < text.length;
  let rows = 0;
  let total = 0;
  let other = 0;
  let position = 0;
  while (position < head.length && rows < 20 && rows + other < 40) {
    const newline = head.indexOf('\n', position);
    if (newline === -1 && cut) break;
    const lineEnd = newline === -1 ? head.length : newline;
    const line = head.slice(position, lineEnd).trim();
    position = lineEnd + 1;
    if (line === '' || line === '[' || line === ']') continue;
    const found = rowsOfLine(line);
    if (found.length === 0) other++;
    for (const row of found) {
      rows++;
      total += judge(row);
    }
  }
  if (rows === 0) return 0;
  const mean = total / rows;
  const share = rows >= other ? 1 : rows / (rows + other);
  return detectionScore((rows >= 2 ? mean : mean - 0.1) * share);
}

/** The objects of one line as detect() reads it (no diagnostics: detection only scores). */
function rowsOfLine(line: string): JsonRow[] {
  let body = line.endsWith(',') ? line.slice(0, -1) : line;
  if (body.startsWith('[')) {
    const whole = parseJson(body);
    if (whole.ok && Array.isArray(whole.value)) return whole.value.filter(isJsonRow);
    body = body.slice(1);
  }
  if (!body.startsWith('{')) return [];
  let parsed = parseJson(body);
  if (!parsed.ok && body.endsWith(']')) parsed = parseJson(body.slice(0, -1));
  return parsed.ok && isJsonRow(parsed.value) ? [parsed.value] : [];
}
