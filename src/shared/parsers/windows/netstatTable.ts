// Reads the connection table Windows netstat prints (-ano, -an, -on, and -b with its owner lines below each row);
// the win-netstat and win-netstat-b parsers are this reader with and without owner lines.
//
// Rules the fixtures hold it to:
// - Rows are read by fields, not columns: netstat pads to fixed columns but long IPv6 endpoints and long localized states
//   push the rest of the row right, and pasted copies collapse the padding.
// - Proto, Local Address and Foreign Address always; TCP rows then a state (one to three words, kept as printed,
//   localized ones included); a last field of digits is the PID. A header with a PID column makes the PID required, so a
//   row cut or wrapped before it is reported instead of read without its PID.
// - The PsExec banner, progress and "netstat exited on HOST with error code N." trailer, "Active Connections" (also
//   translated), the column header, the echoed command and a pager's "-- More --" are structure.
// - The last line is trusted only if a line break follows it: a row cut inside its PID would look complete.
// - "Verbatim" text (Diagnostic.text, sections) is the line without its line end and trailing white space.
// - Owner lines (-b): component names, then the executable in brackets or "Can not obtain ownership information"; they
//   belong to the row above and are listed in structuralLines, since a Connection names only its first line.
import type { Connection, ParseResult } from '../../domain';
import type { CommandWord } from '../commandPattern';
import * as endpoint from '../endpoint';
import { endpointBounds, parseEndpoint, type EndpointBounds } from '../endpoint';
import { ParseLog } from '../parseLog';
import { SliceCache } from '../sliceCache';
import * as whitespace from '../whitespace';
import { isCommandEcho, isSysinternalsBannerLine, readExitTrailer, skipPsExecProgress, sysinternalsToolBanner } from './consoleFrame';
import * as socketFields from './socketFields';
import { NO_COMPONENTS, SOCKET_MARKS } from '../socketMarks';

// Local bindings for the functions called per character or per field: module interop in test runners and tsx turns
// every call of an imported name into a property lookup, which costs more than the function itself.
const { addressKind, parsePort, scanEndpoint } = endpoint;
const { forEachSocketLine, isProto, judgePortNames, parsePid } = socketFields;
const { isSeparator } = whitespace;

/** What netstat printed around its rows. */
export interface NetstatSections {
  /** The banner of the tool that ran netstat remotely ("PsExec v1.94 - Execute processes remotely"); null when none. */
  launcher: string | null;
  /** "Active Connections" or its translation, as printed; null when absent. */
  title: string | null;
  /** The column header as printed ("Proto  Local Address  Foreign Address  State  PID"); null when absent. */
  header: string | null;
  /** Whether that header has a PID column (netstat -o); null without a header. */
  pidColumn: boolean | null;
  /** From PsExec's trailer "netstat exited on HOST with error code 0."; null without the trailer. */
  host: string | null;
  exitCode: number | null;
}

export type NetstatResult = ParseResult<Connection, NetstatSections>;

export interface NetstatFormat {
  id: string;
  version: string;
  /** netstat -b: component and executable lines follow each row. */
  ownerLines: boolean;
  commandPatterns: readonly (readonly CommandWord[])[];
}

const EXPECTED = {
  row: 'a connection row: Proto, Local Address, Foreign Address, a state (TCP), and the PID with -o, e.g. "TCP    0.0.0.0:135    0.0.0.0:0    LISTENING    852"',
  line: 'netstat output: the PsExec banner or trailer, "Active Connections", the column header, or a connection row',
  owner: 'below a connection row: component names (" RpcSs"), then the executable in brackets (" [svchost.exe]") or "Can not obtain ownership information"',
  completeLine: 'a line ending with a line break',
} as const;

/** Fields a row may have: 3 to 5 usually, up to three words for a translated state. */
const MAX_FIELDS = 8;
const MAX_STATE_WORDS = 3;

