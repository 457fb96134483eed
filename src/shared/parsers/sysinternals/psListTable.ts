// Reads PsList's tables: the header line names the columns, and each row is read from the right, column by column,
// so that whatever is left on the left is the process name — spaces, digits and all.
//
// Why from the right: a process name may hold spaces and end in digits ("Test Cpp 2013      6980   8 …",
// "Memory Compression", "System Idle Process"); counted from the left, such a name would shift every column and the
// PID the analyst kills would be another field. Counted from the right, the PID is always the column just left of the
// Pri (or VM, or CPU) column, and each column is checked for its kind (a whole number, an h:mm:ss.mmm time, a thread
// state), so a row that lost a column does not read.
//
// Column positions: PsList prints each value right-aligned in the width its title gives it (printf-style), and a
// value wider than that pushes the rest of the row to the right after one space. Where the header kept this layout
// (runs of spaces between titles), every row is checked against it column by column (misplacedColumn below): a row
// that lost a field at its end — a wrapped or cut line — has every later value one field to the left and is refused,
// even when its name ends in digits and the kinds alone would fit. In a copy with whitespace collapsed (the project
// seed) positions mean nothing and only the kinds are checked. The PID is also refused when it is wider than the 7
// characters PsList prints it in: a name that fills its field is followed by the PID with nothing between them.
//
// Layout of PsList v1.4, measured on real captures (0-based end offsets of each title and value):
//   Name                Pid Pri Thd  Hnd   Priv        CPU Time    Elapsed Time      Pid 23, Pri 27, …, Elapsed 75
//   Name                Pid      VM      WS    Priv Priv Pk   Faults   NonP Page    (-m, and each process of -x)
//   Name                             Pid Pri Thd  Hnd      VM      WS    Priv       (-t, names indented 2 per level)
//    Tid Pri    Cswtch            State     User Time   Kernel Time   Elapsed Time  (threads of -d and -x)
import { parseDigits } from '../digits';
import { isConsoleSpace as isSpace } from '../whitespace';
import type { TextLine } from '../lineWalker';

/** Fields of a process row, named as in the records. */
export type ProcessColumn =
  | 'pid'
  | 'priority'
  | 'cpuPercent'
  | 'threads'
  | 'handles'
  | 'virtualKb'
  | 'workingSetKb'
  | 'privateKb'
  | 'privatePeakKb'
  | 'pageFaults'
  | 'nonPagedPoolKb'
  | 'pagedPoolKb'
  | 'cpuSec'
  | 'elapsedSec';

/** Fields of a thread row (-d, -x). */
export type ThreadColumn = 'tid' | 'priority' | 'contextSwitches' | 'state' | 'userSec' | 'kernelSec' | 'elapsedSec';

type ValueKind = 'count' | 'time' | 'state';

interface ColumnDefinition<F> {
  field: F;
  kind: ValueKind;
  /** Widest value the column can print before it runs into the column on its left. */
  maxLength?: number;
}

const PROCESS_COLUMNS: Readonly<Record<string, ColumnDefinition<ProcessColumn>>> = {
  // PsList prints the PID in 7 characters right after the name field; a name that fills its field is followed by
  // no space at all, so a longer run of digits may be the end of the name fused to the PID ("… 20131234568"). Such a
  // row is not read: a PID that may be another number must never reach the kill button.
  Pid: { field: 'pid', kind: 'count', maxLength: 7 },
  Pri: { field: 'priority', kind: 'count' },
  // Task-manager mode (-s) of PsList v1.3 prints the CPU percentage where Pri usually is.
  CPU: { field: 'cpuPercent', kind: 'count' },
  Thd: { field: 'threads', kind: 'count' },
  Hnd: { field: 'handles', kind: 'count' },
  VM: { field: 'virtualKb', kind: 'count' },
  WS: { field: 'workingSetKb', kind: 'count' },
  Priv: { field: 'privateKb', kind: 'count' },
  'Priv Pk': { field: 'privatePeakKb', kind: 'count' },
  Faults: { field: 'pageFaults', kind: 'count' },
  NonP: { field: 'nonPagedPoolKb', kind: 'count' },
  Page: { field: 'pagedPoolKb', kind: 'count' },
  'CPU Time': { field: 'cpuSec', kind: 'time' },
  'Elapsed Time': { field: 'elapsedSec', kind: 'time' },
};

