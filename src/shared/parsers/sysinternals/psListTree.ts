// Parses the process tree of Sysinternals PsList (`pslist -t`): each process under its parent, indented.
//
// Rules the fixtures hold it to:
// - Only the tree's table is read: "Name Pid Pri Thd Hnd VM WS Priv". Rows are read from the right like every PsList
//   table (psListTable.ts), so the PID is the one printed in the row whatever the name holds.
// - PsList indents a child two spaces under its parent (measured: "  firefox" under "firefox"). The depth is the
//   indentation beyond the header's own, divided by two; the parent (ppid) is the nearest row above at depth - 1.
//   A top-level row has no parent in the listing (its parent has exited, or it is the idle process): ppid null.
// - An odd indentation or a level skipped (depth 2 right under depth 0) cannot say who the parent is: the row is
//   kept with ppid null (and depth null for an odd indentation) and a warning says why.
// - CPU and elapsed times are not printed by -t: cpuSec and elapsedSec are null.
import type { ParseResult, ProcessEntry } from '../../domain';
import { detectionHead, detectionScore } from '../detection';
import { forEachLine, type TextLine } from '../lineWalker';
import { ParseLog } from '../parseLog';
import { bareProcessEntry } from '../processEntry';
import { isConsoleSpace } from '../whitespace';
import { MAX_SENTENCE_LENGTH } from './consoleLines';
import { readFrameLine } from './psToolsBanner';
import { readProcessHeader, readRow, TREE_TITLES, type ProcessColumn, type TableHeader } from './psListTable';

export const id = 'pslist-tree';
export const version = '1.0.0';
export const commands = ['pslist -t'] as const;

/** A row of the tree: VM and WS are printed by -t besides Priv. */
export type PsListTreeProcess = ProcessEntry & {
  /** VM: virtual memory, KiB. */
  virtualKb: number | null;
  /** WS: working set, KiB. */
  workingSetKb: number | null;
};

export interface PsListTreeSections {
  tool: string | null;
  toolVersion: string | null;
  /** From "Process information for HOST:", verbatim. */
  host: string | null;
}

export type PsListTreeResult = ParseResult<PsListTreeProcess, PsListTreeSections>;

const EXPECTED = {
  row: `a row of the tree: the name indented two spaces per level, then ${TREE_TITLES.slice(1).join(' ')}`,
  header: `the header of pslist -t: ${TREE_TITLES.join(' ')}`,
  line: 'pslist -t output: banner, "Process information for HOST:", the tree header or a row of the tree',
  completeLine: 'a line ending with a line break',
} as const;

const TITLE = /^Process information for (.+?):?$/;
const ELISION = /^(?:\.{3,}|\u2026)$/;

/** Parses `pslist -t` output. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): PsListTreeResult {
  return new PsListTreeParser(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like `pslist -t` output (its header is enough). */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  let score = 0;
  if (/^[ \t]*Name[ \t]+Pid[ \t]+Pri[ \t]+Thd[ \t]+Hnd[ \t]+VM[ \t]+WS[ \t]+Priv[ \t]*\r?$/m.test(head)) score += 0.9;
  if (/^[ \t]*ps ?list(?:64)? v?\d+(?:\.\d+)* +- /im.test(head)) score += 0.1;
  return detectionScore(score);
}

const NO_TABLE = 0;
const TREE_TABLE = 1;
const OTHER_TABLE = 2;

class PsListTreeParser {
  private readonly records: PsListTreeProcess[] = [];
  private readonly log: ParseLog;
  private readonly sections: PsListTreeSections = { tool: null, toolVersion: null, host: null };
  private table = NO_TABLE;
  private header: TableHeader<ProcessColumn> | null = null;
  /** PIDs of the rows above, by depth: the parents a deeper row may have. */
  private ancestors: (number | undefined)[] = [];

  constructor(private readonly text: string) {
    this.log = new ParseLog(text);
  }

  run(): PsListTreeResult {
    forEachLine(this.text, isConsoleSpace, (line) => this.readLine(line));
    return this.log.result(id, version, this.records, this.sections);
  }

