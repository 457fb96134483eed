// `flowpivot sweep`: which hosts of a list have a socket on PROTO:PORT, and which process holds it, many hosts at once
// through the app's HostService and SweepService; one record per socket or per host that has none or failed.
import type { z } from 'zod';
import type { hostInputSchema } from '../../../shared/contract';
import { formatSocketQuery, parseSocketQuery, type SocketQuery } from '../../../shared/sweep/socketQuery';
import { readHostList, type HostListEntry } from '../../../shared/sweep/hostList';
import type { SocketSweepRecord } from '../../../shared/sweep/sweepRecords';
import { socketSweepRecords, SweepService } from '../../services/sweepService';
import type { SweepProgress, SweepSummary } from '../../sweep/sweepEngine';
import type { CliCommand, CliContext } from '../cliCommand';
import { oneOf, readCommandLine, UsageError, wholeNumber } from '../cliOptions';
import { EXIT_FAILED, InputError, readInputFile, runReporting } from '../cliOutcome';
import { createCliServices, type CliServices } from '../cliServices';
import { HOST_OPTIONS, HOST_OPTIONS_HELP, hostInputFrom } from '../hostOptions';
import { StatusLine } from '../progressReport';

const OPTIONS = {
  hosts: { type: 'string' },
  find: { type: 'string' },
  concurrency: { type: 'string' },
  retries: { type: 'string' },
  json: { type: 'boolean' },
  ...HOST_OPTIONS,
} as const;

const SWEEP_VIAS = ['psexec', 'ssh'] as const;
const DEFAULT_CONCURRENCY = 64;
const DEFAULT_TIMEOUT_S = 30;
/** Off a terminal (logs, CI) a progress line at most this often. */
const PLAIN_PROGRESS_INTERVAL_MS = 1000;

function help(): string {
  // --via and --timeout mean something narrower here than for one host; the other host options are the same.
  const hostOptions = HOST_OPTIONS_HELP.filter((line) => !line.startsWith('  --via ') && !line.startsWith('  --timeout '));
  return [
    'Usage: flowpivot sweep --hosts FILE --via psexec|ssh --find PROTO:PORT [--concurrency N] [--timeout S] [--retries N]',
    '                       [--json] [--user U] [--port N] [--os windows|linux] [--password-env VAR] [--key FILE]',
    '                       [--passphrase-env VAR] [--known-hosts FILE] [--accept-new-host-key]',
    '',
    'Lists the sockets of every host in FILE (netstat -ano through PsExec, or ss over SSH), many hosts at once, and keeps',
    'those of protocol PROTO with PORT at either end: listeners, clients and servers alike. Each socket\'s PID is named',
    'from the host\'s process list (PsList) when the socket listing does not name it.',
    '',
    'Options:',
    '  --hosts FILE            the hosts, one per line (name or address as for "collect host"); blank lines and text',
    '                          after # are ignored. A line that is not a host stops the sweep before it starts (FILE:LINE).',
    '  --find PROTO:PORT       the socket to look for: tcp:445, udp:53',
    '  --via psexec|ssh        how the hosts are reached: PsExec/PsList (found on PATH) or SSH; the same for every host',
    `  --concurrency N         hosts swept at once (default ${DEFAULT_CONCURRENCY})`,
    `  --timeout S             give up on a host after S seconds, stopping its tool runs (default ${DEFAULT_TIMEOUT_S})`,
    '  --retries N             try a host again up to N times when it did not answer or timed out (default 0);',
    '                          a refused login or a missing tool is not retried',
    '  --json                  one JSON record per line, printed as each host finishes (default: a table at the end)',
    ...hostOptions,
    '',
    'Records: {host, status, protocol, localAddr, localPort, remoteAddr, remotePort, state, pid, processName, error}.',
    'status is found (one record per socket), none (the host has no such socket), error (error says why, in words),',
    'timeout or cancelled. A host that fails is a record like the others: the sweep goes on.',
    'Progress and a summary go to stderr. Ctrl+C stops the sweep at once and prints what finished.',
    '',
    'Exit status: 0 the sweep ran (whatever the hosts answered); 1 it was cancelled, or no host answered; 2 usage, or',
    'a bad line in FILE.',
    '',
    'Examples: flowpivot sweep --hosts branch.txt --via psexec --find tcp:445',
    '          FP_PW=secret flowpivot sweep --hosts linux.txt --via ssh --user ir --password-env FP_PW --find tcp:22 --json',
    '',
  ].join('\n');
}

