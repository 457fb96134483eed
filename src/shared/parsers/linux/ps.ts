// Parses Linux `ps -eo pid,ppid,user,lstart,etimes,comm,args`: one ProcessEntry per process.
//
// Rules the fixtures hold it to:
// - The first nine fields are read by whitespace, left to right: PID, PPID, USER, the five words of lstart
//   (`Tue Nov 25 11:54:31 2026`; the first two are locale words, so only day, time and year are checked) and
//   ELAPSED. Positions are not used for them: a field wider than its column (a 7-digit PID, a long uptime) pushes
//   the rest of the row to the right.
// - COMMAND (comm) may hold spaces ("Web Content", "worker 1"), so it cannot be a whitespace field. It starts right
//   after ELAPSED, and ps pads it to a fixed width (15, or what the header shows between its two COMMAND words), one
//   space, then args to the end of the line: the split is at that column. Two things move args: a name of double-
//   width characters (ps pads by display width, 漢字 takes four columns) and whitespace collapsed by a copy. A name
//   the column split would make longer than the kernel's 15 bytes is therefore not trusted, and the split falls back
//   to the first run of two spaces after the name, else to the first space (a collapsed copy: a name with spaces is
//   then cut at its first word; the header says so once).
// - args (`commandLine`) is kept as printed, inner spaces included: `[kthreadd]` for kernel threads, `[x] <defunct>`
//   for zombies.
// - The header is recognised but not needed (`ps -eo … | grep ssh` drops it); a header with other columns stops the
//   reading of rows until a known header, since rows of another layout would be misread.
// - Every line that is not understood becomes a Diagnostic with its line number; the rest still parses.
// - A last line with no line break after it is never trusted: args end where the line ends, so a cut cannot be seen.
// - Verbatim text (Diagnostic.text) is the line without its line end and trailing whitespace.
// - The command echoed with its prompt, and a shell prompt ending the text, are structure, not output.
import type { ParseResult, ProcessEntry } from '../../domain';
import { bareProcessEntry } from '../processEntry';
import { SliceCache } from '../sliceCache';
import { parseDigits } from '../digits';
import type { TextLine } from '../lineWalker';
import { isConsoleSpace as isSpace } from '../whitespace';
import { headLines, OutputLog, readFields, shellLineReader } from './outputText';

export const id = 'linux-ps';
export const version = '1.0.0';

const COLUMNS = 'pid,ppid,user,lstart,etimes,comm,args';
/** The process selection as engineers type it: -e or -A (every process), -o or BSD `axo`. */
export const commands: readonly string[] = [`ps -eo ${COLUMNS}`, `ps -Ao ${COLUMNS}`, `ps -e -o ${COLUMNS}`, `ps -A -o ${COLUMNS}`, `ps axo ${COLUMNS}`, `ps ax -o ${COLUMNS}`];

/** `ps` output has no sections: everything is a process row. */
export type PsResult = ParseResult<ProcessEntry, null>;

const readShellLine = shellLineReader(commands);

const HEADER_WORDS = ['PID', 'PPID', 'USER', 'STARTED', 'ELAPSED', 'COMMAND', 'COMMAND'] as const;
/** procps prints comm 15 columns wide: the kernel keeps 15 bytes of a process name (TASK_COMM_LEN 16). */
const COMM_WIDTH = 15;
const COMM_MAX_BYTES = 15;
const FIELDS_BEFORE_COMM = 9;

const EXPECTED = {
  row: 'a process row: PID PPID USER, lstart as five words (Tue Nov 25 11:54:31 2026), ELAPSED seconds, COMMAND, then the command line',
  header: `the ps header: ${HEADER_WORDS.join(' ')}`,
} as const;

const TIME = /^\d{2}:\d{2}:\d{2}$/;
const YEAR = /^\d{4}$/;

/** Parses the text of `ps -eo pid,ppid,user,lstart,etimes,comm,args`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): PsResult {
  return new PsParser(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like this ps output. */
export function detect(text: string): number {
  const lines = headLines(text, 40, 400);
  let header = false;
  let rows = 0;
  for (const line of lines) {
    if (line.startsWith('PID')) header ||= line.split(/\s+/).join(' ') === HEADER_WORDS.join(' ');
    else if (DETECT_ROW.test(line)) rows++;
  }
  if (header) return rows > 0 ? 1 : 0.9;
  if (rows === 0 || rows * 2 < lines.length) return 0;
  return rows >= 3 ? 0.8 : 0.6;
}