/** "Active Connections" as the Windows language packs print it, lower case. */
const TITLES = new Set([
  'active connections',
  'aktive verbindungen',
  'connexions actives',
  'conexiones activas',
  'connessioni attive',
  'conexões ativas',
  'actieve verbindingen',
  'aktywne połączenia',
  'активные подключения',
  'アクティブな接続',
  '活动连接',
  '활성 연결',
]);

/** First word of the column header in those languages, lower case. */
const HEADER_FIRST_WORDS = new Set(['proto', 'protocol', 'protokoll', 'protocolo', 'протокол', 'имя', 'プロトコル', '协议', '協定', '프로토콜']);

const CAN_NOT_OBTAIN = 'can not obtain ownership information';
const NEEDS_ELEVATION = 'the requested operation requires elevation.';
const UNKNOWN_COMPONENTS = '-- unknown component(s) --';
const PAGER = /^-{2,} ?More ?(?:\(\d{1,3}%\) ?)?-{2,}$/i;
const OMITTED = /^(?:\[(?:\.{3}|…|[^\]]*\b(?:omitted|truncated|snip(?:ped)?)\b[^\]]*)\]|\.{3}|…)$/i;
const OMITTED_INSIDE_BRACKETS = /^(?:\.{3}|…)$|\b(?:omitted|truncated|snip(?:ped)?)\b/i;


function hasCharacter(text: string, start: number, end: number, code: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === code) return true;
  return false;
}

export function parseNetstat(text: unknown, format: NetstatFormat): NetstatResult {
  return new NetstatReader(typeof text === 'string' ? text : '', format).run();
}

class NetstatReader {
  private readonly records: Connection[] = [];
  private readonly log: ParseLog;
  private readonly sections: NetstatSections = { launcher: null, title: null, header: null, pidColumn: null, host: null, exitCode: null };
  /** Field boundaries of the current row: start, end, start, end… (one more field than a row may have). */
  private readonly fields = new Int32Array((MAX_FIELDS + 1) * 2);
  private readonly local = endpointBounds();
  private readonly remote = endpointBounds();
  private readonly strings = new SliceCache(4096);
  /** netstat -b: the record whose owner lines may follow, with what is known of them so far. */
  private owner: Connection | null = null;
  private ownerMarkBits = 0;
  private ownerLastLine = 0;
  private ownerLastStart = 0;
  private ownerLastEnd = 0;
  private rowsInTable = 0;
  private reportedPortNames = false;

  constructor(
    private readonly text: string,
    private readonly format: NetstatFormat,
  ) {
    this.log = new ParseLog(text);
  }

  run(): NetstatResult {
    forEachSocketLine(this.text, this.log, EXPECTED.line, (lineNumber, lineStart, start, end, terminated) => this.readLine(lineNumber, lineStart, start, end, terminated));
    this.closeOwner();
    return this.log.result(this.format.id, this.format.version, this.records, this.sections);
  }