/** The sweep's progress on stderr: one redrawn line on a terminal, a plain line now and then otherwise. */
function progressLine(context: CliContext, query: SocketQuery): { show: (progress: SweepProgress) => void; clear: () => void; close: (last: string) => void } {
  const line = new StatusLine(context);
  let lastPlainAt = -Infinity;
  let lastPlainDone = 0;
  return {
    show(progress) {
      const text = `sweep ${formatSocketQuery(query)}: ${progress.done}/${progress.total} hosts done, ${progress.running} running, ${progress.failed} failed, ${(progress.elapsedMs / 1000).toFixed(1)} s`;
      if (context.stderrIsTTY) line.show(text);
      else if (progress.done !== lastPlainDone && Date.now() - lastPlainAt >= PLAIN_PROGRESS_INTERVAL_MS) {
        line.show(text);
        lastPlainAt = Date.now();
        lastPlainDone = progress.done;
      }
    },
    /** Before records go to stdout, which may be the same terminal. */
    clear: () => line.clear(),
    close: (last) => line.say(last),
  };
}

const TABLE_COLUMNS: { title: string; cell: (record: SocketSweepRecord) => string }[] = [
  { title: 'HOST', cell: (record) => record.host },
  { title: 'STATUS', cell: (record) => record.status },
  { title: 'PROTO', cell: (record) => record.protocol ?? '' },
  { title: 'LOCAL', cell: (record) => (record.localAddr === null ? '' : `${record.localAddr}:${record.localPort ?? '*'}`) },
  { title: 'REMOTE', cell: (record) => (record.remoteAddr === null ? '' : `${record.remoteAddr}:${record.remotePort ?? '*'}`) },
  { title: 'STATE', cell: (record) => record.state ?? '' },
  { title: 'PID', cell: (record) => (record.pid === null ? '' : String(record.pid)) },
  { title: 'PROCESS', cell: (record) => record.processName ?? '' },
  { title: 'ERROR', cell: (record) => record.error ?? '' },
];

/** The records as an aligned table; the last column (the error sentence) is left unpadded. */
function recordTable(records: readonly SocketSweepRecord[]): string {
  const rows = [TABLE_COLUMNS.map((column) => column.title), ...records.map((record) => TABLE_COLUMNS.map((column) => column.cell(record)))];
  const widths = TABLE_COLUMNS.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!))).join('  ').trimEnd()).join('\n') + '\n';
}

function summaryLine(summary: SweepSummary, records: readonly SocketSweepRecord[], query: SocketQuery, stopped: string | null): string {
  const found = new Set(records.filter((record) => record.status === 'found').map((record) => record.host)).size;
  const sockets = records.filter((record) => record.status === 'found').length;
  const none = records.filter((record) => record.status === 'none').length;
  const errors = records.filter((record) => record.status === 'error').length;
  const timeouts = records.filter((record) => record.status === 'timeout').length;
  const cancelled = records.filter((record) => record.status === 'cancelled').length;
  const cancelledBy = stopped === null ? '' : ` (cancelled by ${stopped})`;
  return (
    `flowpivot sweep: ${formatSocketQuery(query)} on ${summary.total} host${summary.total === 1 ? '' : 's'} in ${(summary.elapsedMs / 1000).toFixed(1)} s${cancelledBy}: ` +
    `${found} with ${sockets} matching socket${sockets === 1 ? '' : 's'}, ${none} without, ${errors} failed, ${timeouts} timed out, ${cancelled} cancelled.`
  );
}

