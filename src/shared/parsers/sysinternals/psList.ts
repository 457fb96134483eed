// Parses Sysinternals PsList (`pslist`, `pslist \\HOST`, -m, -x, -d, -s): the processes of a Windows host, by PID.
//
// Rules the fixtures hold it to:
// - Tables are found by their header lines and read from the right (see psListTable.ts): a process name with spaces
//   or digits never moves the PID, and a row that lost a field is a diagnostic, not a record. The PID in a record is
//   the one printed in its row; the kill button depends on it.
// - Times ("0:37:20.984", "1037:44:02.640") become seconds; counts become numbers; a field the listing does not
//   print is null. The memory columns (-m, -x) are kept in the extra fields of PsListProcess.
// - Banner, title ("Process information for HOST:" → sections.host), headers, echoed command and prompt are
//   structural lines. Thread rows (-d, -x) go to sections.threads, under the process they follow.
// - `pslist -t` prints a tree: its table is left to the pslist-tree parser and reported here, not read flat.
// - A last line with no line break after it is not trusted as a row: the capture may have been cut inside it.
// - Every other line becomes a diagnostic with its 1-based line number; the rest still parses.
import type { ParseResult, ProcessEntry } from '../../domain';
import { detectionHead, detectionScore } from '../detection';
import { forEachLine, type TextLine } from '../lineWalker';
import { ParseLog } from '../parseLog';
import { bareProcessEntry } from '../processEntry';
import { isConsoleSpace } from '../whitespace';
import { collapseSpaces, MAX_SENTENCE_LENGTH } from './consoleLines';
import { readFrameLine } from './psToolsBanner';
import { readProcessHeader, readRow, readThreadHeader, TREE_TITLES, type ProcessColumn, type TableHeader, type ThreadColumn } from './psListTable';

export const id = 'pslist';
export const version = '1.0.0';
export const commands = ['pslist', 'pslist -m', 'pslist -x', 'pslist -d', 'pslist -dmx', 'pslist -s'] as const;

/** A process row of PsList; the memory columns of -m and -x are here, null where the listing lacks them. */
export type PsListProcess = ProcessEntry & {
  /** Task-manager mode (-s) of PsList v1.3: CPU percentage in the last interval. */
  cpuPercent: number | null;
  /** VM: virtual memory, KiB. */
  virtualKb: number | null;
  /** WS: working set, KiB. */
  workingSetKb: number | null;
  /** Priv Pk: peak private bytes, KiB. */
  privatePeakKb: number | null;
  /** Faults: page faults. */
  pageFaults: number | null;
  /** NonP: non-paged pool, KiB. */
  nonPagedPoolKb: number | null;
  /** Page: paged pool, KiB. */
  pagedPoolKb: number | null;
};

/** A thread row of `pslist -d` or `-x`. */
export interface PsListThread {
  line: number;
  /** The process the thread belongs to (the row or "name pid:" heading above it); null if none was read. */
  pid: number | null;
  processName: string | null;
  tid: number;
  priority: number | null;
  /** Cswtch: context switches. */
  contextSwitches: number | null;
  /** As printed: "Running", "Wait:UserReq". */
  state: string | null;
  userSec: number | null;
  kernelSec: number | null;
  elapsedSec: number | null;
}

/** Which listing the title line announced. */
export type PsListListing = 'processes' | 'memory' | 'processes-and-threads' | 'threads';

export interface PsListSections {
  /** The banner line as printed, e.g. "pslist v1.28 - Sysinternals PsList". */
  tool: string | null;
  toolVersion: string | null;
  /** From "Process information for HOST:", verbatim (anonymised names included). */
  host: string | null;
  listing: PsListListing | null;
  /** Task-manager mode prints the time of the snapshot before the title: "23:45:22 2013-09-29", as printed. */
  capturedAt: string | null;
  /** Titles of the process table read, as printed ("Name", "Pid", …, "CPU Time", "Elapsed Time"). */
  columns: string[];
  threads: PsListThread[];
  /** "process firefox was not found on n0_puter": the name asked for and the host. */
  notFound: { line: number; name: string; host: string }[];
  /** PsList's own error lines, e.g. "Processor performance object not found on HOGE-PC". */
  toolErrors: { line: number; message: string }[];
}

