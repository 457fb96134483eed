// Reads one row of Velociraptor's netstat() artifacts (Windows.Network.Netstat and Windows.Network.NetstatEnriched)
// into a Connection: the columns both select, under every spelling the artifacts have used.
//
// Rules (vql/windows/network.go and the two artifact definitions):
// - Type is "TCP" or "UDP" and Family "IPv4" or "IPv6"; proto is "TCP", "UDP", "TCPv6" or "UDPv6". Without a Family
//   the local address tells (a colon is IPv6).
// - The endpoints are Laddr.IP / Laddr.Port / Raddr.IP / Raddr.Port (Netstat), LaddrIP … (older Netstat),
//   Laddr / Lport / Raddr / Rport (NetstatEnriched), or SrcIP / SrcPort / DestIP / DestPort (older NetstatEnriched).
//   Ports are JSON numbers. The plugin's own rows (SELECT * FROM netstat()) are not read: their Type and Family are
//   numbers, and the artifacts are what a hunt collects.
// - UDP rows have no remote end: Raddr.IP "" and port 0 → remoteAddr and remotePort null. Status is "" for UDP → null.
// - Status is kept as the plugin prints it ("LISTEN", "ESTAB", "SENT" for SYN_SENT, "TIME_WAIT"), like every format's state.
// - Timestamp (when the socket was bound) → boundAt, ISO-8601 UTC; a value that is not a time is a warning and null.
import type { Connection, HostRecordMark } from '../../domain';
import { addressKind } from '../endpoint';
import type { LinePlace, ParseLog } from '../parseLog';
import { huntOriginOf, type HuntOrigin } from './huntColumns';
import { fieldOf, firstKeyOf, quoted, textOf, utcTime, wholeNumber, type JsonRow } from './jsonRows';

/** A socket of a Velociraptor netstat artifact: the shared Connection, when it was bound, and the hunt it came from. */
export type VelociraptorConnection = Connection &
  HuntOrigin & {
    /** Timestamp: when the socket was created (bound), ISO-8601 UTC; null when absent or unreadable. */
    boundAt: string | null;
  };

/** The four endpoint columns under one spelling, as named in messages. */
interface EndpointColumns {
  names: readonly [string, string, string, string];
  values: readonly [unknown, unknown, unknown, unknown];
}

const SPELLINGS: readonly (readonly [string, string, string, string])[] = [
  ['Laddr.IP', 'Laddr.Port', 'Raddr.IP', 'Raddr.Port'],
  ['LaddrIP', 'LaddrPort', 'RaddrIP', 'RaddrPort'],
  ['Laddr', 'Lport', 'Raddr', 'Rport'],
  ['SrcIP', 'SrcPort', 'DestIP', 'DestPort'],
];

/** The local address keys of every spelling: what detection looks for. */
export const LOCAL_ADDRESS_KEYS: readonly string[] = SPELLINGS.map((spelling) => spelling[0]);

/** The columns only NetstatEnriched selects (from Windows.System.Pslist): they tell its rows from Netstat's. */
export const ENRICHED_KEYS: readonly string[] = ['Path', 'CommandLine', 'Hash', 'Username', 'Authenticode', 'Ppid'];

function endpointColumns(row: JsonRow): EndpointColumns | null {
  const key = firstKeyOf(row, LOCAL_ADDRESS_KEYS);
  if (key === undefined) return null;
  const names = SPELLINGS.find((spelling) => spelling[0] === key)!;
  return { names, values: [fieldOf(row, names[0]), fieldOf(row, names[1]), fieldOf(row, names[2]), fieldOf(row, names[3])] };
}

/** A row with a local address under one of the spellings: one of the netstat artifacts' rows. */
export function hasSocketColumns(row: JsonRow): boolean {
  return endpointColumns(row) !== null;
}

const MARKS: readonly HostRecordMark[][] = [[], ['local-addr-not-numeric'], ['remote-addr-not-numeric'], ['local-addr-not-numeric', 'remote-addr-not-numeric']].map(
  (marks) => Object.freeze(marks) as HostRecordMark[],
);
const NO_COMPONENTS = Object.freeze([]) as unknown as string[];

