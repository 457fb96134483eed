// Parses osquery's process_open_sockets rows (joined with processes for the name) as JSON: one Connection per socket.
//
// Rules the fixtures hold it to:
// - Columns (specs/process_open_sockets.table): pid, fd, socket, family, protocol, local_address, remote_address,
//   local_port, remote_port, path, state (Linux, macOS, Windows), net_namespace (Linux); `name` from processes
//   (`SELECT p.name, p.path, s.* FROM process_open_sockets s JOIN processes p USING (pid)`). Every value is a string
//   ("6"), or a number with --logger_numerics; a NULL column is "" (osquery's queryDataCallback).
// - protocol 6 → TCP, 17 → UDP; family 2 is IPv4, 10 (Linux), 23 (Windows), 28 (FreeBSD) and 30 (macOS) IPv6 →
//   proto "TCP", "UDP", "TCPv6", "UDPv6". Without a family the local address tells (a colon is IPv6).
// - family 1 (AF_UNIX, Linux and macOS) is a local socket, not a connection: counted in sections, not recorded.
//   Other protocols (raw, ICMP) are info diagnostics.
// - Windows prints UDP's remote end as "0" and port "0": remoteAddr and remotePort null. state "" → null; the state is
//   kept as printed ("LISTEN", "ESTABLISHED", "TIME_WAIT"). pid -1 (socket without a process) → null, marked.
// - `path` is not read: in `p.path, s.*` the socket's path column (empty for network sockets) overwrites the process's
//   in osquery's row, which is keyed by column name.
// - Accepted wrappings: osqueryi --json (an array, one row per line), one row per line (JSON lines), and osqueryd's
//   results log lines: event format ({"columns":{…},"action":"added"|"removed","hostIdentifier":…}), snapshot format
//   ({"snapshot":[…]}) and batch format ({"diffResults":{"added":[…],"removed":[…]}}). Removed rows are sockets that
//   closed: counted, not recorded. hostIdentifier (or the older "hostname") → host.
import type { Connection, ParseResult } from '../../domain';
import { addressKind } from '../endpoint';
import { ParseLog, type LinePlace } from '../parseLog';
import { detectJsonRows, fieldOf, isJsonRow, quoted, readJsonRows, textOf, wholeNumber, type JsonRow } from '../velociraptor/jsonRows';
import { MARK_LOCAL, MARK_OWNER, MARK_REMOTE, NO_COMPONENTS, SOCKET_MARKS } from '../socketMarks';

export const id = 'osquery-process-open-sockets';
export const version = '1.0.0';

/** osqueryi printing JSON; the query itself is free text, so only the start of the command is a pattern. */
export const commands: readonly string[] = ['osqueryi[[.exe]] --json'];

/** A socket osquery reported: the shared Connection and the host that ran the query. */
export type OsqueryConnection = Connection & {
  /** hostIdentifier of osqueryd's results log (the host name by default); null for osqueryi's output. */
  host: string | null;
};

export interface OsquerySocketsSections {
  /** The hosts of the results log's lines, in order of first appearance; empty for osqueryi's output. */
  hosts: string[];
  /** Rows logged as "removed" (sockets that closed since the previous run): not recorded. */
  removedRows: number;
  /** AF_UNIX sockets (family 1): local, not connections, so not recorded. */
  unixSockets: number;
}

export type OsquerySocketsResult = ParseResult<OsqueryConnection, OsquerySocketsSections>;

const EXPECTED_ROW =
  'a JSON object of process_open_sockets columns: pid, family, protocol, local_address, local_port, remote_address, remote_port, state (and name from processes), or an osqueryd results log line holding them';

const IPV6_FAMILIES = new Set([10, 23, 28, 30]);
const AF_INET = 2;
const AF_UNIX = 1;