const DETECT_ROW = /^\d+[ \t]+\d+[ \t]+\S+[ \t]+\S+[ \t]+\S+[ \t]+\d{1,2}[ \t]+\d{2}:\d{2}:\d{2}[ \t]+\d{4}[ \t]+\d+[ \t]+\S/;

/** Whether rows are read, and how the COMMAND column is found. */
interface Layout {
  /** False after a header with other columns: rows are not ours to read until a known header. */
  known: boolean;
  /** The comm column's width; null when the columns are not aligned (whitespace collapsed), so comm is one word. */
  commWidth: number | null;
  /**
   * True when an aligned header vouches for the columns: a row whose COMMAND does not fit them is an error. Without
   * a header (`ps … | grep`) the text may also be a collapsed copy, so such a row falls back to comm as one word.
   */
  aligned: boolean;
}

/** One pass over the text. */
class PsParser {
  private readonly records: ProcessEntry[] = [];
  private readonly log: OutputLog;
  private sawHeader = false;
  /** Without a header, the layout procps always prints. */
  private layout: Layout = { known: true, commWidth: COMM_WIDTH, aligned: false };
  private readonly tokens = new Int32Array(FIELDS_BEFORE_COMM * 2);
  /** Per parse: users, dates and names repeat from row to row. */
  private readonly strings = new SliceCache(1024);

  constructor(private readonly text: string) {
    this.log = new OutputLog(text, readShellLine, EXPECTED.row);
  }

  run(): PsResult {
    this.log.readLines((line) => this.readLine(line));
    return this.log.result(id, version, this.records, null);
  }

  private readLine(line: TextLine): void {
    const text = this.text;
    const code = text.charCodeAt(line.start);
    if (code >= 48 && code <= 57) {
      this.readProcessRow(line);
      return;
    }
    if (text.startsWith('PID', line.start) && (line.start + 3 === line.end || isSpace(text.charCodeAt(line.start + 3))) && this.readHeader(line)) return;
    if (this.log.readShell(line)) return;
    if (!line.terminated) {
      this.log.reportCut(line);
      return;
    }
    this.log.reportLine(line, 'error', 'Not a row of ps -eo pid,ppid,user,lstart,etimes,comm,args', EXPECTED.row);
  }

  /** True when the line was a ps header (known or not) and has been accounted for. */
  private readHeader(line: TextLine): boolean {
    if (line.end - line.start > 1024) return false;
    const tokens = new Int32Array(16);
    const count = readFields(this.text, line.start, line.end, tokens, 8);
    const words = Array.from({ length: count }, (_, i) => this.text.slice(tokens[i * 2], tokens[i * 2 + 1]));
    if (words.length !== HEADER_WORDS.length || words.some((word, i) => word !== HEADER_WORDS[i])) {
      this.layout = { known: false, commWidth: null, aligned: false };
      this.log.reportLine(line, 'error', 'A ps header with other columns than pid,ppid,user,lstart,etimes,comm,args: its rows are not read', EXPECTED.header);
      return true;
    }
    this.log.structure(line.number);
    if (this.sawHeader) this.log.reportLine(line, 'warning', 'The header again: the text holds more than one capture');
    this.sawHeader = true;
    // The distance between the two COMMAND words is the comm column's width plus its separating space.
    const width = tokens[12]! - tokens[10]! - 1;
    if (width > 'COMMAND'.length) {
      this.layout = { known: true, commWidth: width, aligned: true };
    } else {
      this.layout = { known: true, commWidth: null, aligned: false };
      this.log.reportLine(line, 'info', 'The columns are not aligned (whitespace collapsed by a copy?): each COMMAND name is read as one word, so a name with spaces ("Web Content") is cut at its first', EXPECTED.header);
    }
    return true;
  }

  private readProcessRow(line: TextLine): void {
    if (!line.terminated) {
      this.log.reportCut(line);
      return;
    }
    if (!this.layout.known) {
      this.log.reportLine(line, 'warning', 'Row of a ps table with other columns: not read', EXPECTED.header);
      return;
    }
    const problem = this.readProcess(line);
    if (problem !== null) this.log.reportLine(line, 'error', problem, EXPECTED.row);
  }

