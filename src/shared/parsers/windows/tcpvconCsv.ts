// Parses Sysinternals `tcpvcon -a -c` (and -n) CSV: one Connection per row, with the owning process and PID.
//
// Rules the fixtures hold it to:
// - A row is Protocol,Process,PID,State,Local,Remote (MicrosoftDocs/sysinternals#823; DFIR-ORC's TCPConn columns), e.g.
//   `TCP,svchost.exe,924,LISTENING,0.0.0.0:135,0.0.0.0:0` (v2.x) or `TCP,svchost.exe,924,LISTENING,0.0.0.0,0.0.0.0`
//   (current builds print no ports: MicrosoftDocs/sysinternals#769). Such ports are null, with one info diagnostic.
// - UDP rows print "*" as state and remote: state null, remote address "*".
// - Fields may be quoted ("C:\Program Files\…"); a header row some builds print, the banner and the echoed command are
//   structure. No header is needed: the columns are fixed.
// - The last line is trusted only if a line break follows it; verbatim text is the line without trailing white space.
import type { Connection, ParseResult } from '../../domain';
import { compileCommandPattern } from '../commandPattern';
import * as endpoint from '../endpoint';
import { endpointBounds, type EndpointBounds } from '../endpoint';
import { ParseLog } from '../parseLog';
import { SliceCache } from '../sliceCache';
import * as whitespace from '../whitespace';
import { isCommandEcho, isSysinternalsBannerLine, letterOrders, sysinternalsToolBanner } from './consoleFrame';
import * as csvLine from './csvLine';
import * as socketFields from './socketFields';
import { NO_COMPONENTS, SOCKET_MARKS } from '../socketMarks';

// Local bindings for the functions called per character or per field: module interop in test runners and tsx turns
// every call of an imported name into a property lookup, which costs more than the function itself.
const { addressKind, parsePort, scanEndpoint } = endpoint;
const { splitCsvLine, unquote, unquotedEnd, unquotedStart } = csvLine;
const { forEachSocketLine, isProto, judgePortNames, parsePid } = socketFields;
const { isSeparator } = whitespace;

export const id = 'tcpvcon-csv';
export const version = '1.0.0';

/** -c with -a and/or -n, as separate switches in any order, for tcpvcon, tcpvcon64 and tcpvcon64a; -nobanner last. */
export const commands: readonly string[] = ['tcpvcon', 'tcpvcon64', 'tcpvcon64a'].flatMap((program) =>
  ['c', 'ac', 'cn', 'acn'].flatMap(letterOrders).flatMap((letters) => {
    const switches = [...letters].map((letter) => `-${letter}`).join(' ');
    return [`${program}[[.exe]] ${switches}`, `${program}[[.exe]] ${switches} -nobanner`];
  }),
);

const commandPatterns = commands.map(compileCommandPattern);

export interface TcpvconSections {
  /** The banner's first line ("Tcpvcon v2.54 - TCP/UDP endpoint viewer"); null when run with -nobanner. */
  banner: string | null;
  /** The header row, as printed, when the build printed one; null otherwise. */
  header: string | null;
  /** false when rows print addresses without ports (current builds), true when they print ports; null without rows. */
  portsPrinted: boolean | null;
}

export type TcpvconResult = ParseResult<Connection, TcpvconSections>;

const EXPECTED = {
  row: 'a CSV row of 6 fields: Protocol,Process,PID,State,Local Address,Remote Address, e.g. "TCP,svchost.exe,924,LISTENING,0.0.0.0:135,0.0.0.0:0"',
  line: 'tcpvcon -c output: the banner, a header row, or a CSV row per endpoint',
  completeLine: 'a line ending with a line break',
} as const;

const FIELDS = 6;


/** Parses the text of `tcpvcon -a -c`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): TcpvconResult {
  return new TcpvconReader(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like tcpvcon CSV output. */