  private readLine(lineNumber: number, lineStart: number, start: number, end: number, terminated: boolean): void {
    const text = this.text;
    const first = text.charCodeAt(start);

    // PsExec ends its progress messages with a CR only, so they share a line with each other or with what follows.
    if (first === 67 || first === 83) {
      const rest = skipPsExecProgress(text, start, end);
      if (rest !== start) {
        this.log.structureOnce(lineNumber);
        if (rest >= end) return;
        start = rest;
      }
    }

    let firstEnd = start;
    while (firstEnd < end && !isSeparator(text.charCodeAt(firstEnd))) firstEnd++;
    if (isProto(text, start, firstEnd)) {
      this.closeOwner();
      if (!terminated) {
        this.log.report(lineNumber, 'error', 'The output ends inside this row (no line break after it): the connection may have dropped, so the row is not trusted', text.slice(lineStart, end), EXPECTED.completeLine);
        return;
      }
      const problem = this.readRow(lineNumber, start, end);
      if (problem !== null) this.log.report(lineNumber, 'error', problem, text.slice(lineStart, end), EXPECTED.row);
      return;
    }
    // The hot path of netstat -b: the owner lines below a row.
    if (this.owner !== null && this.readOwnerLineFast(lineNumber, start, end, firstEnd === end, terminated)) return;

    const line = text.slice(start, end);
    if (this.readStructure(lineNumber, lineStart, line, end)) return;
    if (this.format.ownerLines && this.readOwnerLine(lineNumber, lineStart, line, end, terminated)) return;

    const raw = text.slice(lineStart, end);
    const lower = line.toLowerCase();
    if (lower === NEEDS_ELEVATION) {
      this.log.report(lineNumber, 'error', 'netstat -b needs an elevated (administrator) prompt: it printed no connections', raw, 'netstat -b run as administrator');
    } else if (!this.format.ownerLines && (lower === CAN_NOT_OBTAIN || isExecutableLine(line))) {
      this.log.report(lineNumber, 'warning', 'An owner line of netstat -b: this capture is read by win-netstat-b', raw, EXPECTED.line);
    } else if (parsePid(line, 0, line.length) >= 0) {
      this.log.report(lineNumber, 'warning', 'A number alone: the end of a row above that was wrapped?', raw, EXPECTED.row);
    } else if (this.format.ownerLines && isComponentName(line)) {
      this.log.report(lineNumber, 'warning', 'A component name with no connection row above it waiting for its owner', raw, EXPECTED.owner);
    } else {
      this.log.report(lineNumber, 'warning', "Not part of netstat's output", raw, EXPECTED.line);
    }
  }

  /** Banner, trailer, title, header, echo, pager and omission lines; true when the line was one of them. */
  private readStructure(lineNumber: number, lineStart: number, line: string, end: number): boolean {
    const banner = sysinternalsToolBanner(line);
    if (banner !== null || isSysinternalsBannerLine(line)) {
      this.closeOwner();
      if (banner !== null) this.sections.launcher ??= line;
      this.log.structureOnce(lineNumber);
      return true;
    }
    const trailer = readExitTrailer(line);
    if (trailer !== null) {
      this.closeOwner();
      this.sections.host ??= trailer.host;
      this.sections.exitCode ??= trailer.exitCode;
      this.log.structureOnce(lineNumber);
      if (trailer.exitCode !== 0) {
        const where = trailer.host === null ? '' : ` on ${trailer.host}`;
        this.log.report(lineNumber, 'warning', `${trailer.program} ended with error code ${trailer.exitCode}${where}: the list may be incomplete`, this.text.slice(lineStart, end));
      }
      return true;
    }
    if (line.length > 200) return false;
    const lower = line.toLowerCase();
    if (TITLES.has(lower)) {
      this.closeOwner();
      if (this.rowsInTable > 0) this.log.report(lineNumber, 'warning', 'The table starts again: the text holds more than one capture', this.text.slice(lineStart, end));
      this.rowsInTable = 0;
      this.sections.title ??= line;
      this.log.structureOnce(lineNumber);
      return true;
    }
    if (isHeader(lower)) {
      this.closeOwner();
      if (this.rowsInTable > 0) this.log.report(lineNumber, 'warning', 'The column header again: the text holds more than one capture', this.text.slice(lineStart, end));
      this.rowsInTable = 0;
      if (this.sections.header === null) {
        this.sections.header = line;
        this.sections.pidColumn = lower.split(/\s+/).includes('pid');
      }
      this.log.structureOnce(lineNumber);
      return true;
    }
    if (PAGER.test(line)) {
      // `netstat -anob | more`: the pager's prompt may fall between a row and its owner lines, so the block stays open.
      this.log.structureOnce(lineNumber);
      return true;
    }
    if (OMITTED.test(line)) {
      // Whoever published the capture left lines out: the owner lines above may be incomplete, so no warning about them.
      this.owner = null;
      this.log.report(lineNumber, 'warning', 'Lines were left out here: the capture is incomplete', this.text.slice(lineStart, end));
      return true;
    }
    if (isCommandEcho(line, 'netstat', this.format.commandPatterns)) {
      this.closeOwner();
      this.log.structureOnce(lineNumber);
      return true;
    }
    return false;
  }

