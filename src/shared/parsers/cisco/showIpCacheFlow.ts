// Parses Cisco IOS `show ip cache flow`: packet size distribution, cache statistics, protocol table and flow rows.
//
// Rules the fixtures hold it to:
// - Sections are found by their header lines and rows by token counts and column meaning, so both IOS's
//   column-aligned output and copies with whitespace collapsed read the same. The flow table's header must be IOS's
//   (SrcIf SrcIPaddress DstIf DstIPaddress Pr SrcP DstP Pkts); rows of any other table are not guessed at.
// - Every line that is not understood becomes a Diagnostic with its 1-based line number; the rest still parses.
// - The last line is trusted only if a line break follows it: a capture cut by a dropped connection ends mid-line,
//   and a row cut inside its packet count would look complete. (The SSH layer keeps the final line break; the
//   prompt after it is ignored.)
// - "Verbatim" text (Diagnostic.text, cache.lines) is the line without its line end and trailing
//   whitespace, so CRLF/LF and padding never change a result.
// - A leading echo of the command and a final prompt are not output: ignored without diagnostics.
// - The flow table is read into columns (flowColumns.ts): a million rows parse without a million objects, and
//   parse() builds the Flow records from them. Records are read-only: strings and `marks` arrays are shared.
import type { Diagnostic, FlowReading, ShowIpCacheFlowResult, ShowIpCacheFlowSections } from '../../domain';
import { FlowTable } from '../../flows/flowTable';
import { compileCommandPattern, isCommandEcho } from '../commandPattern';
import { detectionHead, detectionScore } from '../detection';
import { LineWalker } from '../lineWalker';
import { ParseLog } from '../parseLog';
import { isIosSpace as isSpace } from '../whitespace';
import { FlowColumns, type VerbatimFields } from './flowColumns';
import { countMultiplier, NOT_NUMERIC, parseCount, parseHex, parseIpv4 } from './flowFields';
import { IosFrame } from './iosCommandOutput';
import { IpCacheSummaryReader, roundedCountMessage } from './ipCacheSummary';

export const id = 'ios-ip-cache-flow';
export const version = '1.0.0';
export const commands = ['sh[[ow]] ip cac[[he]] fl[[ow]]'] as const;

const commandPatterns = commands.map(compileCommandPattern);

/** The flow table's column names, in order; any other header is a different table. */
const FLOW_COLUMNS = ['SrcIf', 'SrcIPaddress', 'DstIf', 'DstIPaddress', 'Pr', 'SrcP', 'DstP', 'Pkts'] as const;

const EXPECTED = {
  flowRow: 'a flow row of 8 fields: SrcIf SrcIPaddress DstIf DstIPaddress Pr SrcP DstP Pkts (Pr, SrcP and DstP in hex)',
  flowHeader: `the flow table header: ${FLOW_COLUMNS.join(' ')}`,
  section: 'a section of show ip cache flow: packet size distribution, flow cache statistics, protocol table or flow table',
  completeLine: 'a line ending with a line break',
} as const;

// Where in the output the parser is. The summary sections (packet sizes, cache statistics, protocol table) are read
// by IpCacheSummaryReader, shared with show ip cache verbose flow.
const NONE = 0;
const SUMMARY = 1;
const FLOWS = 2;
// What readFlowRow found; rowProblem() says it in words.
const ROW_READ = 0;
const ROW_FIELD_COUNT = 1;
const ROW_PROTOCOL = 2;
const ROW_SRC_PORT = 3;
const ROW_DST_PORT = 4;
const ROW_PACKETS = 5;
/** After a table header we do not know (e.g. `show ip cache verbose flow`): its rows are not ours to read. */
const UNKNOWN_TABLE = 3;

/** A parse whose flow table is kept in columns: what big captures are read into before any record exists. */
export interface ShowIpCacheFlowColumns {
  format: typeof id;
  parserVersion: string;
  columns: FlowColumns;
  sections: ShowIpCacheFlowSections;
  diagnostics: Diagnostic[];
  structuralLines: number[];
}