export function detect(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const limit = Math.min(text.length, 65536);
  let rows = 0;
  let banner = false;
  let lines = 0;
  let position = 0;
  const bounds = new Int32Array((FIELDS + 1) * 2);
  while (position < limit && lines < 200) {
    const newline = text.indexOf('\n', position);
    const lineEnd = newline === -1 || newline > limit ? limit : newline;
    const line = text.slice(position, Math.min(lineEnd, position + 400)).trim();
    position = lineEnd + 1;
    if (line === '') continue;
    lines++;
    if (/^(?:tcpview|tcpvcon)/i.test(line) && sysinternalsToolBanner(line) !== null) banner = true;
    if (splitCsvLine(line, 0, line.length, bounds, FIELDS) === FIELDS && isProto(line, bounds[0]!, bounds[1]!) && parsePid(line, bounds[4]!, bounds[5]!) >= 0) rows++;
  }
  if (rows === 0) return banner ? 0.3 : 0;
  return Math.min(1, (rows >= 2 ? 0.85 : 0.75) + (banner ? 0.1 : 0));
}

class TcpvconReader {
  private readonly records: Connection[] = [];
  private readonly log: ParseLog;
  private readonly sections: TcpvconSections = { banner: null, header: null, portsPrinted: null };
  private readonly fields = new Int32Array((FIELDS + 1) * 2);
  private readonly local = endpointBounds();
  private readonly remote = endpointBounds();
  private readonly strings = new SliceCache(4096);
  private reportedNoPorts = false;
  private reportedPortNames = false;

  constructor(private readonly text: string) {
    this.log = new ParseLog(text);
  }

  run(): TcpvconResult {
    forEachSocketLine(this.text, this.log, EXPECTED.line, (lineNumber, lineStart, start, end, terminated) => this.readLine(lineNumber, lineStart, start, end, terminated));
    return this.log.result(id, version, this.records, this.sections);
  }

  private readLine(lineNumber: number, lineStart: number, start: number, end: number, terminated: boolean): void {
    const text = this.text;
    const fields = this.fields;
    const count = splitCsvLine(text, start, end, fields, FIELDS);
    if (count >= 2 && isProto(text, unquotedStart(text, fields[0]!, fields[1]!), unquotedEnd(text, fields[0]!, fields[1]!))) {
      if (!terminated) {
        this.log.report(lineNumber, 'error', 'The output ends inside this row (no line break after it): the capture may be cut, so the row is not trusted', text.slice(lineStart, end), EXPECTED.completeLine);
        return;
      }
      const problem = this.readRow(lineNumber, lineStart, end, count);
      if (problem !== null) this.log.report(lineNumber, 'error', problem, text.slice(lineStart, end), EXPECTED.row);
      return;
    }
    const line = text.slice(start, end);
    const raw = text.slice(lineStart, end);
    const banner = sysinternalsToolBanner(line);
    if (banner !== null || isSysinternalsBannerLine(line)) {
      if (banner !== null) this.sections.banner ??= line;
      this.log.structure(lineNumber);
      return;
    }
    if (count >= 2) {
      const first = unquote(text, fields[0]!, fields[1]!).trim().toLowerCase();
      if (first === 'protocol' || first === 'proto') {
        this.sections.header ??= line;
        this.log.structure(lineNumber);
        return;
      }
    }
    if (isCommandEcho(line, 'tcpvcon', commandPatterns)) {
      this.log.structure(lineNumber);
      return;
    }
    if (count === -1 && /^"?(?:tcp|udp)/i.test(line)) {
      this.log.report(lineNumber, 'error', 'A quoted field is not closed: the line may be cut', raw, EXPECTED.row);
    } else if (/^\[(?:TCP|UDP)(?:V6)?\] /i.test(line)) {
      this.log.report(lineNumber, 'warning', "tcpvcon's list output (run without -c): not read by this parser", raw, EXPECTED.row);
    } else {
      this.log.report(lineNumber, 'warning', "Not part of tcpvcon's CSV output", raw, EXPECTED.line);
    }
  }

