// Parses Windows `tasklist /v /fo csv` (and `tasklist /fo csv`): one ProcessEntry per row, with the session, working
// set, status and window title tasklist adds.
//
// Rules the fixtures hold it to:
// - Columns are read by position: Image Name, PID, Session Name, Session#, Mem Usage, then with /v Status, User Name,
//   CPU Time and Window Title. A row has 9 fields (/v) or 5; the header, else the first row, decides which, and a row
//   of the other width is reported (a /v row cut after its fifth field must not pass for a short one). The header is
//   localized ("映像名称","PID",…) and padded; it is recognised by its second cell, "PID" in every language, and is not
//   needed (`/nh`, or `| findstr`).
// - Fields are CSV and tasklist quotes every one, so a row starts with a quote; a doubled quote inside is one quote;
//   commas inside quotes (window titles) are text.
// - Mem Usage is the working set in KiB as printed with the locale's digit grouping ("58,972 K", "1.024.000 K",
//   "1 024 000 K"): `memUsageKb`. CPU Time is hours:minutes:seconds, hours unbounded ("3751:56:47"): `cpuSec`.
// - "N/A" (user, window title) is null; a localized word for it ("暂缺") is kept as printed, since tasklist's language
//   cannot be told from the text alone.
// - The header, the echoed command (`C:\Users\xt>TASKLIST /V /FO CSV`, also with `| findstr …`), a bare prompt,
//   tasklist's "INFO: No tasks are running which match the specified criteria." and its `Type "TASKLIST /?" for usage.`
//   are structure; an "ERROR: …" sentence of tasklist's own is an error diagnostic, and anything else a warning.
// - The last line is trusted without a line break after it only when its last field's closing quote is there: a row cut
//   inside a field cannot then pass for a complete one.
// - Verbatim text (Diagnostic.text, sections) is the line without its line end and trailing white space.
import type { ParseResult, ProcessEntry } from '../../domain';
import { compileCommandPattern } from '../commandPattern';
import { detectionHead, detectionScore } from '../detection';
import * as digits from '../digits';
import { LineWalker } from '../lineWalker';
import { ParseLog } from '../parseLog';
import { bareProcessEntry } from '../processEntry';
import { SliceCache } from '../sliceCache';
import { isBarePrompt } from '../sysinternals/psToolsBanner';
import * as whitespace from '../whitespace';
import { isCommandEcho } from './consoleFrame';
import * as csvLine from './csvLine';

// Local bindings for the functions called per row: module interop in test runners and tsx turns every call of an
// imported name into a property lookup.
const { parseDigits } = digits;
const { isSeparator } = whitespace;
const { QUOTE, isQuoted, splitCsvLine, unquote } = csvLine;

export const id = 'win-tasklist-csv';
export const version = '1.0.0';

/** `/fo csv` with /v and /nh or without, in any order; `/fi "…"` filters are not part of the patterns. */
export const commands: readonly string[] = [['/fo csv'], ['/v', '/fo csv'], ['/fo csv', '/nh'], ['/v', '/fo csv', '/nh']]
  .flatMap(orders)
  .map((switches) => `tasklist[[.exe]] ${switches.join(' ')}`);

function orders(units: string[]): string[][] {
  if (units.length <= 1) return [units];
  return units.flatMap((unit, i) => orders([...units.slice(0, i), ...units.slice(i + 1)]).map((rest) => [unit, ...rest]));
}

const commandPatterns = commands.map(compileCommandPattern);

/** A tasklist row: the shared ProcessEntry plus what tasklist prints beside it. */
export type TasklistProcess = ProcessEntry & {
  /** "Services", "Console", "RDP-Tcp#3"; null when printed empty. */
  sessionName: string | null;
  /** Session#. */
  session: number;
  /** Mem Usage: the working set in KiB. */
  memUsageKb: number;
  /** /v: "Running", "Unknown", "Not Responding" as printed (localized ones included); null without /v. */
  status: string | null;
  /** /v: the top-level window's title; null for "N/A" and without /v. */
  windowTitle: string | null;
};

export interface TasklistSections {
  /** The header row as printed; null with /nh. */
  header: string | null;
  /** The header's cells, quotes and padding removed ("Image Name", "PID", … or their translation); null with /nh. */
  columns: string[] | null;
  /** true for rows of 9 fields (/v), false for 5; null without rows or header. */
  verbose: boolean | null;
  /** tasklist's "INFO: …" sentence (no process matched a filter), as printed; null when absent. */
  info: string | null;
}

export type TasklistResult = ParseResult<TasklistProcess, TasklistSections>;

const EXPECTED = {
  row: 'a CSV row of 9 quoted fields (/v): "Image Name","PID","Session Name","Session#","Mem Usage","Status","User Name","CPU Time","Window Title", or of the first 5 without /v',
  line: 'tasklist /fo csv output: the header row, a CSV row per process, or an INFO line',
  completeLine: 'a line ending with a line break, or a row ending with its last field\'s closing quote',
} as const;

