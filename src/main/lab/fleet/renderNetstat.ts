// Windows `netstat -ano` (and -anob, -an, -ao, …) of a fleet host, in netstat's own column layout and CRLF line ends.
//
// Layout measured on real Windows 10 captures (tests/fixtures/win-netstat/jc-windows10-ano.txt): each row is
// "  %-5s  %-21s  %-21s  %-14s  %s" (proto, local, foreign, state, PID), an endpoint wider than its column pushes the
// rest right by its excess, and UDP rows leave the state empty. With -b, each row is followed by the owning service
// ("  RpcSs") and the executable (" [svchost.exe]"); the System process's sockets say " Can not obtain ownership
// information", and sockets no process owns any more (TIME_WAIT, PID 0) have no owner lines.
import type { FleetConnection, FleetHost } from './fleetState';
import { CRLF } from './psToolsTexts';

/** The netstat options the simulation knows, as letters of one or more "-ano"-style arguments. */
export interface NetstatOptions {
  /** -a: listening TCP sockets and UDP sockets too (without it: TCP connections only). */
  all: boolean;
  /** -o: the PID column. */
  pids: boolean;
  /** -b: the owner lines under each row. */
  owners: boolean;
}

/** Reads netstat's arguments ("-ano", "-a -n -o", "/ano"); null when one is not a letter netstat has here. */
export function readNetstatOptions(args: readonly string[]): NetstatOptions | null {
  const letters = new Set<string>();
  for (const arg of args) {
    if (!/^[-/][A-Za-z]+$/.test(arg)) return null;
    for (const letter of arg.slice(1).toLowerCase()) letters.add(letter);
  }
  for (const letter of letters) if (!'anob'.includes(letter)) return null;
  // Without -n netstat would resolve names; the simulation prints numbers either way.
  return { all: letters.has('a'), pids: letters.has('o'), owners: letters.has('b') };
}

function column(text: string, width: number): string {
  return text.padEnd(width);
}

export function netstatHeader(options: Pick<NetstatOptions, 'pids'>): string {
  const header = `  ${column('Proto', 5)}  ${column('Local Address', 21)}  ${column('Foreign Address', 21)}  `;
  return options.pids ? `${header}${column('State', 14)}  PID` : `${header}State`;
}

export function netstatRow(connection: FleetConnection, options: Pick<NetstatOptions, 'pids'>): string {
  const row = `  ${column(connection.proto, 5)}  ${column(connection.local, 21)}  ${column(connection.remote, 21)}  `;
  return options.pids ? `${row}${column(connection.state ?? '', 14)}  ${connection.pid}` : `${row}${connection.state ?? ''}`;
}

function ownerLines(host: FleetHost, connection: FleetConnection): string[] {
  if (connection.pid === 0) return [];
  if (connection.pid === 4) return [' Can not obtain ownership information'];
  const owner = host.processes.find((process) => process.pid === connection.pid);
  if (owner === undefined) return [' Can not obtain ownership information'];
  return [...(connection.component === null ? [] : [`  ${connection.component}`]), ` [${owner.image}]`];
}

/** netstat's whole output for the host: a blank line, the title, a blank line, the header and the rows. */
export function renderNetstat(host: FleetHost, options: NetstatOptions): string {
  const lines = ['', 'Active Connections', '', netstatHeader(options)];
  for (const connection of host.connections) {
    if (!options.all && (connection.proto === 'UDP' || connection.state === 'LISTENING')) continue;
    lines.push(netstatRow(connection, options));
    if (options.owners) lines.push(...ownerLines(host, connection));
  }
  return lines.map((line) => `${line}${CRLF}`).join('');
}
