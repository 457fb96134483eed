// `flowpivot pivot`: the app's flow → socket → process join, offline — saved flow, connection and process outputs in,
// one record per (flow, matching socket) out as JSON or CSV; what was read and how, on stderr.
import { hostAddresses } from '../../../shared/correlation/correlation';
import { pivotRecords, pivotSnapshot, type PivotHost } from '../../../shared/correlation/pivotRecords';
import type { Connection, Flow, ParseResult, ProcessEntry } from '../../../shared/domain';
import { detectFormat, parsers, recordKindOf, type RecordKind } from '../../../shared/parsers/registry';
import { recordsToCsv } from '../../../shared/recordsCsv';
import type { CliCommand, CliContext } from '../cliCommand';
import { OUTPUT_OPTIONS, outputFormat, readCommandLine, UsageError } from '../cliOptions';
import { InputError, readInputFile, runReporting, writeDiagnostics } from '../cliOutcome';

const OPTIONS = {
  flows: { type: 'string' },
  host: { type: 'string', multiple: true },
  ...OUTPUT_OPTIONS,
} as const;

/** What each kind of file is, in the sentence that says a file is not one. */
const KIND_WORDS: Record<RecordKind, string> = {
  flows: 'a router flow capture',
  connections: 'a connection listing',
  processes: 'a process listing',
};

function formatsOf(kind: RecordKind): string {
  return parsers
    .filter((parser) => recordKindOf(parser) === kind)
    .map((parser) => parser.id)
    .join(', ');
}

function help(): string {
  return [
    'Usage: flowpivot pivot --flows FILE --host NAME=NETSTAT_FILE[,PROCESS_FILE] [--host …] [--json | --csv]',
    '',
    'Joins saved outputs offline, as the app\'s linked grids do: each flow of the router\'s capture to the host',
    'sockets that carried it (same 5-tuple, a TCP listener on its port, a UDP socket bound to its port), and each',
    'socket to its process by PID. Every file\'s format is detected from its text and said on stderr; lines a parser',
    'could not read go to stderr as FILE:LINE: severity: message.',
    '',
    'Options:',
    `  --flows FILE        the router's flows (${formatsOf('flows')})`,
    '  --host NAME=NETSTAT_FILE[,PROCESS_FILE]',
    '                      one host\'s sockets and, optionally, its processes; repeat for each host. NAME is only a',
    '                      label for the records: the host\'s addresses are those its own sockets are bound to.',
    `                      NETSTAT_FILE: ${formatsOf('connections')}`,
    `                      PROCESS_FILE: ${formatsOf('processes')}`,
    '                      Process names come from PROCESS_FILE by PID (null for a PID it does not list); without',
    '                      it, from the image names the socket listing prints (netstat -anob, tcpvcon, ss -p), else null.',
    '  --json              print {"format":"pivot","records":[…]} (the default)',
    '  --csv               print the records as CSV with a header row',
    '  "-" as one FILE reads standard input.',
    '',
    'Records, one per flow and matching socket, in the flows\' order (a flow nothing matched appears once, with',
    'the fields from host on null): srcAddr, srcPort, dstAddr, dstPort, protocol, host, localAddr, localPort,',
    'remoteAddr, remotePort, state, pid, processName, match (exact, listener or udp-bind).',
    '',
    'Example:',
    '  flowpivot pivot --flows router1-cache-flow.txt \\',
    '    --host WS5081=ws5081-netstat-ano.txt,ws5081-pslist.txt --host PRX5241=prx5241-netstat-anob.txt --csv',
    '',
    'Exit status: 0 when joined (even with diagnostics), 1 when the join failed, 2 for a usage error or a file that',
    'is missing, unreadable, of no known format, or not the kind of output its option expects.',
    '',
  ].join('\n');
}

interface HostFiles {
  name: string;
  connectionsFile: string;
  processesFile: string | null;
}

function readHostOption(text: string): HostFiles {
  const equals = text.indexOf('=');
  const files = equals === -1 ? [] : text.slice(equals + 1).split(',');
  if (equals < 1 || files.length > 2 || files.some((file) => file === '')) {
    throw new UsageError(`--host needs NAME=NETSTAT_FILE or NAME=NETSTAT_FILE,PROCESS_FILE, got "${text}"`);
  }
  return { name: text.slice(0, equals), connectionsFile: files[0]!, processesFile: files[1] ?? null };
}

