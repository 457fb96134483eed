// Parses Velociraptor's Windows.Network.Netstat results exported as JSON lines: one Connection per socket row.
//
// Rules the fixtures hold it to:
// - A row is the artifact's SELECT: Pid, Name, Family, Type, Status, Laddr.IP, Laddr.Port, Raddr.IP, Raddr.Port,
//   Timestamp (artifacts/definitions/Windows/Network/Netstat.yaml); how each becomes a field: netstatRows.ts.
// - A hunt's results add ClientId, Fqdn and FlowId to every row: kept on the record, the hosts listed in sections.
// - Every line is a row, the "[" / "]" of a JSON array, the command line's own log and echo, or a diagnostic.
import type { ParseResult } from '../../domain';
import { ParseLog } from '../parseLog';
import { HostTally, readCommandLineOutput, type VelociraptorSections } from './huntColumns';
import { detectJsonRows, readJsonRows } from './jsonRows';
import { EXPECTED_SOCKET_ROW, netstatRowScore, readSocketRow, type VelociraptorConnection } from './netstatRows';

export const id = 'velociraptor-netstat';
export const version = '1.0.0';

/** The artifact collected on the command line as JSON lines, by the collect command or run mode. */
export const commands: readonly string[] = ['velociraptor[[.exe]] artifacts collect Windows.Network.Netstat --format jsonl', 'velociraptor[[.exe]] -r Windows.Network.Netstat --format jsonl'];

export type VelociraptorNetstatResult = ParseResult<VelociraptorConnection, VelociraptorSections>;

/** Parses Windows.Network.Netstat JSON lines. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): VelociraptorNetstatResult {
  const source = typeof text === 'string' ? text : '';
  const log = new ParseLog(source);
  const records: VelociraptorConnection[] = [];
  const hosts = new HostTally();
  readJsonRows(source, log, EXPECTED_SOCKET_ROW, {
    row(line, row) {
      const record = readSocketRow(row, line, log);
      if (typeof record === 'string') {
        log.reportLine(line, 'error', record, EXPECTED_SOCKET_ROW);
        return;
      }
      records.push(record);
      hosts.note(record, line, log);
    },
    otherLine: (line, content) => readCommandLineOutput(line, content, log, commands),
  });
  log.sortByLine();
  return log.result(id, version, records, { hosts: hosts.hosts });
}

/** 0..1: how much the start of the text looks like Windows.Network.Netstat rows (NetstatEnriched's score lower). */
export function detect(text: string): number {
  return detectJsonRows(text, (row) => netstatRowScore(row, { enriched: false }));
}