  /** One CSV row of `count` fields; null when recorded, else what is wrong with it. */
  private readRow(lineNumber: number, lineStart: number, end: number, count: number): string | null {
    const text = this.text;
    const fields = this.fields;
    if (count !== FIELDS) {
      return count > FIELDS ? `More than ${FIELDS} fields: not a tcpvcon row (two rows run together?)` : `${count} fields instead of ${FIELDS}: the row may be cut or wrapped`;
    }
    const pid = parsePid(text, unquotedStart(text, fields[4]!, fields[5]!), unquotedEnd(text, fields[4]!, fields[5]!));
    if (pid < 0) return `PID "${unquote(text, fields[4]!, fields[5]!)}" is not a number`;
    const stateText = unquote(text, fields[6]!, fields[7]!, this.strings).trim();
    const state = stateText === '' || stateText === '*' ? null : stateText;
    const protoStart = unquotedStart(text, fields[0]!, fields[1]!);
    if ((text.charCodeAt(protoStart) | 32) === 116 && state === null) return 'A TCP row without its state';

    const local = this.local;
    const remote = this.remote;
    if (!this.endpoint(fields[8]!, fields[9]!, local)) return `Local address "${unquote(text, fields[8]!, fields[9]!)}" is not an address`;
    if (!this.endpoint(fields[10]!, fields[11]!, remote)) return `Remote address "${unquote(text, fields[10]!, fields[11]!)}" is not an address`;
    const localPort = local.portStart === -1 ? null : parsePort(text, local.portStart, local.portEnd);
    const remotePort = remote.portStart === -1 ? null : parsePort(text, remote.portStart, remote.portEnd);
    const localUnread = localPort === null && local.portStart !== -1;
    const remoteUnread = remotePort === null && remote.portStart !== -1;
    if (localUnread || remoteUnread) {
      const problem = this.checkPortNames(lineNumber, lineStart, end, localUnread ? local : null, remoteUnread ? remote : null);
      if (problem !== null) return problem;
    }
    if (local.portStart === -1) {
      this.sections.portsPrinted = false;
      if (!this.reportedNoPorts) {
        this.reportedNoPorts = true;
        this.log.report(lineNumber, 'info', 'This tcpvcon build prints addresses without port numbers (MicrosoftDocs/sysinternals#769): every port is null; first seen here', text.slice(lineStart, end), 'tcpvcon v2.x, which printed address:port');
      }
    } else {
      this.sections.portsPrinted ??= true;
    }

    const localAddr = this.strings.slice(text, local.addressStart, local.addressEnd);
    const remoteAddr = this.strings.slice(text, remote.addressStart, remote.addressEnd);
    const process = unquote(text, fields[2]!, fields[3]!, this.strings);
    const markBits = (addressKind(localAddr) === 'not-numeric' ? 1 : 0) | (addressKind(remoteAddr) === 'not-numeric' ? 2 : 0);
    this.records.push({
      line: lineNumber,
      proto: this.strings.slice(text, protoStart, unquotedEnd(text, fields[0]!, fields[1]!)),
      localAddr,
      localPort,
      remoteAddr,
      remotePort,
      state,
      pid,
      process: process === '' ? null : process,
      components: NO_COMPONENTS,
      marks: SOCKET_MARKS[markBits]!,
    });
    return null;
  }

  /** The endpoint of a field, quotes and padding left out; false when it is not one. */
  private endpoint(start: number, end: number, out: EndpointBounds): boolean {
    const text = this.text;
    let from = unquotedStart(text, start, end);
    let to = unquotedEnd(text, start, end);
    while (from < to && isSeparator(text.charCodeAt(from))) from++;
    while (to > from && isSeparator(text.charCodeAt(to - 1))) to--;
    return scanEndpoint(text, from, to, out);
  }

  /** "*" is no port; a service name (tcpvcon without -n) is null with one info per capture; "0x1BD" is an error. */
  private checkPortNames(lineNumber: number, lineStart: number, end: number, ...ports: (EndpointBounds | null)[]): string | null {
    const text = this.text;
    const judged = judgePortNames(text, ports);
    if ('error' in judged) return judged.error;
    if (judged.named && !this.reportedPortNames) {
      this.reportedPortNames = true;
      this.log.report(lineNumber, 'info', 'Ports are printed as service names (tcpvcon without -n): such ports are recorded as null; first seen here', text.slice(lineStart, end), 'tcpvcon -n (numeric addresses and ports)');
    }
    return null;
  }
}