  /**
   * The common owner lines below an open row, read without making strings for the checks: " [svchost.exe]" and a
   * service name of one word starting with a letter ("  RpcSs"). Anything else takes the slow path.
   */
  private readOwnerLineFast(lineNumber: number, start: number, end: number, oneWord: boolean, terminated: boolean): boolean {
    const text = this.text;
    const owner = this.owner!;
    const first = text.charCodeAt(start);
    if (first === 91 && text.charCodeAt(end - 1) === 93 && end - start > 2 && end - start <= 300) {
      const name = this.strings.slice(text, start + 1, end - 1);
      if (OMITTED_INSIDE_BRACKETS.test(name)) return false; // "[...]", "[output omitted]": read by readStructure.
      owner.process = name;
      this.log.structureOnce(lineNumber);
      this.owner = null;
      return true;
    }
    const letter = (first | 32) >= 97 && (first | 32) <= 122;
    if (!oneWord || !letter || !terminated || end - start > 256) return false;
    for (let i = start + 1; i < end; i++) {
      const code = text.charCodeAt(i);
      const word = (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) || code === 95 || code === 45 || code === 46 || code === 36;
      if (!word) return false;
    }
    if (owner.components === NO_COMPONENTS) owner.components = [];
    owner.components.push(this.strings.slice(text, start, end));
    this.ownerLastLine = lineNumber;
    this.ownerLastStart = start;
    this.ownerLastEnd = end;
    this.log.structureOnce(lineNumber);
    return true;
  }

  /** netstat -b's lines below a row; true when the line was one. */
  private readOwnerLine(lineNumber: number, lineStart: number, line: string, end: number, terminated: boolean): boolean {
    const owner = this.owner;
    if (isExecutableLine(line)) {
      if (owner === null) {
        this.log.report(lineNumber, 'warning', 'An executable line without a connection row above it', this.text.slice(lineStart, end), EXPECTED.owner);
      } else {
        owner.process = this.strings.slice(line, 1, line.length - 1).trim();
        this.log.structureOnce(lineNumber);
        this.owner = null;
      }
      return true;
    }
    if (line.length === CAN_NOT_OBTAIN.length && line.toLowerCase() === CAN_NOT_OBTAIN) {
      if (owner === null) {
        this.log.report(lineNumber, 'warning', '"Can not obtain ownership information" without a connection row above it', this.text.slice(lineStart, end), EXPECTED.owner);
      } else {
        this.ownerMarkBits |= 4;
        owner.marks = SOCKET_MARKS[this.ownerMarkBits]!;
        this.log.structureOnce(lineNumber);
        this.owner = null;
      }
      return true;
    }
    if (owner !== null && isComponentName(line)) {
      if (!terminated) {
        this.log.report(lineNumber, 'error', 'The output ends inside this component line (no line break after it): the name may be cut', this.text.slice(lineStart, end), EXPECTED.completeLine);
        return true;
      }
      if (owner.components === NO_COMPONENTS) owner.components = [];
      owner.components.push(this.strings.slice(line, 0, line.length));
      this.ownerLastLine = lineNumber;
      this.ownerLastStart = lineStart;
      this.ownerLastEnd = end;
      this.log.structureOnce(lineNumber);
      return true;
    }
    return false;
  }

  /** Ends the owner lines of the row above; warns when components were listed but the executable never came. */
  private closeOwner(): void {
    const owner = this.owner;
    if (owner === null) return;
    this.owner = null;
    if (owner.components.length > 0 && owner.process === null && (this.ownerMarkBits & 4) === 0) {
      const text = this.text;
      let lineStart = this.ownerLastStart;
      while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
      this.log.report(this.ownerLastLine, 'warning', 'The owner lines end without the executable in brackets: the capture may be cut here', text.slice(lineStart, this.ownerLastEnd), EXPECTED.owner);
    }
  }