/** Parses the text of `show ip cache flow`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): ShowIpCacheFlowResult {
  const { format, parserVersion, columns, sections, diagnostics, structuralLines } = parseColumns(text);
  return { format, parserVersion, records: FlowTable.fromColumns(columns).flows(), sections, diagnostics, structuralLines };
}

/** parse() without building records: the flow table stays in columns. */
export function parseColumns(text: string): ShowIpCacheFlowColumns {
  const parser = new ShowIpCacheFlowParser(typeof text === 'string' ? text : '');
  return parser.run();
}

/** parse() into a flow table: the columns as read, no Flow record built. */
export function parseFlowTable(text: string): FlowReading {
  const { format, parserVersion, columns, sections, diagnostics } = parseColumns(text);
  return { format, parserVersion, table: FlowTable.fromColumns(columns).data, sections, diagnostics };
}

/** 0..1: how much the start of the text looks like `show ip cache flow` output. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const head = detectionHead(text);
  // `show ip cache verbose flow` shares the first sections but its flow table is another format.
  if (/SrcIf\s+SrcIPaddress\s+DstIf\s+DstIPaddress\s+Pr\s+TOS\s+Flgs\s+Pkts/.test(head)) return 0.3;
  // The flow table header alone is enough (an analyst may paste just the table); the summary sections add up to it.
  let score = 0;
  if (head.includes('IP packet size distribution')) score += 0.3;
  if (head.includes('IP Flow Switching Cache')) score += 0.2;
  if (/^[ \t]*Protocol[ \t]+Total[ \t]+Flows/m.test(head)) score += 0.1;
  if (/SrcIf\s+SrcIPaddress\s+DstIf\s+DstIPaddress\s+Pr\s+SrcP\s+DstP\s+Pkts/.test(head)) score += 0.6;
  return detectionScore(score);
}

/** Whether a hex field (already known to be hex digits) is written as IOS writes it: `width` digits, upper case. */
function isIosHex(text: string, start: number, end: number, width: number): boolean {
  if (end - start !== width) return false;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 97) return false;
  return true;
}

