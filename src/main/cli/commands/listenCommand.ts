// `flowpivot listen`: the window's flow export collector on the command line — the same FlowCollectorService listening
// for NetFlow v5/v9 and IPFIX, its counts on stderr, until N seconds have passed or Ctrl+C; --case records what came.
import { COLLECTOR_DEFAULTS, COLLECTOR_LIMITS, type CollectorStatus } from '../../../shared/collector/collectorModel';
import { ipLiteralFamily } from '../../../shared/collector/ipLiteral';
import { AppError } from '../../../shared/errors';
import { exportLabFlows } from '../../lab/netflow/labFlowExporter';
import { FlowCollectorService } from '../../netflow/flowCollectorService';
import { EventBus } from '../../services/eventBus';
import { EVIDENCE_NOT_KEPT } from '../../services/evidenceRecorder';
import { LogBook } from '../../services/logBook';
import { CASE_OPTION, CASE_OPTION_HELP, commandLineCases, openLiveCase } from '../caseOption';
import { EXIT_USAGE, type CliCommand, type CliContext } from '../cliCommand';
import { readCommandLine, UsageError, wholeNumber } from '../cliOptions';
import { StatusLine } from '../progressReport';

const OPTIONS = {
  address: { type: 'string' },
  port: { type: 'string' },
  seconds: { type: 'string' },
  flush: { type: 'string' },
  json: { type: 'boolean' },
  demo: { type: 'boolean' },
  ...CASE_OPTION,
} as const;

function help(): string {
  return [
    'Usage: flowpivot listen [--address 127.0.0.1] [--port 2055] [--seconds N] [--flush S] [--demo] [--case FILE] [--json]',
    '',
    'Listens for flow exports (NetFlow v5, NetFlow v9, IPFIX) on UDP and decodes them, as the window\'s',
    '"Listen for flow exports" does. Counts (datagrams, flows, malformed datagrams by reason, data sets waiting for',
    'their template, exporters) go to stderr as they change; a summary to stdout at the end.',
    '',
    'Options:',
    `  --address IP            the address to listen on, an IPv4 or IPv6 literal (default ${COLLECTOR_DEFAULTS.address}: only this machine;`,
    '                          give an interface\'s address, or 0.0.0.0 / ::, to hear routers — NetFlow has no authentication)',
    `  --port N                UDP port (default ${COLLECTOR_DEFAULTS.port}); 0 lets the system choose and prints it`,
    '  --seconds N             stop after N seconds (default: until Ctrl+C)',
    `  --flush S               hand over one collection per exporter every S seconds (default ${COLLECTOR_DEFAULTS.flushSeconds}) and on stop`,
    '  --json                  the summary as one JSON object (the collector status) instead of lines',
    '  --demo                  once listening, the embedded lab sends its office scenario\'s flows as NetFlow v9 to it',
    '                          (loopback addresses only): the collector tried with no router',
    ...CASE_OPTION_HELP,
    '',
    'Example: flowpivot listen --port 2055 --seconds 60 --case incident.flowpivot',
    'Try it with no router: flowpivot listen --port 0 --seconds 10 --demo',
    '',
  ].join('\n');
}

function countsLine(status: CollectorStatus): string {
  const { stats } = status;
  const reasons = Object.entries(stats.malformedByReason).map(([reason, count]) => `${reason} ${count}`).join(', ');
  return `${stats.packets} datagrams, ${stats.flows} flows, ${stats.malformed} malformed${reasons ? ` (${reasons})` : ''}, ${stats.pendingSets} waiting for a template, ${stats.expiredSets} dropped, ${stats.exporters.length} exporters, ${stats.collections} collections`;
}