  /** Reads one row straight from the text; null when recorded, else what is wrong with it. */
  private readRow(lineNumber: number, start: number, end: number): string | null {
    const text = this.text;
    const fields = this.fields;
    let count = 0;
    let i = start;
    while (i < end && count <= MAX_FIELDS) {
      fields[count * 2] = i;
      while (i < end && !isSeparator(text.charCodeAt(i))) i++;
      fields[count * 2 + 1] = i;
      count++;
      while (i < end && isSeparator(text.charCodeAt(i))) i++;
    }
    if (count > MAX_FIELDS) return `Not a connection row: more than ${MAX_FIELDS} fields (two rows run together?)`;
    if (count < 3) return `Not a connection row: ${count === 1 ? 'only the protocol' : 'no foreign address'}`;

    const local = this.local;
    const remote = this.remote;
    if (!scanEndpoint(text, fields[2]!, fields[3]!, local) || local.portStart === -1) return `Local address "${text.slice(fields[2]!, fields[3]!)}" is not address:port`;
    if (!scanEndpoint(text, fields[4]!, fields[5]!, remote) || remote.portStart === -1) return `Foreign address "${text.slice(fields[4]!, fields[5]!)}" is not address:port`;
    const localPort = parsePort(text, local.portStart, local.portEnd);
    const remotePort = parsePort(text, remote.portStart, remote.portEnd);
    if (localPort === null || remotePort === null) {
      const problem = this.checkPortNames(lineNumber, start, end, localPort === null ? local : null, remotePort === null ? remote : null);
      if (problem !== null) return problem;
    }

    let last = count - 1;
    let pid: number | null = null;
    if (last >= 3) {
      const value = parsePid(text, fields[last * 2]!, fields[last * 2 + 1]!);
      if (value >= 0) {
        pid = value;
        last--;
      }
    }
    let state: string | null = null;
    if (last >= 3) {
      if (last - 2 > MAX_STATE_WORDS) return 'More fields than a connection row has (two rows run together?)';
      for (let field = 3; field <= last; field++) {
        const fieldStart = fields[field * 2]!;
        const fieldEnd = fields[field * 2 + 1]!;
        if (hasCharacter(text, fieldStart, fieldEnd, 58) || parsePid(text, fieldStart, fieldEnd) >= 0) {
          return `"${text.slice(fieldStart, fieldEnd)}" is not a connection state (two rows run together?)`;
        }
      }
      state = this.strings.slice(text, fields[6]!, fields[last * 2 + 1]!);
    }
    const tcp = (text.charCodeAt(start) | 32) === 116;
    if (tcp && state === null) return pid === null ? 'A TCP row without its state: the line may be cut' : 'A TCP row without its state';
    if (pid === null && this.sections.pidColumn === true) return 'No PID although the header has a PID column: the line may be cut or wrapped';

    const localAddr = this.strings.slice(text, local.addressStart, local.addressEnd);
    const remoteAddr = this.strings.slice(text, remote.addressStart, remote.addressEnd);
    const markBits = (addressKind(localAddr) === 'not-numeric' ? 1 : 0) | (addressKind(remoteAddr) === 'not-numeric' ? 2 : 0);
    const record: Connection = {
      line: lineNumber,
      proto: this.strings.slice(text, fields[0]!, fields[1]!),
      localAddr,
      localPort,
      remoteAddr,
      remotePort,
      state,
      pid,
      process: null,
      components: NO_COMPONENTS,
      marks: SOCKET_MARKS[markBits]!,
    };
    this.records.push(record);
    this.rowsInTable++;
    if (this.format.ownerLines) {
      this.owner = record;
      this.ownerMarkBits = markBits;
    }
    return null;
  }

  /**
   * Ports that are not decimal numbers: "*" (UDP's foreign port) is fine, a service name (netstat without -n) is null
   * with one info diagnostic per capture, and anything that starts like a number ("0x1BD", "70000") is an error.
   */
  private checkPortNames(lineNumber: number, start: number, end: number, ...ports: (EndpointBounds | null)[]): string | null {
    const text = this.text;
    const judged = judgePortNames(text, ports);
    if ('error' in judged) return judged.error;
    if (judged.named && !this.reportedPortNames) {
      this.reportedPortNames = true;
      this.log.report(lineNumber, 'info', 'Ports are printed as service names (netstat without -n): such ports are recorded as null; first seen here', text.slice(start, end), 'netstat -n (numeric addresses and ports)');
    }
    return null;
  }
}