function splitWords(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** One pass over the text; holds the section being read and what has been found so far. */
class ShowIpCacheFlowParser {
  private readonly columns: FlowColumns;
  private readonly log: ParseLog;
  private readonly summary: IpCacheSummaryReader;

  private section = NONE;
  private readonly frame: IosFrame;
  /** Token boundaries of the current flow row: start, end, start, end… (9 tokens: one more than a row has). */
  private readonly tokens = new Int32Array(18);
  /** How many tokens readFlowRow found on the row it last looked at (9: more than 8). */
  private tokenCount = 0;
  constructor(private readonly text: string) {
    // A flow row is rarely shorter than 40 characters: enough room for all rows of most captures without growing.
    this.columns = new FlowColumns(Math.ceil(text.length / 40));
    this.log = new ParseLog(text);
    this.summary = new IpCacheSummaryReader(this.log);
    // No length limits here, unlike IosCommandOutput: this parser has always tried every line as echo and prompt.
    this.frame = new IosFrame(this.log, { isEcho: (line) => isCommandEcho(line, commandPatterns), expectedOutput: EXPECTED.section, maxEchoLength: Infinity, maxPromptLength: Infinity });
  }

  run(): ShowIpCacheFlowColumns {
    const lines = new LineWalker(this.text, isSpace);
    for (;;) {
      // The hot path: most lines of a big capture are flow rows, read in one tight loop.
      if (this.section === FLOWS && !this.frame.promptPending) this.readFlowRowRun(lines);
      if (!lines.next()) break;
      const { lineNumber, lineStart, contentStart: start, contentEnd: end, terminated } = lines;
      if (start < end) this.readLine(lineNumber, lineStart, start, end, terminated);
    }
    this.finish();
    return { format: id, parserVersion: version, columns: this.columns, sections: this.summary.sections(), diagnostics: this.log.diagnostics, structuralLines: this.log.structuralLines };
  }

  private finish(): void {
    this.summary.finish();
    this.frame.finish();
  }

  /**
   * Reads the well-formed flow rows that follow, blank lines between them included, and moves `lines` past them; stops
   * before the first line that needs more than that (anything else, a rounded count, an unterminated last line).
   */
  private readFlowRowRun(lines: LineWalker): void {
    const text = this.text;
    let position = lines.nextLineStart;
    let linesRead = lines.lineNumber;
    for (;;) {
      const newline = text.indexOf('\n', position);
      if (newline === -1) break;
      let end = newline;
      while (end > position && isSpace(text.charCodeAt(end - 1))) end--;
      let start = position;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      if (start < end && (countMultiplier(text.charCodeAt(end - 1)) !== 1 || this.readFlowRow(linesRead + 1, position, start, end) !== ROW_READ)) break;
      position = newline + 1;
      linesRead++;
    }
    lines.resumeAt(position, linesRead);
  }

  /** Any line that is not a well-formed flow row inside the flow table. */
  private readLine(lineNumber: number, lineStart: number, start: number, end: number, terminated: boolean): void {
    const raw = this.text.slice(lineStart, end);
    const line = this.text.slice(start, end);

    if (this.frame.read(lineNumber, raw, line, terminated)) return;
    if (!terminated) {
      this.log.report(lineNumber, 'error', 'The output ends inside this line (no line break after it): the connection may have dropped, so the line is not trusted', raw, EXPECTED.completeLine);
      return;
    }

    if (this.startsSection(lineNumber, raw, line)) {
      this.log.structure(lineNumber);
      return;
    }

    switch (this.section) {
      case SUMMARY:
        this.summary.readLine(lineNumber, raw, line);
        return;
      case FLOWS: {
        const code = this.readFlowRow(lineNumber, lineStart, start, end);
        if (code !== ROW_READ) this.log.report(lineNumber, 'error', this.rowProblem(code), raw, EXPECTED.flowRow);
        return;
      }
      case UNKNOWN_TABLE:
        this.log.report(lineNumber, 'warning', 'Row of a table this parser does not read', raw, EXPECTED.flowHeader);
        return;
      default:
        this.log.report(lineNumber, 'warning', 'Not part of any section of show ip cache flow', raw, EXPECTED.section);
    }
  }

  /** Recognises section headers wherever they appear; true when the line was one. */
  private startsSection(lineNumber: number, raw: string, line: string): boolean {
    const text = line;
    if (this.summary.startsSection(lineNumber, raw, line)) {
      this.section = SUMMARY;
      return true;
    }
    if (text.startsWith('SrcIf')) {
      this.summary.leave();
      const words = splitWords(text);
      const known = words.length === FLOW_COLUMNS.length && words.every((word, i) => word === FLOW_COLUMNS[i]);
      // IOS prints the flow table header once per table (ingress, egress): a repeat is normal.
      if (known) {
        this.section = FLOWS;
      } else {
        this.section = UNKNOWN_TABLE;
        this.log.report(lineNumber, 'error', 'Table header with other columns than show ip cache flow prints: its rows are not read', raw, EXPECTED.flowHeader);
      }
      return true;
    }
    return false;
  }

  /**
   * Reads one flow row straight from the text (no split, no regex): 8 whitespace-separated fields. Returns ROW_READ
   * when the row was recorded, else what is wrong with it as a ROW_* code that rowProblem() puts in words (the
   * caller decides whether the line is a header or an error). Codes keep message building out of the hot path.
   */
  private readFlowRow(lineNumber: number, lineStart: number, start: number, end: number): number {
    const text = this.text;
    const tokens = this.tokens;
    let count = 0;
    let i = start;
    while (i < end && count < 9) {
      tokens[count * 2] = i;
      while (i < end && !isSpace(text.charCodeAt(i))) i++;
      tokens[count * 2 + 1] = i;
      count++;
      while (i < end && isSpace(text.charCodeAt(i))) i++;
    }
    this.tokenCount = count;
    if (count !== 8) return ROW_FIELD_COUNT;

    const prStart = tokens[8]!, prEnd = tokens[9]!;
    const srcPStart = tokens[10]!, srcPEnd = tokens[11]!;
    const dstPStart = tokens[12]!, dstPEnd = tokens[13]!;
    const pktsStart = tokens[14]!, pktsEnd = tokens[15]!;
    const protocol = prEnd - prStart <= 2 ? parseHex(text, prStart, prEnd) : -1;
    if (protocol < 0) return ROW_PROTOCOL;
    const srcPort = srcPEnd - srcPStart <= 4 ? parseHex(text, srcPStart, srcPEnd) : -1;
    if (srcPort < 0) return ROW_SRC_PORT;
    const dstPort = dstPEnd - dstPStart <= 4 ? parseHex(text, dstPStart, dstPEnd) : -1;
    if (dstPort < 0) return ROW_DST_PORT;
    const packets = parseCount(text, pktsStart, pktsEnd);
    if (packets < 0) return ROW_PACKETS;

    const srcAddrStart = tokens[2]!, srcAddrEnd = tokens[3]!;
    const dstAddrStart = tokens[6]!, dstAddrEnd = tokens[7]!;
    const srcAddr = parseIpv4(text, srcAddrStart, srcAddrEnd);
    const dstAddr = parseIpv4(text, dstAddrStart, dstAddrEnd);

    const interfaces = this.columns.interfaces;
    const index = this.columns.push(lineNumber, interfaces.intern(text, tokens[0]!, tokens[1]!), interfaces.intern(text, tokens[4]!, tokens[5]!), srcAddr, dstAddr, protocol, srcPort, dstPort, packets);
    if (srcAddr < 0 || dstAddr < 0 || !isIosHex(text, prStart, prEnd, 2) || !isIosHex(text, srcPStart, srcPEnd, 4) || !isIosHex(text, dstPStart, dstPEnd, 4)) {
      this.keepVerbatim(index, srcAddr, dstAddr);
    }
    if (countMultiplier(text.charCodeAt(pktsEnd - 1)) !== 1) {
      this.reportRounded(lineNumber, text.slice(pktsStart, pktsEnd), packets, text.slice(lineStart, end));
    }
    return ROW_READ;
  }

  /** Keeps what the numbers of the row readFlowRow just stored cannot reproduce. */
  private keepVerbatim(index: number, srcAddr: number, dstAddr: number): void {
    const fields: VerbatimFields = {};
    if (srcAddr < 0) fields.srcAddr = this.token(1);
    if (dstAddr < 0) fields.dstAddr = this.token(3);
    const { text, tokens } = this;
    if (!isIosHex(text, tokens[8]!, tokens[9]!, 2) || !isIosHex(text, tokens[10]!, tokens[11]!, 4) || !isIosHex(text, tokens[12]!, tokens[13]!, 4)) {
      [fields.protocolHex, fields.srcPortHex, fields.dstPortHex] = [this.token(4), this.token(5), this.token(6)];
    }
    this.columns.keepVerbatim(index, fields, srcAddr === NOT_NUMERIC, dstAddr === NOT_NUMERIC);
  }

  /** Token `index` (0-based) of the row readFlowRow last looked at. */
  private token(index: number): string {
    return this.text.slice(this.tokens[index * 2]!, this.tokens[index * 2 + 1]!);
  }

  /** What readFlowRow's code means for the row it last looked at, in words. */
  private rowProblem(code: number): string {
    switch (code) {
      case ROW_FIELD_COUNT:
        return this.tokenCount < 8 ? `Not a flow row: ${this.tokenCount} fields instead of 8` : 'Not a flow row: more than 8 fields';
      case ROW_PROTOCOL:
        return `Protocol "${this.token(4)}" is not a hex byte`;
      case ROW_SRC_PORT:
        return `Source port "${this.token(5)}" is not 1 to 4 hex digits`;
      case ROW_DST_PORT:
        return `Destination port "${this.token(6)}" is not 1 to 4 hex digits`;
      default:
        return `Packet count "${this.token(7)}" is not a number`;
    }
  }

  private reportRounded(lineNumber: number, printed: string, value: number, raw: string): void {
    this.log.report(lineNumber, 'info', roundedCountMessage(printed, value), raw);
  }
}