const THREAD_COLUMNS: Readonly<Record<string, ColumnDefinition<ThreadColumn>>> = {
  Pri: { field: 'priority', kind: 'count' },
  Cswtch: { field: 'contextSwitches', kind: 'count' },
  State: { field: 'state', kind: 'state' },
  'User Time': { field: 'userSec', kind: 'time' },
  'Kernel Time': { field: 'kernelSec', kind: 'time' },
  'Elapsed Time': { field: 'elapsedSec', kind: 'time' },
};

/** The column titles of `pslist -t`, in order: the only table the tree parser reads. */
export const TREE_TITLES = ['Name', 'Pid', 'Pri', 'Thd', 'Hnd', 'VM', 'WS', 'Priv'] as const;

export interface TableColumn<F> {
  title: string;
  field: F;
  kind: ValueKind;
  maxLength?: number;
  /** Offset, from the start of the header line, just after the title's last character. */
  end: number;
}

/** A header line read: which table follows and where its columns end. */
export interface TableHeader<F> {
  line: number;
  /** Every title as printed, "Name" (or "Tid") first. */
  titles: string[];
  /** The value columns, left to right (the name column excluded for process tables). */
  columns: TableColumn<F>[];
  /** Offset of the first title ("Name", "Tid") from the start of its line: the tree's depth 0. */
  indent: number;
  /** The header keeps PsList's column layout (runs of spaces between titles). */
  aligned: boolean;
}

export type HeaderReading<F> = { header: TableHeader<F> } | { unknownTitles: string[] } | null;

/** Splits a header's words into titles, joining the two-word ones ("CPU Time", "Priv Pk"); ends are line offsets. */
function titlesOf(text: string, line: TextLine): { title: string; end: number }[] {
  const words: { word: string; end: number }[] = [];
  let i = line.start;
  while (i < line.end) {
    while (i < line.end && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < line.end && !isSpace(text.charCodeAt(i))) i++;
    if (i > start) words.push({ word: text.slice(start, i), end: i - line.lineStart });
  }
  const titles: { title: string; end: number }[] = [];
  for (let w = 0; w < words.length; w++) {
    const { word, end } = words[w]!;
    const next = words[w + 1];
    if (next !== undefined && ((word === 'Priv' && next.word === 'Pk') || (next.word === 'Time' && (word === 'CPU' || word === 'Elapsed' || word === 'User' || word === 'Kernel')))) {
      titles.push({ title: `${word} ${next.word}`, end: next.end });
      w++;
    } else {
      titles.push({ title: word, end });
    }
  }
  return titles;
}

function hasRunOfSpaces(text: string, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) {
    if (text.charCodeAt(i) === 32 && text.charCodeAt(i - 1) === 32) return true;
  }
  return false;
}

/** The header of a process table ("Name Pid …"); null when the line is not one, unknownTitles for a table we do not read. */
export function readProcessHeader(text: string, line: TextLine): HeaderReading<ProcessColumn> {
  if (line.end - line.start > 512 || !text.startsWith('Name', line.start)) return null;
  const titles = titlesOf(text, line);
  if (titles.length < 3 || titles[0]!.title !== 'Name' || titles[1]!.title !== 'Pid') return null;
  const unknown = titles.slice(1).filter(({ title }) => PROCESS_COLUMNS[title] === undefined).map(({ title }) => title);
  if (unknown.length > 0) return { unknownTitles: unknown };
  return {
    header: {
      line: line.number,
      titles: titles.map(({ title }) => title),
      columns: titles.slice(1).map(({ title, end }) => ({ title, end, ...PROCESS_COLUMNS[title]! })),
      indent: line.start - line.lineStart,
      aligned: hasRunOfSpaces(text, line.start, line.end),
    },
  };
}