export const EXPECTED_SOCKET_ROW =
  'a JSON object with Pid, Type ("TCP" or "UDP"), Family, Status and the endpoints (Laddr.IP, Laddr.Port, Raddr.IP, Raddr.Port, or the NetstatEnriched names Laddr, Lport, Raddr, Rport)';

/** The row as a connection; a sentence saying what is wrong when it cannot be one. */
export function readSocketRow(row: JsonRow, line: LinePlace, log: ParseLog): VelociraptorConnection | string {
  const pidValue = fieldOf(row, 'Pid');
  if (pidValue === undefined || pidValue === null) return 'No Pid';
  const pid = wholeNumber(pidValue, 4294967295);
  if (pid < 0) return `Pid ${quoted(pidValue)} is not a process id`;

  const typeValue = fieldOf(row, 'Type');
  const type = typeof typeValue === 'string' ? typeValue.trim().toUpperCase() : '';
  if (type !== 'TCP' && type !== 'UDP') return typeValue === undefined || typeValue === null ? 'No Type (TCP or UDP)' : `Type ${quoted(typeValue)} is not TCP or UDP`;

  const columns = endpointColumns(row);
  if (columns === null) return 'No local address (Laddr.IP, or Laddr in NetstatEnriched)';
  const [localName, localPortName, , remotePortName] = columns.names;
  const [localValue, localPortValue, remoteValue, remotePortValue] = columns.values;
  const localAddr = textOf(localValue);
  if (localAddr === null) return `${localName} ${quoted(localValue)} is not an address`;
  const localPort = wholeNumber(localPortValue, 65535);
  if (localPort < 0) return `${localPortName} ${quoted(localPortValue)} is not a port number (0 to 65535)`;
  const remoteAddr = textOf(remoteValue);
  let remotePort: number | null = null;
  if (remoteAddr !== null) {
    remotePort = wholeNumber(remotePortValue, 65535);
    if (remotePort < 0) return `${remotePortName} ${quoted(remotePortValue)} is not a port number (0 to 65535)`;
  }

  const family = fieldOf(row, 'Family');
  const ipv6 = family === 'IPv6' || (family !== 'IPv4' && localAddr.includes(':'));
  const timestamp = fieldOf(row, 'Timestamp');
  let boundAt = utcTime(timestamp);
  if (boundAt === undefined) {
    log.reportLine(line, 'warning', `Timestamp ${quoted(timestamp)} is not an RFC 3339 time: boundAt is null`, 'a time such as "2023-11-07T16:32:23Z"');
    boundAt = null;
  }
  const markBits = (addressKind(localAddr) === 'not-numeric' ? 1 : 0) | (remoteAddr !== null && addressKind(remoteAddr) === 'not-numeric' ? 2 : 0);
  return {
    line: line.number,
    proto: ipv6 ? `${type}v6` : type,
    localAddr,
    localPort,
    remoteAddr,
    remotePort,
    state: textOf(fieldOf(row, 'Status')),
    pid,
    process: textOf(fieldOf(row, 'Name')),
    components: NO_COMPONENTS,
    marks: MARKS[markBits]!,
    boundAt,
    ...huntOriginOf(row),
  };
}

/**
 * 0..1: how much a row looks like one of the netstat artifacts — Netstat's own rows, or NetstatEnriched's (which add
 * process columns); each scores the other's rows lower, so detection picks the right one.
 */
export function netstatRowScore(row: JsonRow, wanted: { enriched: boolean }): number {
  if (!hasSocketColumns(row) || firstKeyOf(row, ['Pid']) === undefined) return 0;
  // Pid and an address alone are common in other JSON: the artifacts always select Type and Status too.
  if (firstKeyOf(row, ['Type']) === undefined || firstKeyOf(row, ['Status']) === undefined) return 0.3;
  const enriched = firstKeyOf(row, ENRICHED_KEYS) !== undefined;
  return enriched === wanted.enriched ? 0.95 : 0.6;
}