  /** Records the row and returns null, or says what is wrong with it. */
  private readProcess(line: TextLine): string | null {
    const text = this.text;
    const tokens = this.tokens;
    const count = readFields(text, line.start, line.end, tokens, FIELDS_BEFORE_COMM);
    if (count < FIELDS_BEFORE_COMM) return `Not a process row: ${count} fields before COMMAND where ps prints ${FIELDS_BEFORE_COMM}`;
    const field = (i: number) => text.slice(tokens[i * 2], tokens[i * 2 + 1]);
    const pid = parseDigits(text, tokens[0]!, tokens[1]!);
    if (pid < 0) return `PID "${excerpt(field(0))}" is not a number`;
    const ppid = parseDigits(text, tokens[2]!, tokens[3]!);
    if (ppid < 0) return `PPID "${excerpt(field(1))}" is not a number`;
    const day = parseDigits(text, tokens[10]!, tokens[11]!);
    if (!(day >= 1 && day <= 31) || !TIME.test(field(6)) || !YEAR.test(field(7))) {
      return `STARTED "${excerpt(text.slice(tokens[6], tokens[15]))}" is not a date as lstart prints it`;
    }
    const elapsed = parseDigits(text, tokens[16]!, tokens[17]!);
    if (elapsed < 0) return `ELAPSED "${excerpt(field(8))}" is not a number of seconds`;

    let commStart = tokens[17]!;
    while (commStart < line.end && isSpace(text.charCodeAt(commStart))) commStart++;
    if (commStart >= line.end) return 'No COMMAND and no command line after ELAPSED';
    const split = splitCommand(text, commStart, line.end, this.layout);
    if (split === null) return 'No command line after COMMAND, or COMMAND does not fit the column the header gives it';

    this.records.push({
      ...bareProcessEntry(line.number, this.strings.slice(text, commStart, split.commEnd), pid),
      ppid,
      elapsedSec: elapsed,
      user: this.strings.slice(text, tokens[4]!, tokens[5]!),
      startedAt: this.strings.slice(text, tokens[6]!, tokens[15]!),
      commandLine: text.slice(split.argsStart, line.end),
    });
    return null;
  }
}

/**
 * Where comm ends and args begin, from `commStart` (comm's first character) to `end` (the line's last non-space);
 * null when there is no args.
 */
function splitCommand(text: string, commStart: number, end: number, layout: Layout): { commEnd: number; argsStart: number } | null {
  const width = layout.commWidth;
  if (width !== null) {
    // The column split: comm padded to `width`, one space, args.
    const separator = commStart + width;
    if (separator + 1 < end && isSpace(text.charCodeAt(separator))) {
      let commEnd = separator;
      while (commEnd > commStart && isSpace(text.charCodeAt(commEnd - 1))) commEnd--;
      if (utf8Length(text, commStart, commEnd) <= Math.max(width, COMM_MAX_BYTES)) return { commEnd, argsStart: separator + 1 };
    }
    // Args moved left (double-width characters in comm): the padding still leaves two spaces after the name.
    const limit = Math.min(end - 1, separator + 1);
    for (let i = commStart + 1; i < limit; i++) {
      if (isSpace(text.charCodeAt(i)) && isSpace(text.charCodeAt(i + 1))) {
        let argsStart = i + 2;
        while (argsStart < end && isSpace(text.charCodeAt(argsStart))) argsStart++;
        return { commEnd: i, argsStart };
      }
    }
    if (layout.aligned) return null;
  }
  // One word, then args after the whitespace.
  let commEnd = commStart;
  while (commEnd < end && !isSpace(text.charCodeAt(commEnd))) commEnd++;
  let argsStart = commEnd;
  while (argsStart < end && isSpace(text.charCodeAt(argsStart))) argsStart++;
  return argsStart < end ? { commEnd, argsStart } : null;
}

/** Bytes of text[start, end) in UTF-8: the kernel's limit on a process name is in bytes. */
function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A field quoted in a message: hostile lines can be a megabyte long. */
function excerpt(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
