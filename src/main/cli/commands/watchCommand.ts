// `flowpivot watch`: a host's sockets listed again and again for a while, through the app's WatchService — the same
// snapshots, merging, alert and process capture as the window's Watch — printing the alert the moment it fires.
import { formatWatchTarget, parseWatchTarget } from '../../../shared/watch/watchTarget';
import { catchProbability, parseDurationMs, WATCH_DEFAULTS, WATCH_LIMITS } from '../../../shared/watch/watchSchedule';
import type { WatchAlert, WatchProgress, WatchSummary } from '../../../shared/watch/watchModel';
import { socketText, WatchService } from '../../services/watchService';
import type { CliCommand, CliContext } from '../cliCommand';
import { readCommandLine, UsageError } from '../cliOptions';
import { EXIT_FAILED, runReporting } from '../cliOutcome';
import { CASE_OPTION, CASE_OPTION_HELP } from '../caseOption';
import { createCliServices } from '../cliServices';
import { HOST_OPTIONS, HOST_OPTIONS_HELP, hostInputFrom } from '../hostOptions';
import { StatusLine } from '../progressReport';

const OPTIONS = {
  for: { type: 'string' },
  every: { type: 'string' },
  match: { type: 'string' },
  json: { type: 'boolean' },
  ...HOST_OPTIONS,
  ...CASE_OPTION,
} as const;

function help(): string {
  return [
    'Usage: flowpivot watch HOST --match PROTO:ADDR:PORT [--for 60s] [--every 2s] --via psexec|ssh|local [--json]',
    '                       [--user U] [--port N] [--password-env VAR] [--key FILE] [--known-hosts FILE] [--case FILE]',
    '',
    'Lists the host\'s sockets again and again (netstat -ano through PsExec or on Windows; ss -tunap on Linux) and merges',
    'the snapshots: each socket with when it was first and last seen, how often, and the PIDs that owned it. The first',
    'time a socket matches --match, an alert is printed and the process list (PsList, tasklist or ps) is taken at once,',
    'so the owner is named even if it exits right after. Runs never overlap: the next starts --every after the previous',
    'one started, or straight after it ended when it took longer.',
    '',
    'Options:',
    '  --match PROTO:ADDR:PORT   the flow end to catch, either direction: udp:10.0.0.5:51515, tcp:445, udp:[fe80::1]:53,',
    '                            *:203.0.113.45:9999; a UDP socket bound to the port on the host matches too',
    `  --for D                   how long to watch (default ${WATCH_DEFAULTS.durationMs / 1000}s; ${WATCH_LIMITS.minDurationMs / 1000}s to ${WATCH_LIMITS.maxDurationMs / 3_600_000}h): 90s, 5m, 1h`,
    `  --every D                 time between runs (default ${WATCH_DEFAULTS.intervalMs / 1000}s; ${WATCH_LIMITS.minIntervalMs}ms to ${WATCH_LIMITS.maxIntervalMs / 3_600_000}h): 2s, 250ms`,
    '  --json                    the summary as JSON on stdout (default: a table of the sockets seen)',
    ...HOST_OPTIONS_HELP,
    ...CASE_OPTION_HELP,
    '',
    `Sampling: a socket open 300 ms at a time is caught by a listing every 2 s ${Math.round(catchProbability(300, 2000) * 100)}% of the times it opens;`,
    'every 250 ms or less (and listings that take no longer) catches every opening.',
    '',
    'Exit status: 0 the target showed; 1 it never did, or the watch was cancelled (Ctrl+C) or failed; 2 usage.',
    '',
    'Example: flowpivot watch WS-0142 --via psexec --for 60s --every 250ms --match udp:10.20.30.40:51515',
    '',
  ].join('\n');
}

function durationOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const read = parseDurationMs(text);
  if ('problem' in read) throw new UsageError(`--${name} ${read.problem}`);
  if (read.ms < min || read.ms > max) throw new UsageError(`--${name} ${text} is not from ${min} ms to ${max} ms`);
  return read.ms;
}