function summary(status: CollectorStatus): string {
  const lines = [`Listened on UDP ${status.address}:${status.port} since ${status.since}: ${countsLine(status)}.`];
  for (const exporter of status.stats.exporters) {
    const version = exporter.version === null ? 'unreadable' : exporter.version === 10 ? 'IPFIX' : `NetFlow v${exporter.version}`;
    lines.push(`  ${exporter.exporter}  ${version}  ${exporter.packets} datagrams  ${exporter.flows} flows  ${exporter.malformed} malformed  templates: ${exporter.templates.join(' ') || '-'}  last ${exporter.lastPacketAt}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(args: readonly string[], context: CliContext): Promise<number> {
  let address: string;
  let port: number;
  let seconds: number | undefined;
  let flushSeconds: number;
  let json: boolean;
  let caseFile: string | undefined;
  let demo: boolean;
  try {
    const { values, positionals } = readCommandLine(args, OPTIONS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    address = values.address ?? COLLECTOR_DEFAULTS.address;
    if (ipLiteralFamily(address) === 0) throw new UsageError(`--address needs an IPv4 or IPv6 address such as 127.0.0.1 or ::1, got "${address}"`);
    port = wholeNumber('port', values.port, 65535) ?? COLLECTOR_DEFAULTS.port;
    seconds = wholeNumber('seconds', values.seconds, 31_536_000, 1);
    flushSeconds = wholeNumber('flush', values.flush, COLLECTOR_LIMITS.maxFlushSeconds, COLLECTOR_LIMITS.minFlushSeconds) ?? COLLECTOR_DEFAULTS.flushSeconds;
    json = values.json ?? false;
    caseFile = values.case;
    demo = values.demo ?? false;
  } catch (error) {
    context.stderr(`flowpivot listen: ${(error as Error).message}\nRun "flowpivot listen --help" for the options.\n`);
    return EXIT_USAGE;
  }

  const stopRequested = context.waitForStop();
  const events = new EventBus();
  const log = new LogBook(events);
  const cases = commandLineCases(events, log);
  const collector = new FlowCollectorService(events, log);
  const line = new StatusLine(context);
  let lastShown = 0;
  const unsubscribe = events.subscribe((event, payload) => {
    if (event !== 'collector.stats') return;
    // Off a terminal, a line a second at most.
    if (!context.stderrIsTTY && Date.now() - lastShown < 1000) return;
    lastShown = Date.now();
    line.show(countsLine(payload as CollectorStatus));
  });
  try {
    if (caseFile !== undefined) {
      await openLiveCase(cases, caseFile);
      collector.recordInto(cases);
    }
    const started = await collector.start({ address, port, flushSeconds });
    line.say(`flowpivot listen: listening on UDP ${started.address}:${started.port}${seconds === undefined ? ' until Ctrl+C' : ` for ${seconds} s`}${caseFile === undefined ? '' : `, recording into ${caseFile}`}.`);
    if (demo) {
      const sent = await exportLabFlows({ address: started.address!, port: started.port! });
      line.say(`flowpivot listen: the lab sent ${sent.flows} flows of its ${sent.scenario} scenario as NetFlow v9 from ${sent.from} (${sent.packets} datagrams, ${sent.templatePackets} with the template).`);
    }
    let timer: NodeJS.Timeout | undefined;
    const stop = await Promise.race([stopRequested, new Promise<string>((resolve) => (timer = seconds === undefined ? undefined : setTimeout(() => resolve(`${seconds} s`), seconds * 1000)))]);
    clearTimeout(timer);
    const final = await collector.stop();
    line.say(`flowpivot listen: stopped (${stop}).`);
    context.stdout(json ? `${JSON.stringify(final)}\n` : summary(final));
    const lost = log.list().filter((entry) => entry.detail === EVIDENCE_NOT_KEPT);
    for (const entry of lost) context.stderr(`flowpivot: ${entry.message}\n`);
    return lost.length > 0 ? 1 : 0;
  } catch (error) {
    line.clear();
    context.stderr(`flowpivot listen: ${error instanceof AppError ? error.message : (error as Error).message}\n`);
    return 1;
  } finally {
    unsubscribe();
    await collector.dispose();
    cases.closeAll();
  }
}

export const listenCommand: CliCommand = {
  name: 'listen',
  summary: 'Listen for NetFlow v5/v9 and IPFIX exports on UDP and decode them (optionally into a case)',
  help,
  run,
};