export type PsListResult = ParseResult<PsListProcess, PsListSections>;

const EXPECTED = {
  processRow: 'a process row: the name, then one field per column of the header above',
  threadRow: 'a thread row: Tid Pri Cswtch State User Time Kernel Time Elapsed Time',
  line: 'PsList output: banner, "Process information for HOST:", a table header, or a row of the table',
  completeLine: 'a line ending with a line break',
} as const;

const TITLE = /^(?:(\d{1,2}:\d{2}:\d{2} \d{4}-\d{2}-\d{2}) )?(Process information|Process memory detail|Process and thread information|Thread detail) for (.+?):?$/;
const LISTINGS: Record<string, PsListListing> = {
  'Process information': 'processes',
  'Process memory detail': 'memory',
  'Process and thread information': 'processes-and-threads',
  'Thread detail': 'threads',
};
const NOT_FOUND = /^process (.+) was not found on (\S+)$/i;
const TOOL_ERROR = /^(?:Process(?:or)? performance object not found on .+|(?:Try running|Run) Exctrlst\b.*)$/i;
/** The heading of a process in `pslist -d`: "java 36052:". */
const THREAD_OWNER = /^(\S(?:.*\S)?)\s+(\d{1,15}):$/;
const ELISION = /^(?:\.{3,}|\u2026|\[\s*(?:output )?(?:omitted|snip|truncated)[^\]]*\])$/i;

/** Parses PsList output. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): PsListResult {
  return new PsListParser(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like PsList output (a `pslist -t` tree scores low: pslist-tree reads it). */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  if (/^[ \t]*Name[ \t]+Pid[ \t]+Pri[ \t]+Thd[ \t]+Hnd[ \t]+VM[ \t]+WS[ \t]+Priv[ \t]*\r?$/m.test(head)) return 0.3;
  let score = 0;
  if (/^[ \t]*ps ?list(?:64)? v?\d+(?:\.\d+)* +- /im.test(head)) score += 0.4;
  if (/^[ \t]*(?:\d{1,2}:\d{2}:\d{2} \d{4}-\d{2}-\d{2} )?(?:Process information|Process memory detail|Process and thread information|Thread detail) for /m.test(head)) score += 0.2;
  if (/^[ \t]*Name[ \t]+Pid[ \t]+(?:Pri|CPU)[ \t]+Thd[ \t]+Hnd[ \t]+Priv[ \t]+CPU Time[ \t]+Elapsed Time/m.test(head)) score += 0.6;
  if (/^[ \t]*Name[ \t]+Pid[ \t]+VM[ \t]+WS[ \t]+Priv[ \t]+Priv Pk[ \t]+Faults[ \t]+NonP[ \t]+Page/m.test(head)) score += 0.6;
  if (/^[ \t]*Tid[ \t]+Pri[ \t]+Cswtch[ \t]+State/m.test(head)) score += 0.3;
  return detectionScore(score);
}

const NO_TABLE = 0;
const PROCESS_TABLE = 1;
const THREAD_TABLE = 2;
/** After a header we do not read (the -t tree, unknown columns): its rows are reported, not guessed at. */
const OTHER_TABLE = 3;

/** One pass over the text. */
class PsListParser {
  private readonly records: PsListProcess[] = [];
  private readonly log: ParseLog;
  private readonly sections: PsListSections = {
    tool: null,
    toolVersion: null,
    host: null,
    listing: null,
    capturedAt: null,
    columns: [],
    threads: [],
    notFound: [],
    toolErrors: [],
  };
  private table = NO_TABLE;
  private processHeader: TableHeader<ProcessColumn> | null = null;
  private threadHeader: TableHeader<ThreadColumn> | null = null;
  /** The process the next thread rows belong to. */
  private owner: { pid: number; name: string } | null = null;