/** The header of a thread table (" Tid Pri Cswtch State User Time Kernel Time Elapsed Time"). */
export function readThreadHeader(text: string, line: TextLine): HeaderReading<ThreadColumn> {
  if (line.end - line.start > 512 || !text.startsWith('Tid', line.start)) return null;
  const titles = titlesOf(text, line);
  if (titles.length < 2 || titles[0]!.title !== 'Tid') return null;
  const unknown = titles.slice(1).filter(({ title }) => THREAD_COLUMNS[title] === undefined).map(({ title }) => title);
  if (unknown.length > 0) return { unknownTitles: unknown };
  return {
    header: {
      line: line.number,
      titles: titles.map(({ title }) => title),
      columns: [{ title: 'Tid', field: 'tid', kind: 'count', end: titles[0]!.end }, ...titles.slice(1).map(({ title, end }) => ({ title, end, ...THREAD_COLUMNS[title]! }))],
      indent: line.start - line.lineStart,
      aligned: hasRunOfSpaces(text, line.start, line.end),
    },
  };
}

/**
 * PsList's "h:mm:ss.mmm" (hours unbounded: "1037:44:02.640") in seconds, or -1. Computed in whole milliseconds so
 * "0:37:20.984" is exactly 2240.984.
 */
export function readTime(text: string, start: number, end: number): number {
  if (end - start > 24) return -1;
  let first = start;
  while (first < end && text.charCodeAt(first) !== 58) first++;
  // ":mm:ss" must fit in the field.
  if (first === start || first + 6 > end || first - start > 12) return -1;
  const hours = parseDigits(text, start, first);
  const minutes = parseDigits(text, first + 1, first + 3);
  if (hours < 0 || minutes < 0 || minutes > 59 || text.charCodeAt(first + 3) !== 58) return -1;
  const seconds = parseDigits(text, first + 4, first + 6);
  if (seconds < 0 || seconds > 59) return -1;
  let milliseconds = 0;
  if (first + 6 !== end) {
    const digits = end - first - 7;
    if (text.charCodeAt(first + 6) !== 46 || digits < 1 || digits > 3) return -1;
    const fraction = parseDigits(text, first + 7, end);
    if (fraction < 0) return -1;
    milliseconds = fraction * 10 ** (3 - digits);
  }
  return ((hours * 3600 + minutes * 60 + seconds) * 1000 + milliseconds) / 1000;
}

/** A thread state as PsList prints it: "Running", "Wait:UserReq", "Wait:Executive". */
function isState(text: string, start: number, end: number): boolean {
  if (end - start > 40) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!letter && !(code === 58 && i > start)) return false;
  }
  return true;
}

/** A row read: the name's span (empty for thread rows) and the values in column order. */
export interface RowReading {
  /** Offsets of the name in the text; nameStart === nameEnd when the table has no name column. */
  nameStart: number;
  nameEnd: number;
  /** Numbers (counts, seconds) or strings (states), in the order of the header's columns. */
  values: (number | string)[];
}

/**
 * Reads a row against its header, right to left. Returns the reading, or what is wrong with the line (the caller
 * reports it). `withName` is false for thread rows, which must hold exactly the header's columns.
 */