/** The file's records, when its detected format yields records of `kind`; an InputError naming the file otherwise. */
async function readRecords(source: string, kind: RecordKind, option: string, context: CliContext): Promise<unknown[]> {
  const text = await readInputFile(source, context);
  const detected = detectFormat(text);
  if (detected === null) {
    throw new InputError(`cannot tell the format of ${source}: ${option} expects ${KIND_WORDS[kind]} (${formatsOf(kind)}), and the text looks like none of the known formats.`);
  }
  const found = recordKindOf(detected.parser);
  if (found !== kind) {
    const what = found === null ? `${detected.parser.id} output` : `${KIND_WORDS[found]} (${detected.parser.id})`;
    throw new InputError(`${source} is ${what}, but ${option} expects ${KIND_WORDS[kind]} (${formatsOf(kind)}).`);
  }
  context.stderr(`flowpivot pivot: ${source}: detected format ${detected.parser.id} (confidence ${detected.score.toFixed(2)}).\n`);
  const result = detected.parser.parse(text) as ParseResult<unknown, unknown>;
  writeDiagnostics(source, result, context);
  return result.records;
}

/** What the join will know of the host, so an analyst sees why a host matched nothing. */
function describeHost(host: PivotHost, files: HostFiles): string {
  const snapshot = pivotSnapshot(host);
  const addresses = snapshot === null ? 'no address of its own (only wildcard binds), so no flow can match it' : `addresses ${hostAddresses(snapshot).join(', ')}`;
  const names = host.processes === null ? 'process names from the socket listing where it prints them' : `${host.processes.length} processes from ${files.processesFile}`;
  return `flowpivot pivot: host ${host.name}: ${host.connections.length} sockets, ${addresses}; ${names}.\n`;
}

async function run(args: readonly string[], context: CliContext): Promise<number> {
  return runReporting('pivot', context, async () => {
    const { values, positionals } = readCommandLine(args, OPTIONS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}": files are given with --flows and --host`);
    const format = outputFormat(values);
    if (values.flows === undefined) throw new UsageError('give the router\'s flows with --flows FILE');
    if (values.host === undefined || values.host.length === 0) throw new UsageError('give at least one host with --host NAME=NETSTAT_FILE[,PROCESS_FILE]');
    const hostFiles = values.host.map(readHostOption);
    const repeated = hostFiles.find((host, index) => hostFiles.findIndex((other) => other.name === host.name) !== index);
    if (repeated !== undefined) throw new UsageError(`the host name "${repeated.name}" is given twice: each --host needs its own NAME`);
    const sources = [values.flows, ...hostFiles.flatMap((host) => [host.connectionsFile, host.processesFile])];
    if (sources.filter((source) => source === '-').length > 1) throw new UsageError('standard input ("-") can be only one of the files');

    const flows = (await readRecords(values.flows, 'flows', '--flows', context)) as Flow[];
    const hosts: PivotHost[] = [];
    for (const files of hostFiles) {
      const connections = (await readRecords(files.connectionsFile, 'connections', `--host ${files.name}=NETSTAT_FILE`, context)) as Connection[];
      const processes = files.processesFile === null ? null : ((await readRecords(files.processesFile, 'processes', `--host ${files.name}=…,PROCESS_FILE`, context)) as ProcessEntry[]);
      const host = { name: files.name, connections, processes };
      context.stderr(describeHost(host, files));
      hosts.push(host);
    }

    const records = pivotRecords(flows, hosts);
    // A flow no socket matched is the one record of its flow with no match.
    const unmatched = records.filter((record) => record.match === null).length;
    context.stderr(`flowpivot pivot: ${flows.length - unmatched} of ${flows.length} flows matched a socket; ${records.length} records.\n`);
    context.stdout(format === 'csv' ? recordsToCsv(records) : `${JSON.stringify({ format: 'pivot', records }, null, 2)}\n`);
    return 0;
  });
}

export const pivotCommand: CliCommand = {
  name: 'pivot',
  summary: 'Join saved flow, connection and process outputs: each flow to the sockets and processes that carried it',
  help,
  run,
};