/** Adds every host of the list, validated as the window's host form does; a bad line is an InputError naming FILE:LINE. */
async function addHosts(services: CliServices, entries: readonly HostListEntry[], template: z.input<typeof hostInputSchema>, file: string): Promise<Map<string, string>> {
  const addresses = new Map<string, string>();
  for (const entry of entries) {
    try {
      const host = await services.addHost({ ...template, address: entry.address, label: entry.address });
      addresses.set(host.id, entry.address);
    } catch (error) {
      // The form's sentence is "host: FIELD: problem"; the line number stands for "host".
      if (error instanceof UsageError) throw new InputError(`${file}:${entry.line}: refused "${entry.address}": ${error.message.replace(/^host: /, '')}. Nothing was swept.`);
      throw error;
    }
  }
  return addresses;
}

async function sweep(args: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = readCommandLine(args, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`sweep takes its hosts from --hosts FILE, not from "${positionals.join(' ')}"`);
  if (values.hosts === undefined) throw new UsageError('--hosts FILE is required: a file with one host per line');
  oneOf('via', values.via, SWEEP_VIAS);
  if (values.find === undefined) throw new UsageError('--find PROTO:PORT is required, for example tcp:445');
  const parsed = parseSocketQuery(values.find);
  if ('problem' in parsed) throw new UsageError(`--find ${parsed.problem}`);
  const { query } = parsed;
  const concurrency = wholeNumber('concurrency', values.concurrency, 1024, 1) ?? DEFAULT_CONCURRENCY;
  const retries = wholeNumber('retries', values.retries, 10) ?? 0;
  const timeoutMs = (wholeNumber('timeout', values.timeout, 3600, 1) ?? DEFAULT_TIMEOUT_S) * 1000;

  const file = values.hosts;
  const entries = readHostList(await readInputFile(file, context));
  if (entries.length === 0) throw new InputError(`${file} lists no hosts: give one host name or address per line.`);
  // One set of credentials for every host: asked for (at most) once, naming the list rather than its first host.
  const askOnce: CliContext = { ...context, promptSecret: () => context.promptSecret(`Password for ${values.user ?? ''} on the ${entries.length} hosts of ${file}: `) };
  const template = await hostInputFrom(entries[0]!.address, { ...values, timeout: String(timeoutMs / 1000) }, askOnce);

  // The services' own per-host progress lines would interleave dozens of hosts: the sweep's one line stands for them.
  const services = await createCliServices(context, { knownHostsPath: values['known-hosts'], acceptNewHostKeys: values['accept-new-host-key'], reportProgress: false });
  try {
    const addresses = await addHosts(services, entries, template, file);
    const order = [...addresses.keys()];
    const records: { index: number; records: SocketSweepRecord[] }[] = [];
    const progress = progressLine(context, query);
    const stop = new AbortController();
    let stopped: string | null = null;
    void context.waitForStop().then((signal) => {
      stopped = signal;
      stop.abort();
    });

    const summary = await new SweepService(services.hosts).findSocket(order, query, {
      concurrency,
      timeoutMs,
      retries,
      signal: stop.signal,
      onProgress: (state) => progress.show(state),
      onResult: (outcome) => {
        const hostRecords = socketSweepRecords(outcome, addresses.get(outcome.item)!, timeoutMs);
        records.push({ index: outcome.index, records: hostRecords });
        if (!values.json) return;
        progress.clear();
        context.stdout(hostRecords.map((record) => `${JSON.stringify(record)}\n`).join(''));
      },
    });

    const all = records.sort((a, b) => a.index - b.index).flatMap((host) => host.records);
    if (!values.json) context.stdout(recordTable(all));
    // What the sweep decided about host keys, said once at the end.
    for (const note of services.log.list()) if (note.kind === 'connection' && note.level !== 'error') context.stderr(`${note.message}\n`);
    progress.close(summaryLine(summary, all, query, stopped));
    const answered = summary.ok > 0;
    return stopped !== null || !answered ? EXIT_FAILED : 0;
  } finally {
    services.dispose();
  }
}

export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'Find which hosts of a list have a socket on PROTO:PORT (e.g. tcp:445), and the process holding it',
  help,
  run: (args, context) => runReporting('sweep', context, () => sweep(args, context)),
};