  private readLine(line: TextLine): void {
    let problem: string | null = null;
    if (this.table === TREE_TABLE) {
      problem = this.readTreeRow(line);
      if (problem === null) return;
    }
    if (this.readSentence(line)) return;
    if (this.table === TREE_TABLE) {
      if (!line.terminated) this.log.reportLine(line, 'error', 'The output ends inside this line (no line break after it): the capture may have been cut, so the row is not trusted', EXPECTED.completeLine);
      else this.log.reportLine(line, 'error', `Not a row of the tree: ${problem}`, EXPECTED.row);
    } else if (this.table === OTHER_TABLE) {
      this.log.reportLine(line, 'warning', 'Row of a table this parser does not read', EXPECTED.header);
    } else {
      this.log.reportLine(line, 'warning', 'Not part of pslist -t output', EXPECTED.line);
    }
  }

  private readSentence(line: TextLine): boolean {
    if (line.end - line.start > MAX_SENTENCE_LENGTH) return false;
    const text = this.text.slice(line.start, line.end);
    const frame = readFrameLine(text, 'pslist');
    if (frame !== null) {
      if (frame !== 'frame') {
        this.sections.tool ??= frame.tool;
        this.sections.toolVersion ??= frame.version;
      }
      this.log.structure(line.number);
      return true;
    }
    const title = TITLE.exec(text);
    if (title !== null) {
      this.log.structure(line.number);
      const host = title[1]!;
      if (this.sections.host !== null && this.sections.host !== host) {
        this.log.reportLine(line, 'warning', `A listing of another host (${host}) after one of ${this.sections.host}: the rows below are ${host}'s`);
      }
      this.sections.host ??= host;
      this.table = NO_TABLE;
      return true;
    }
    if (text.startsWith('Name')) {
      const reading = readProcessHeader(this.text, line);
      if (reading === null) return false;
      this.log.structure(line.number);
      const isTree = 'header' in reading && reading.header.titles.length === TREE_TITLES.length && reading.header.titles.every((title, i) => title === TREE_TITLES[i]);
      if (isTree) {
        this.table = TREE_TABLE;
        this.header = reading.header;
        this.ancestors = [];
      } else {
        this.table = OTHER_TABLE;
        this.log.reportLine(line, 'error', 'Not the header of pslist -t: this table has no tree, its rows are not read here', EXPECTED.header);
      }
      return true;
    }
    if (ELISION.test(text)) {
      this.log.reportLine(line, 'info', 'An elision mark in the capture: rows were left out here; parents across it may be wrong', EXPECTED.line);
      return true;
    }
    return false;
  }

  /** Reads a row of the tree; null when it was recorded, else what is wrong with it. */
  private readTreeRow(line: TextLine): string | null {
    const header = this.header!;
    if (!line.terminated) return 'the line has no line break after it';
    const row = readRow(this.text, line, header, true);
    if (typeof row === 'string') return row;

    const indentation = line.start - line.lineStart - header.indent;
    const record: PsListTreeProcess = {
      ...bareProcessEntry(line.number, this.text.slice(row.nameStart, row.nameEnd), 0),
      virtualKb: null,
      workingSetKb: null,
    };
    for (let c = 0; c < header.columns.length; c++) {
      const field = header.columns[c]!.field;
      if (field in record) (record as unknown as Record<string, number>)[field] = row.values[c] as number;
    }
    this.records.push(record);

    if (indentation < 0 || indentation % 2 !== 0) {
      this.log.reportLine(line, 'warning', `Indented ${indentation} spaces from the header, not a multiple of two: depth and parent unknown`, EXPECTED.row);
      // Rows below may be its children: none of them may take a row above it for a parent.
      this.ancestors.length = Math.min(this.ancestors.length, Math.floor(Math.max(indentation, 0) / 2));
      return null;
    }
    const depth = indentation / 2;
    record.depth = depth;
    if (depth > 0) {
      const parent = depth <= this.ancestors.length ? this.ancestors[depth - 1] : undefined;
      if (parent === undefined) {
        this.log.reportLine(line, 'warning', `At depth ${depth} with no row at depth ${depth - 1} above it: parent unknown`, EXPECTED.row);
      } else {
        record.ppid = parent;
      }
    }
    this.ancestors.length = Math.min(this.ancestors.length, depth);
    this.ancestors[depth] = record.pid;
    return null;
  }
}