export function readRow<F>(text: string, line: TextLine, header: TableHeader<F>, withName: boolean): RowReading | string {
  const columns = header.columns;
  const count = columns.length;
  const values = new Array<number | string>(count);
  const starts = new Array<number>(count);
  const ends = new Array<number>(count);
  let i = line.end;
  for (let c = count - 1; c >= 0; c--) {
    const column = columns[c]!;
    if (i <= line.start) {
      const read = count - 1 - c;
      return `only ${read} field${read === 1 ? '' : 's'} where the table has ${count}${withName ? ', and no name' : ''}`;
    }
    const end = i;
    while (i > line.start && !isSpace(text.charCodeAt(i - 1))) i--;
    const start = i;
    while (i > line.start && isSpace(text.charCodeAt(i - 1))) i--;
    starts[c] = start;
    ends[c] = end;
    // Each field is checked as it is taken, so the first wrong one from the right is the one reported.
    if (column.maxLength !== undefined && end - start > column.maxLength) {
      return `${column.title} "${text.slice(start, end)}" is wider than PsList prints it (${column.maxLength} characters): it may be fused with the field on its left`;
    }
    if (column.kind === 'count') {
      const value = parseDigits(text, start, end);
      if (value < 0) return `${column.title} "${text.slice(start, end)}" is not a whole number`;
      values[c] = value;
    } else if (column.kind === 'time') {
      const value = readTime(text, start, end);
      if (value < 0) return `${column.title} "${text.slice(start, end)}" is not a time (h:mm:ss.mmm)`;
      values[c] = value;
    } else {
      if (!isState(text, start, end)) return `${column.title} "${text.slice(start, end)}" is not a thread state`;
      values[c] = text.slice(start, end);
    }
  }
  if (withName && i <= line.start) return `no process name left of the ${count} columns (${header.titles.slice(1).join(' ')})`;
  if (!withName && i > line.start) return `more fields than the ${count} columns of the thread table`;

  // Checked whenever the header kept its layout: a cut row may have lost every run of padding along with its fields.
  if (withName && header.aligned) {
    const misplaced = misplacedColumn(header, line.lineStart, i, starts, ends);
    if (misplaced !== null) {
      const column = columns[misplaced]!;
      return `${column.title} "${text.slice(starts[misplaced]!, ends[misplaced]!)}" is not where PsList prints that column: a field is missing or moved, the row is not read`;
    }
  }
  return { nameStart: line.start, nameEnd: i, values };
}

/** Width of the PID field: PsList prints it right after the name field, right-aligned in 7 characters. */
const PID_WIDTH = 7;

/**
 * Checks a column-aligned row against printf's rule, column by column: each value is right-aligned in the width its
 * title gives it (the distance from the previous title's end), and a value too wide for it pushes the rest of the row
 * right by what it overflows, after one separating space. The PID sits at the end of "Pid" when the name fits its
 * field, else right after the overflowing name (7 or 8 characters after it: the captures do not tell whether PsList
 * prints a separator there). Returns the first column, left to right, that is not where the rule puts it; null when
 * the row fits. This is what refuses a row that lost a field while its name ends in digits: every later value then
 * sits one field to the left.
 */
function misplacedColumn<F>(header: TableHeader<F>, lineStart: number, nameEnd: number, starts: number[], ends: number[]): number | null {
  const columns = header.columns;
  const pidEnd = ends[0]! - lineStart;
  const nameEndOffset = nameEnd - lineStart;
  const headerPidEnd = columns[0]!.end;
  const nameFits = nameEndOffset <= headerPidEnd - PID_WIDTH;
  const pidPlaced = nameFits ? pidEnd === headerPidEnd : pidEnd === nameEndOffset + PID_WIDTH || pidEnd === nameEndOffset + PID_WIDTH + 1;
  if (!pidPlaced && pidEnd !== headerPidEnd) return 0;
  let previousEnd = pidEnd;
  for (let c = 1; c < columns.length; c++) {
    const width = columns[c]!.end - columns[c - 1]!.end;
    const length = ends[c]! - starts[c]!;
    const expectedEnd = previousEnd + Math.max(width, length + 1);
    if (ends[c]! - lineStart !== expectedEnd) return c;
    previousEnd = expectedEnd;
  }
  return null;
}