/** `C:\osquery>osqueryi.exe --json "select …"` or `$ osqueryi --json < sockets.sql`: the echoed command. */
const COMMAND_ECHO = /^(?:.{0,300}?[>$#]\s*)?(?:\S{0,300}[\\/])?osqueryi(?:\.exe)?\s(?:.{0,1000}\s)?--json(?:\s|$)/i;

/** Parses process_open_sockets JSON. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): OsquerySocketsResult {
  const source = typeof text === 'string' ? text : '';
  const log = new ParseLog(source);
  const reader = new SocketRowReader(log);
  readJsonRows(source, log, EXPECTED_ROW, {
    row: (line, row) => reader.readLineObject(line, row),
    otherLine(line, content) {
      if (content.length > 2000 || !/osqueryi/i.test(content) || !COMMAND_ECHO.test(content)) return false;
      log.structure(line.number);
      return true;
    },
  });
  log.sortByLine();
  return log.result(id, version, reader.records, reader.sections);
}

/** 0..1: how much the start of the text looks like process_open_sockets rows, bare or in results log lines. */
export function detect(text: string): number {
  return detectJsonRows(text, judgeRow);
}

function judgeRow(object: JsonRow): number {
  const rows = rowsToJudge(object);
  if (rows.length === 0) return 0;
  const row = rows[0]!;
  const has = (key: string) => Object.hasOwn(row, key);
  if (!has('local_address') || !has('local_port') || !has('pid')) return 0;
  // A bare local_address and local_port are common in other JSON (proxy configurations): osquery's table has all five.
  return has('protocol') && has('family') ? 0.95 : 0.3;
}

function rowsToJudge(object: JsonRow): JsonRow[] {
  const columns = fieldOf(object, 'columns');
  if (isJsonRow(columns)) return [columns];
  const snapshot = fieldOf(object, 'snapshot');
  if (Array.isArray(snapshot)) return snapshot.filter(isJsonRow);
  const diff = fieldOf(object, 'diffResults');
  if (isJsonRow(diff)) return [...arrayOf(fieldOf(diff, 'added')), ...arrayOf(fieldOf(diff, 'removed'))].filter(isJsonRow);
  return [object];
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

class SocketRowReader {
  readonly records: OsqueryConnection[] = [];
  readonly sections: OsquerySocketsSections = { hosts: [], removedRows: 0, unixSockets: 0 };
  private readonly knownHosts = new Set<string>();

  constructor(private readonly log: ParseLog) {}

  /** One object of a line: a bare row, or a results log line around rows. Lines that yield nothing are structure. */
  readLineObject(line: LinePlace, object: JsonRow): void {
    const recordsBefore = this.records.length;
    const diagnosticsBefore = this.log.diagnostics.length;
    const host = textOf(fieldOf(object, 'hostIdentifier')) ?? textOf(fieldOf(object, 'hostname'));
    if (host !== null && !this.knownHosts.has(host)) {
      this.knownHosts.add(host);
      this.sections.hosts.push(host);
    }
    const columns = fieldOf(object, 'columns');
    const snapshot = fieldOf(object, 'snapshot');
    const diff = fieldOf(object, 'diffResults');
    if (isJsonRow(columns)) {
      if (fieldOf(object, 'action') === 'removed') this.sections.removedRows++;
      else this.readRow(line, columns, host);
    } else if (Array.isArray(snapshot)) {
      this.readRows(line, snapshot, host, 'snapshot');
    } else if (isJsonRow(diff)) {
      this.readRows(line, arrayOf(fieldOf(diff, 'added')), host, 'diffResults.added');
      this.sections.removedRows += arrayOf(fieldOf(diff, 'removed')).length;
    } else {
      this.readRow(line, object, null);
    }
    if (this.records.length === recordsBefore && this.log.diagnostics.length === diagnosticsBefore) this.log.structure(line.number);
  }

  private readRows(line: LinePlace, rows: unknown[], host: string | null, where: string): void {
    rows.forEach((row, index) => {
      if (isJsonRow(row)) this.readRow(line, row, host);
      else this.log.reportLine(line, 'error', `Element ${index + 1} of ${where} is not an object`, EXPECTED_ROW);
    });
  }

  private readRow(line: LinePlace, row: JsonRow, host: string | null): void {
    const problem = this.tryRow(line, row, host);
    if (problem !== null) this.log.reportLine(line, 'error', problem, EXPECTED_ROW);
  }

  /** Records the row; null when recorded or skipped on purpose, else what is wrong with it. */
  private tryRow(line: LinePlace, row: JsonRow, host: string | null): string | null {
    const familyValue = fieldOf(row, 'family');
    const family = wholeNumber(familyValue, 65535);
    if (family === AF_UNIX) {
      this.sections.unixSockets++;
      return null;
    }
    const protocolValue = fieldOf(row, 'protocol');
    if (protocolValue === undefined) return 'No protocol column';
    const protocol = wholeNumber(protocolValue, 65535);
    if (protocol < 0) return `protocol ${quoted(protocolValue)} is not a protocol number`;
    if (protocol !== 6 && protocol !== 17) {
      this.log.reportLine(line, 'info', `A protocol ${protocol} socket: only TCP (6) and UDP (17) sockets are recorded`);
      return null;
    }

    const pidValue = fieldOf(row, 'pid');
    if (pidValue === undefined) return 'No pid column';
    const pid = pidValue === '-1' || pidValue === -1 ? null : wholeNumber(pidValue, 4294967295);
    if (pid !== null && pid < 0) return `pid ${quoted(pidValue)} is not a process id`;

    const localValue = fieldOf(row, 'local_address');
    const localAddr = textOf(localValue);
    if (localAddr === null) return `local_address ${quoted(localValue)} is not an address`;
    const localPortValue = fieldOf(row, 'local_port');
    const localPort = wholeNumber(localPortValue, 65535);
    if (localPort < 0) return `local_port ${quoted(localPortValue)} is not a port number (0 to 65535)`;
    const remoteText = textOf(fieldOf(row, 'remote_address'));
    const remoteAddr = remoteText === '0' ? null : remoteText;
    let remotePort: number | null = null;
    if (remoteAddr !== null) {
      const remotePortValue = fieldOf(row, 'remote_port');
      remotePort = wholeNumber(remotePortValue, 65535);
      if (remotePort < 0) return `remote_port ${quoted(remotePortValue)} is not a port number (0 to 65535)`;
    }

    const ipv6 = IPV6_FAMILIES.has(family) || (family !== AF_INET && localAddr.includes(':'));
    const transport = protocol === 6 ? 'TCP' : 'UDP';
    const markBits =
      (addressKind(localAddr) === 'not-numeric' ? MARK_LOCAL : 0) | (remoteAddr !== null && addressKind(remoteAddr) === 'not-numeric' ? MARK_REMOTE : 0) | (pid === null ? MARK_OWNER : 0);
    this.records.push({
      line: line.number,
      proto: ipv6 ? `${transport}v6` : transport,
      localAddr,
      localPort,
      remoteAddr,
      remotePort,
      state: textOf(fieldOf(row, 'state')),
      pid,
      process: textOf(fieldOf(row, 'name')),
      components: NO_COMPONENTS,
      marks: SOCKET_MARKS[markBits]!,
      host,
    });
    return null;
  }
}