  constructor(private readonly text: string) {
    this.log = new ParseLog(text);
  }

  run(): PsListResult {
    forEachLine(this.text, isConsoleSpace, (line) => this.readLine(line));
    return this.log.result(id, version, this.records, this.sections);
  }

  private structure(line: TextLine): void {
    this.log.structure(line.number);
  }

  private readLine(line: TextLine): void {
    // The hot path: inside a table, most lines are its rows.
    let problem: string | null = null;
    if (this.table === PROCESS_TABLE) {
      problem = this.readProcessRow(line);
      if (problem === null) return;
    } else if (this.table === THREAD_TABLE) {
      problem = this.readThreadRow(line);
      if (problem === null) return;
      // `-x` may go on with the next process without repeating the header.
      if (this.processHeader !== null && this.readProcessRow(line) === null) return;
    }

    if (this.readSentence(line)) return;

    if (!line.terminated && (this.table === PROCESS_TABLE || this.table === THREAD_TABLE)) {
      this.log.reportLine(line, 'error', 'The output ends inside this line (no line break after it): the capture may have been cut, so the row is not trusted', EXPECTED.completeLine);
    } else if (this.table === PROCESS_TABLE) {
      this.log.reportLine(line, 'error', `Not a row of the process table: ${problem}`, EXPECTED.processRow);
    } else if (this.table === THREAD_TABLE) {
      this.log.reportLine(line, 'error', `Not a row of the thread table: ${problem}`, EXPECTED.threadRow);
    } else if (this.table === OTHER_TABLE) {
      this.log.reportLine(line, 'warning', 'Row of a table this parser does not read', EXPECTED.line);
    } else {
      this.log.reportLine(line, 'warning', 'Not part of PsList output', EXPECTED.line);
    }
  }

  /** Banner, title, headers, headings and PsList's own messages; true when the line was one of them. */
  private readSentence(line: TextLine): boolean {
    if (line.end - line.start > MAX_SENTENCE_LENGTH) return false;
    const text = this.text.slice(line.start, line.end);
    const frame = readFrameLine(text, 'pslist');
    if (frame !== null) {
      if (frame !== 'frame') {
        this.sections.tool ??= frame.tool;
        this.sections.toolVersion ??= frame.version;
      }
      this.structure(line);
      return true;
    }
    const title = TITLE.exec(text);
    if (title !== null) {
      this.readTitle(line, title[1] ?? null, LISTINGS[title[2]!]!, title[3]!);
      return true;
    }
    if (text.startsWith('Name')) return this.readProcessHeader(line);
    if (text.startsWith('Tid')) return this.readThreadHeader(line);
    const heading = THREAD_OWNER.exec(text);
    if (heading !== null) {
      this.readThreadOwner(line, heading[1]!, Number(heading[2]));
      return true;
    }
    const notFound = NOT_FOUND.exec(text);
    if (notFound !== null) {
      this.sections.notFound.push({ line: line.number, name: notFound[1]!, host: notFound[2]! });
      this.structure(line);
      return true;
    }
    if (TOOL_ERROR.test(text)) {
      this.sections.toolErrors.push({ line: line.number, message: collapseSpaces(text) });
      this.structure(line);
      return true;
    }
    if (ELISION.test(text)) {
      this.log.reportLine(line, 'info', 'An elision mark in the capture: rows were left out here', EXPECTED.line);
      return true;
    }
    return false;
  }

  private readTitle(line: TextLine, capturedAt: string | null, listing: PsListListing, host: string): void {
    this.structure(line);
    if (this.sections.host !== null && this.sections.host !== host) {
      this.log.reportLine(line, 'warning', `A listing of another host (${host}) after one of ${this.sections.host}: the rows below are ${host}'s`);
    }
    this.sections.host ??= host;
    this.sections.listing ??= listing;
    if (capturedAt !== null) this.sections.capturedAt ??= capturedAt;
    this.table = NO_TABLE;
    this.owner = null;
  }

