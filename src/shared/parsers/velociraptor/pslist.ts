// Parses Velociraptor's Windows.System.Pslist results exported as JSON lines: one ProcessEntry per process row.
//
// Rules the fixtures hold it to:
// - A row is the artifact's SELECT (artifacts/definitions/Windows/System/Pslist.yaml): CreateTime, Pid, Ppid,
//   TokenIsElevated, Name, CommandLine, Exe, TokenInfo, Hash {MD5, SHA1, SHA256}, Authenticode {…, Trusted},
//   Username, WorkingSetSize. Pid and Name are needed; every other column may be null or absent.
// - CreateTime (RFC 3339, "2025-02-09T12:57:23.9023563Z") → startedAt in ISO-8601 UTC, its fraction kept; Go's zero
//   time (year 1: the process could not be opened) → null; anything else is a warning and null.
// - pslist()'s own rows (SELECT * FROM pslist(), and the process tracker's ProcInfo) are read too: Threads, the CPU
//   seconds User + System → cpuSec, Memory.WorkingSetSize; the artifact's SELECT has none of these but WorkingSetSize.
// - "" (a process Velociraptor could not open has no CommandLine, Exe or Username) is null.
// - A hunt's results add ClientId, Fqdn and FlowId to every row: kept on the record, the hosts listed in sections.
import type { ParseResult, ProcessEntry } from '../../domain';
import { ParseLog } from '../parseLog';
import { bareProcessEntry } from '../processEntry';
import { HostTally, huntOriginOf, readCommandLineOutput, type HuntOrigin, type VelociraptorSections } from './huntColumns';
import { detectJsonRows, fieldOf, firstKeyOf, memberOf, quoted, readJsonRows, textOf, utcTime, wholeNumber, type JsonRow } from './jsonRows';
import { LOCAL_ADDRESS_KEYS } from './netstatRows';

export const id = 'velociraptor-pslist';
export const version = '1.0.0';

/** The artifact collected on the command line as JSON lines, by the collect command or run mode. */
export const commands: readonly string[] = ['velociraptor[[.exe]] artifacts collect Windows.System.Pslist --format jsonl', 'velociraptor[[.exe]] -r Windows.System.Pslist --format jsonl'];

/** A Pslist row: the shared ProcessEntry, what Velociraptor adds about the executable, and the hunt it came from. */
export type VelociraptorProcess = ProcessEntry &
  HuntOrigin & {
    /** Exe: the executable's full path. */
    exe: string | null;
    /** TokenIsElevated; null when Velociraptor could not open the process's token. */
    tokenIsElevated: boolean | null;
    /** Hash.SHA256 of the executable. */
    sha256: string | null;
    /** Authenticode.Trusted of the executable: "trusted", "unsigned", "untrusted", … as printed. */
    authenticode: string | null;
    /** WorkingSetSize in bytes. */
    workingSetBytes: number | null;
  };

export type VelociraptorPslistResult = ParseResult<VelociraptorProcess, VelociraptorSections>;

const EXPECTED_ROW = 'a JSON object with Pid and Name, and CreateTime, Ppid, TokenIsElevated, CommandLine, Exe, Hash, Authenticode, Username, WorkingSetSize';

/** Parses Windows.System.Pslist JSON lines. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): VelociraptorPslistResult {
  const source = typeof text === 'string' ? text : '';
  const log = new ParseLog(source);
  const records: VelociraptorProcess[] = [];
  const hosts = new HostTally();
  readJsonRows(source, log, EXPECTED_ROW, {
    row(line, row) {
      const pidValue = fieldOf(row, 'Pid');
      const pid = wholeNumber(pidValue, 4294967295);
      if (pid < 0) {
        log.reportLine(line, 'error', pidValue === undefined || pidValue === null ? 'No Pid' : `Pid ${quoted(pidValue)} is not a process id`, EXPECTED_ROW);
        return;
      }
      const nameValue = fieldOf(row, 'Name');
      const name = textOf(nameValue);
      if (name === null) {
        log.reportLine(line, 'error', nameValue === undefined || nameValue === null ? 'No Name' : `Name ${quoted(nameValue)} is not a process name`, EXPECTED_ROW);
        return;
      }
      const createTime = fieldOf(row, 'CreateTime');
      let startedAt = utcTime(createTime);
      if (startedAt === undefined) {
        log.reportLine(line, 'warning', `CreateTime ${quoted(createTime)} is not an RFC 3339 time: startedAt is null`, 'a time such as "2025-02-09T12:57:23.9023563Z"');
        startedAt = null;
      }
      const origin = huntOriginOf(row);
      const elevated = fieldOf(row, 'TokenIsElevated');
      records.push({
        ...bareProcessEntry(line.number, name, pid),
        ppid: orNull(wholeNumber(fieldOf(row, 'Ppid'), 4294967295)),
        threads: orNull(wholeNumber(fieldOf(row, 'Threads'), 4294967295)),
        cpuSec: cpuSeconds(fieldOf(row, 'User'), fieldOf(row, 'System')),
        user: textOf(fieldOf(row, 'Username')),
        startedAt,
        commandLine: textOf(fieldOf(row, 'CommandLine')),
        exe: textOf(fieldOf(row, 'Exe')),
        tokenIsElevated: typeof elevated === 'boolean' ? elevated : null,
        sha256: textOf(memberOf(fieldOf(row, 'Hash'), 'SHA256')),
        authenticode: textOf(memberOf(fieldOf(row, 'Authenticode'), 'Trusted')),
        workingSetBytes: orNull(wholeNumber(fieldOf(row, 'WorkingSetSize') ?? memberOf(fieldOf(row, 'Memory'), 'WorkingSetSize'), Number.MAX_SAFE_INTEGER)),
        ...origin,
      });
      hosts.note(origin, line, log);
    },
    otherLine: (line, content) => readCommandLineOutput(line, content, log, commands),
  });
  log.sortByLine();
  return log.result(id, version, records, { hosts: hosts.hosts });
}

/** 0..1: how much the start of the text looks like Pslist rows: Pid, Name and Ppid with a process column, no socket. */
export function detect(text: string): number {
  return detectJsonRows(text, judgeRow);
}

const PROCESS_KEYS = ['CreateTime', 'TokenIsElevated', 'Exe', 'CommandLine'];

function judgeRow(row: JsonRow): number {
  if (firstKeyOf(row, ['Pid']) === undefined || firstKeyOf(row, ['Name']) === undefined || firstKeyOf(row, LOCAL_ADDRESS_KEYS) !== undefined) return 0;
  const ppid = firstKeyOf(row, ['Ppid']) !== undefined;
  const processColumn = firstKeyOf(row, PROCESS_KEYS) !== undefined;
  // Pid and Name alone are in many a JSON log: Pslist's rows have Ppid and the process columns too.
  return ppid && processColumn ? 0.95 : ppid || processColumn ? 0.6 : 0;
}

/** pslist()'s User and System: CPU seconds in user and kernel mode (100 ns resolution); null unless both are numbers. */
function cpuSeconds(user: unknown, system: unknown): number | null {
  if (typeof user !== 'number' || typeof system !== 'number' || !Number.isFinite(user + system) || user < 0 || system < 0) return null;
  return Math.round((user + system) * 1e7) / 1e7;
}

function orNull(value: number): number | null {
  return value < 0 ? null : value;
}