/** The line tasklist prints under its own "ERROR: …" sentence. */
const USAGE_HINT = /^Type "TASKLIST \/\?" for usage\.$/i;

const VERBOSE_FIELDS = 9;
const PLAIN_FIELDS = 5;
const NOT_APPLICABLE = 'N/A';

/** Parses the text of `tasklist /v /fo csv`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): TasklistResult {
  return new TasklistReader(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like tasklist CSV output. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  const bounds = new Int32Array((VERBOSE_FIELDS + 1) * 2);
  let rows = 0;
  let header = false;
  let lines = 0;
  let position = 0;
  while (position < head.length && lines < 200) {
    const newline = head.indexOf('\n', position);
    const lineEnd = newline === -1 ? head.length : newline;
    const line = head.slice(position, Math.min(lineEnd, position + 1000)).trim();
    position = lineEnd + 1;
    if (line === '') continue;
    lines++;
    const count = splitCsvLine(line, 0, line.length, bounds, VERBOSE_FIELDS);
    if (count !== VERBOSE_FIELDS && count !== PLAIN_FIELDS) continue;
    const pid = unquote(line, bounds[2]!, bounds[3]!).trim();
    if (pid === 'PID') header = true;
    else if (parseDigits(pid, 0, pid.length, 10) >= 0 && readMemUsage(unquote(line, bounds[8]!, bounds[9]!)) >= 0) rows++;
  }
  if (rows === 0) return header ? 0.5 : 0;
  return detectionScore((rows >= 2 ? 0.8 : 0.7) + (header ? 0.2 : 0));
}

class TasklistReader {
  private readonly records: TasklistProcess[] = [];
  private readonly log: ParseLog;
  private readonly sections: TasklistSections = { header: null, columns: null, verbose: null, info: null };
  private readonly fields = new Int32Array((VERBOSE_FIELDS + 1) * 2);
  private readonly strings = new SliceCache(4096);
  /** The row width the header announced, else the first row's; null before either. */
  private width: number | null = null;
  private widthFromHeader = false;

  constructor(private readonly text: string) {
    this.log = new ParseLog(text);
  }

  run(): TasklistResult {
    const lines = new LineWalker(this.text, isSeparator);
    while (lines.next()) {
      if (lines.contentStart < lines.contentEnd) this.readLine(lines.lineNumber, lines.lineStart, lines.contentStart, lines.contentEnd, lines.terminated);
    }
    return this.log.result(id, version, this.records, this.sections);
  }

  private readLine(lineNumber: number, lineStart: number, start: number, end: number, terminated: boolean): void {
    const text = this.text;
    const raw = text.slice(lineStart, end);
    const count = text.charCodeAt(start) === QUOTE ? splitCsvLine(text, start, end, this.fields, VERBOSE_FIELDS) : -2;
    if (count === VERBOSE_FIELDS || count === PLAIN_FIELDS) {
      const complete = terminated || isQuoted(text, this.fields[(count - 1) * 2]!, this.fields[(count - 1) * 2 + 1]!);
      if (!complete) {
        this.log.report(lineNumber, 'error', 'The output ends inside this row (no line break and no closing quote after it): the capture may be cut, so the row is not trusted', raw, EXPECTED.completeLine);
        return;
      }
      if (unquote(text, this.fields[2]!, this.fields[3]!).trim() === 'PID') {
        this.readHeader(lineNumber, start, end, count);
        return;
      }
      const problem = this.readRow(lineNumber, count);
      if (problem !== null) this.log.report(lineNumber, 'error', problem, raw, EXPECTED.row);
      return;
    }
    if (count === -1) {
      if (!terminated) this.log.report(lineNumber, 'error', 'The output ends inside this row (no line break and no closing quote after it): the capture may be cut, so the row is not trusted', raw, EXPECTED.completeLine);
      else this.log.report(lineNumber, 'error', 'A quoted field is not closed: the row may be cut or wrapped', raw, EXPECTED.row);
      return;
    }
    if (count >= 0) {
      const fields = count > VERBOSE_FIELDS ? `More than ${VERBOSE_FIELDS}` : String(count);
      this.log.report(lineNumber, 'error', `${fields} fields where tasklist prints ${VERBOSE_FIELDS} (/v) or ${PLAIN_FIELDS}: the row may be cut, wrapped or run together with another`, raw, EXPECTED.row);
      return;
    }
    const line = text.slice(start, end);
    if (line.length <= 1000 && line.startsWith('INFO: ')) {
      this.sections.info ??= line;
      this.log.structure(lineNumber);
      return;
    }
    if (isCommandEcho(line, 'tasklist', commandPatterns) || isBarePrompt(line)) {
      this.log.structure(lineNumber);
      return;
    }
    if (USAGE_HINT.test(line)) {
      this.log.structure(lineNumber);
      return;
    }
    if (line.startsWith('ERROR: ')) {
      this.log.report(lineNumber, 'error', 'tasklist reported an error', raw, EXPECTED.line);
      return;
    }
    this.log.report(lineNumber, 'warning', "Not part of tasklist's CSV output", raw, EXPECTED.line);
  }

  private readHeader(lineNumber: number, start: number, end: number, count: number): void {
    const text = this.text;
    const line = text.slice(start, end);
    if (this.sections.header !== null) {
      this.log.report(lineNumber, 'warning', 'The header again: the text holds more than one capture', line);
    } else {
      this.sections.header = line;
      this.sections.columns = Array.from({ length: count }, (_, i) => unquote(text, this.fields[i * 2]!, this.fields[i * 2 + 1]!).trim());
    }
    this.sections.verbose = count === VERBOSE_FIELDS;
    this.width = count;
    this.widthFromHeader = true;
    this.log.structure(lineNumber);
  }

  /** One row of `count` fields; null when recorded, else what is wrong with it. */
  private readRow(lineNumber: number, count: number): string | null {
    const text = this.text;
    const fields = this.fields;
    const field = (i: number) => unquote(text, fields[i * 2]!, fields[i * 2 + 1]!);
    if (this.width !== null && count !== this.width) return `${count} fields where ${this.widthFromHeader ? 'the header has' : 'the rows above have'} ${this.width}`;
    const name = field(0);
    if (name.trim() === '') return 'No image name';
    const pidText = field(1);
    const pid = parseDigits(pidText, 0, pidText.length, 10);
    if (pid < 0 || pid > 4294967295) return `PID "${excerpt(pidText)}" is not a number`;
    const sessionText = field(3);
    const session = parseDigits(sessionText, 0, sessionText.length, 10);
    if (session < 0) return `Session# "${excerpt(sessionText)}" is not a number`;
    const memText = field(4);
    const memUsageKb = readMemUsage(memText);
    if (memUsageKb < 0) return `Mem Usage "${excerpt(memText)}" is not a size in K as tasklist prints it ("58,972 K")`;
    let cpuSec: number | null = null;
    let status: string | null = null;
    let user: string | null = null;
    let windowTitle: string | null = null;
    if (count === VERBOSE_FIELDS) {
      const cpuText = field(7);
      cpuSec = readCpuTime(cpuText);
      if (cpuSec < 0) return `CPU Time "${excerpt(cpuText)}" is not hours:minutes:seconds`;
      status = orNull(this.cached(5));
      user = applicable(this.cached(6));
      windowTitle = applicable(field(8));
    }
    this.sections.verbose ??= count === VERBOSE_FIELDS;
    this.width ??= count;
    this.records.push({
      ...bareProcessEntry(lineNumber, this.cached(0), pid),
      cpuSec,
      user,
      sessionName: orNull(this.cached(2)),
      session,
      memUsageKb,
      status,
      windowTitle,
    });
    return null;
  }

  /** Field i's text through the slice cache: names, sessions, users and statuses repeat from row to row. */
  private cached(i: number): string {
    const start = this.fields[i * 2]!;
    const end = this.fields[i * 2 + 1]!;
    return unquote(this.text, start, end, this.strings);
  }
}