function alertLines(alert: WatchAlert): string {
  return `flowpivot watch: ALERT ${alert.message}\n`;
}

function socketTable(summary: WatchSummary): string {
  const columns: [string, (socket: WatchSummary['sockets'][number]) => string][] = [
    ['SOCKET', (socket) => socketText(socket)],
    ['STATE', (socket) => socket.states.join(',')],
    ['PIDS', (socket) => socket.owners.map((owner) => owner.pid).join(',')],
    ['SEEN', (socket) => `${socket.timesSeen}/${summary.snapshots}`],
    ['FIRST SEEN', (socket) => socket.firstSeenAt],
    ['LAST SEEN', (socket) => socket.lastSeenAt],
    ['MATCH', (socket) => socket.match ?? ''],
  ];
  const rows = [columns.map(([title]) => title), ...summary.sockets.map((socket) => columns.map(([, cell]) => cell(socket)))];
  const widths = columns.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
  return rows.map((row) => row.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd()).join('\n') + '\n';
}

function run(args: readonly string[], context: CliContext): Promise<number> {
  return runReporting('watch', context, async () => {
    const { values, positionals } = readCommandLine(args, OPTIONS);
    if (positionals.length !== 1) throw new UsageError('give one HOST (or "local" with --via local)');
    if (values.match === undefined) throw new UsageError('--match PROTO:ADDR:PORT is required, for example udp:10.0.0.5:51515');
    const parsed = parseWatchTarget(values.match);
    if ('problem' in parsed) throw new UsageError(`--match ${parsed.problem}`);
    const durationMs = durationOption('for', values.for, WATCH_DEFAULTS.durationMs, WATCH_LIMITS.minDurationMs, WATCH_LIMITS.maxDurationMs);
    const intervalMs = durationOption('every', values.every, WATCH_DEFAULTS.intervalMs, WATCH_LIMITS.minIntervalMs, WATCH_LIMITS.maxIntervalMs);
    const input = await hostInputFrom(positionals[0]!, values, context);
    const services = await createCliServices(context, { knownHostsPath: values['known-hosts'], acceptNewHostKeys: values['accept-new-host-key'], caseFile: values.case, reportProgress: false });
    const line = new StatusLine(context);
    try {
      const host = await services.addHost(input);
      const watches = new WatchService(services.hosts, services.events, services.log);
      const stopListening = services.events.subscribe((event, payload) => {
        if (event === 'watch.progress') {
          const progress = payload as WatchProgress;
          const left = Math.max(0, (Date.parse(progress.endsAt) - Date.now()) / 1000);
          if (context.stderrIsTTY) line.show(`watch ${host.address} for ${formatWatchTarget(parsed.target)}: snapshot ${progress.snapshot}, ${progress.socketsKnown} sockets, ${left.toFixed(1)} s left${progress.problem ? ` (last run failed: ${progress.problem})` : ''}`);
        } else if (event === 'watch.alert') {
          line.clear();
          context.stderr(alertLines(payload as WatchAlert));
        }
      });
      let stoppedBy: string | null = null;
      void context.waitForStop().then((signal) => {
        stoppedBy = signal;
        watches.cancel(host.id);
      });
      const summary = await watches.watch({ id: host.id, intervalMs, durationMs, target: parsed.target });
      stopListening();
      line.clear();
      context.stdout(values.json ? `${JSON.stringify(summary, null, 2)}\n` : socketTable(summary));
      context.stderr(`flowpivot watch: ${summary.message}${stoppedBy ? ` (stopped by ${stoppedBy})` : ''}\n`);
      const lost = services.evidenceLost(context);
      return summary.alert !== null && summary.outcome !== 'failed' && lost === 0 ? 0 : EXIT_FAILED;
    } finally {
      line.clear();
      services.dispose();
    }
  });
}

export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'Watch a host\'s sockets for a while and name the process behind a short-lived one the moment it shows',
  help,
  run,
};
