// Parses Velociraptor's Windows.Network.NetstatEnriched results exported as JSON lines: one Connection per socket
// row, with the owning process's parent, path, command line, user, hash and signature beside it.
//
// Rules the fixtures hold it to:
// - A row is the artifact's SELECT (artifacts/definitions/Windows/Network/NetstatEnriched.yaml): Pid, Ppid, Name,
//   Path, CommandLine, Hash {MD5, SHA1, SHA256}, Username, Authenticode {…, Trusted}, Family, Type, Status, Laddr,
//   Lport, Raddr, Rport, Timestamp; the socket columns as in netstatRows.ts (older SrcIP/SrcPort/DestIP/DestPort too).
// - The process columns come from a Pslist sub-query by PID: null when the process had gone, or the field was empty.
// - Hash and Authenticode are objects: sha256 is Hash.SHA256, authenticode is Authenticode.Trusted ("trusted",
//   "unsigned", "untrusted", …) as printed.
// - KillProcess and ProcessMemory (the artifact's kill and dump switches) are not read.
import type { ParseResult } from '../../domain';
import { ParseLog } from '../parseLog';
import { HostTally, readCommandLineOutput, type VelociraptorSections } from './huntColumns';
import { detectJsonRows, fieldOf, memberOf, readJsonRows, textOf, wholeNumber } from './jsonRows';
import { EXPECTED_SOCKET_ROW, netstatRowScore, readSocketRow, type VelociraptorConnection } from './netstatRows';

export const id = 'velociraptor-netstat-enriched';
export const version = '1.0.0';

/** The artifact collected on the command line as JSON lines, by the collect command or run mode. */
export const commands: readonly string[] = [
  'velociraptor[[.exe]] artifacts collect Windows.Network.NetstatEnriched --format jsonl',
  'velociraptor[[.exe]] -r Windows.Network.NetstatEnriched --format jsonl',
];

/** A NetstatEnriched socket: the Velociraptor connection and its process as Pslist saw it. */
export type EnrichedConnection = VelociraptorConnection & {
  /** Ppid: the owning process's parent. */
  ppid: number | null;
  /** Path: the owning process's executable (Pslist's Exe). */
  path: string | null;
  commandLine: string | null;
  /** Username: the owning process's user ("NT AUTHORITY\SYSTEM"). */
  username: string | null;
  /** Hash.SHA256 of the executable. */
  sha256: string | null;
  /** Authenticode.Trusted of the executable: "trusted", "unsigned", "untrusted", … as printed. */
  authenticode: string | null;
};

export type VelociraptorNetstatEnrichedResult = ParseResult<EnrichedConnection, VelociraptorSections>;

const EXPECTED_ROW = `${EXPECTED_SOCKET_ROW}, with NetstatEnriched's Ppid, Name, Path, CommandLine, Hash, Username and Authenticode`;

/** Parses Windows.Network.NetstatEnriched JSON lines. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): VelociraptorNetstatEnrichedResult {
  const source = typeof text === 'string' ? text : '';
  const log = new ParseLog(source);
  const records: EnrichedConnection[] = [];
  const hosts = new HostTally();
  readJsonRows(source, log, EXPECTED_ROW, {
    row(line, row) {
      const socket = readSocketRow(row, line, log);
      if (typeof socket === 'string') {
        log.reportLine(line, 'error', socket, EXPECTED_ROW);
        return;
      }
      const ppid = wholeNumber(fieldOf(row, 'Ppid'), 4294967295);
      records.push({
        ...socket,
        ppid: ppid < 0 ? null : ppid,
        path: textOf(fieldOf(row, 'Path')),
        commandLine: textOf(fieldOf(row, 'CommandLine')),
        username: textOf(fieldOf(row, 'Username')),
        sha256: textOf(memberOf(fieldOf(row, 'Hash'), 'SHA256')),
        authenticode: textOf(memberOf(fieldOf(row, 'Authenticode'), 'Trusted')),
      });
      hosts.note(socket, line, log);
    },
    otherLine: (line, content) => readCommandLineOutput(line, content, log, commands),
  });
  log.sortByLine();
  return log.result(id, version, records, { hosts: hosts.hosts });
}

/** 0..1: how much the start of the text looks like NetstatEnriched rows: socket columns and its process columns. */
export function detect(text: string): number {
  return detectJsonRows(text, (row) => netstatRowScore(row, { enriched: true }));
}