/**
 * "58,972 K" → 58972: digits grouped by threes with the locale's separator (comma, period, apostrophe, space, no-break
 * or narrow no-break space) or not grouped, one space, then the unit (K, KB, Ko, kB); -1 for anything else.
 */
function readMemUsage(value: string): number {
  const match = MEM_USAGE.exec(value);
  if (match === null) return -1;
  const number = match[1]!;
  let total = 0;
  for (let i = 0; i < number.length; i++) {
    const code = number.charCodeAt(i);
    if (code >= 48 && code <= 57) total = total * 10 + (code - 48);
  }
  return total;
}

const MEM_USAGE = /^(\d{1,3}(?:[,.' \u00a0\u202f]\d{3}){1,4}|\d{1,15})[ \u00a0](?:K|KB|Ko|kB|k)$/;

/** "0:20:12" → 1212 s; hours are not bounded ("3751:56:47"); -1 when not H:MM:SS. */
function readCpuTime(value: string): number {
  const match = CPU_TIME.exec(value);
  if (match === null) return -1;
  const minutes = Number(match[2]);
  const seconds = Number(match[3]);
  if (minutes > 59 || seconds > 59) return -1;
  return Number(match[1]) * 3600 + minutes * 60 + seconds;
}

const CPU_TIME = /^(\d{1,9}):(\d{2}):(\d{2})$/;

function orNull(value: string): string | null {
  return value === '' ? null : value;
}

function applicable(value: string): string | null {
  return value === '' || value === NOT_APPLICABLE ? null : value;
}

/** A field quoted in a message: hostile lines can be a megabyte long. */
function excerpt(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