/** The column header: its first word in one of the languages above ("Proto  Local Address  Foreign Address  State"). */
function isHeader(lower: string): boolean {
  let firstEnd = 0;
  while (firstEnd < lower.length && !isSeparator(lower.charCodeAt(firstEnd))) firstEnd++;
  return firstEnd > 0 && HEADER_FIRST_WORDS.has(lower.slice(0, firstEnd));
}

/** " [svchost.exe]": the executable that owns the connection above. */
function isExecutableLine(line: string): boolean {
  return line.length > 2 && line.length <= 300 && line.charCodeAt(0) === 91 && line.charCodeAt(line.length - 1) === 93 && !OMITTED.test(line);
}

const COMPONENT_FORBIDDEN = /[<>"|?*]/;
const PATH_START = /^(?:[A-Za-z]:\\|\\\\)/;

/**
 * A component line of netstat -b: a service name (one word, "RpcSs", "CDPUserSvc_46a8de2e"), a module path with -v
 * ("C:\WINDOWS\system32\WS2_32.dll"), or netstat's "-- unknown component(s) --".
 */
function isComponentName(line: string): boolean {
  if (line.length > 400 || COMPONENT_FORBIDDEN.test(line)) return false;
  if (PATH_START.test(line) || line.toLowerCase() === UNKNOWN_COMPONENTS) return true;
  for (let i = 0; i < line.length; i++) if (isSeparator(line.charCodeAt(i))) return false;
  return true;
}

/** Counts of what the start of a text holds, for detect(): cheap, hand-scanned, at most `maxLines` lines. */
export interface NetstatShape {
  titles: number;
  headers: number;
  rows: number;
  ownerLines: number;
  lines: number;
}

export function netstatShape(text: string, maxLines = 200, maxChars = 65536): NetstatShape {
  const shape: NetstatShape = { titles: 0, headers: 0, rows: 0, ownerLines: 0, lines: 0 };
  const limit = Math.min(text.length, maxChars);
  let position = 0;
  while (position < limit && shape.lines < maxLines) {
    const newline = text.indexOf('\n', position);
    const lineEnd = newline === -1 || newline > limit ? limit : newline;
    let start = position;
    let end = lineEnd;
    while (start < end && isSeparator(text.charCodeAt(start))) start++;
    while (end > start && isSeparator(text.charCodeAt(end - 1))) end--;
    position = lineEnd + 1;
    if (start === end || end - start > 300) continue;
    shape.lines++;
    const line = text.slice(start, end);
    const lower = line.toLowerCase();
    if (TITLES.has(lower)) shape.titles++;
    else if (isHeader(lower) && (lower.includes('address') || lower.includes('adres') || lower.includes('pid'))) shape.headers++;
    else if (isExecutableLine(line) || lower === CAN_NOT_OBTAIN) shape.ownerLines++;
    else if (looksLikeRow(line)) shape.rows++;
  }
  return shape;
}

/** Proto, then two fields that split as address:port. */
function looksLikeRow(line: string): boolean {
  const fields: string[] = [];
  let i = 0;
  while (i < line.length && fields.length < 3) {
    const fieldStart = i;
    while (i < line.length && !isSeparator(line.charCodeAt(i))) i++;
    fields.push(line.slice(fieldStart, i));
    while (i < line.length && isSeparator(line.charCodeAt(i))) i++;
  }
  if (fields.length < 3 || !isProto(fields[0]!, 0, fields[0]!.length)) return false;
  const local = parseEndpoint(fields[1]!);
  const remote = parseEndpoint(fields[2]!);
  return local !== null && local.portText !== null && remote !== null && remote.portText !== null;
}