  private readProcessHeader(line: TextLine): boolean {
    const reading = readProcessHeader(this.text, line);
    if (reading === null) return false;
    this.structure(line);
    this.owner = null;
    if ('unknownTitles' in reading) {
      this.table = OTHER_TABLE;
      this.log.reportLine(line, 'error', `Table header with columns PsList's tables do not have (${reading.unknownTitles.join(', ')}): its rows are not read`, EXPECTED.line);
      return true;
    }
    const { header } = reading;
    if (header.titles.length === TREE_TITLES.length && header.titles.every((title, i) => title === TREE_TITLES[i])) {
      this.table = OTHER_TABLE;
      this.log.reportLine(line, 'error', 'The process tree of pslist -t: read it with the pslist-tree parser, which keeps the tree; its rows are not read here', EXPECTED.line);
      return true;
    }
    this.table = PROCESS_TABLE;
    this.processHeader = header;
    this.sections.columns = header.titles;
    return true;
  }

  private readThreadHeader(line: TextLine): boolean {
    const reading = readThreadHeader(this.text, line);
    if (reading === null) return false;
    this.structure(line);
    if ('unknownTitles' in reading) {
      this.table = OTHER_TABLE;
      this.log.reportLine(line, 'error', `Thread table header with unknown columns (${reading.unknownTitles.join(', ')}): its rows are not read`, EXPECTED.threadRow);
      return true;
    }
    this.table = THREAD_TABLE;
    this.threadHeader = reading.header;
    return true;
  }

  /** "java 36052:" above the threads of `pslist -d`: the process, with what the heading tells (name and PID). */
  private readThreadOwner(line: TextLine, name: string, pid: number): void {
    if (!line.terminated) {
      this.log.reportLine(line, 'error', 'The output ends inside this line (no line break after it): the capture may have been cut, so the heading is not trusted', EXPECTED.completeLine);
      return;
    }
    this.records.push(processRecord(line.number, name, pid));
    this.owner = { pid, name };
    this.table = NO_TABLE;
  }

  /** Reads a row of the process table; null when it was recorded, else what is wrong with it. */
  private readProcessRow(line: TextLine): string | null {
    const header = this.processHeader!;
    if (!line.terminated) return 'the line has no line break after it';
    const row = readRow(this.text, line, header, true);
    if (typeof row === 'string') return row;
    const name = this.text.slice(row.nameStart, row.nameEnd);
    const record = processRecord(line.number, name, 0);
    for (let c = 0; c < header.columns.length; c++) record[header.columns[c]!.field] = row.values[c] as number;
    this.records.push(record);
    this.owner = { pid: record.pid, name };
    this.table = PROCESS_TABLE;
    return null;
  }

  private readThreadRow(line: TextLine): string | null {
    const header = this.threadHeader!;
    if (!line.terminated) return 'the line has no line break after it';
    const row = readRow(this.text, line, header, false);
    if (typeof row === 'string') return row;
    const thread: PsListThread = {
      line: line.number,
      pid: this.owner?.pid ?? null,
      processName: this.owner?.name ?? null,
      tid: 0,
      priority: null,
      contextSwitches: null,
      state: null,
      userSec: null,
      kernelSec: null,
      elapsedSec: null,
    };
    for (let c = 0; c < header.columns.length; c++) (thread as unknown as Record<string, unknown>)[header.columns[c]!.field] = row.values[c];
    this.sections.threads.push(thread);
    this.structure(line);
    return null;
  }
}

function processRecord(line: number, name: string, pid: number): PsListProcess {
  return {
    ...bareProcessEntry(line, name, pid),
    cpuPercent: null,
    virtualKb: null,
    workingSetKb: null,
    privatePeakKb: null,
    pageFaults: null,
    nonPagedPoolKb: null,
    pagedPoolKb: null,
  };
}
