// `flowpivot collect host`: a host's sockets or processes through PsExec/PsList, SSH or this machine, via HostService.
import type { CliContext } from '../../cliCommand';
import { oneOf, OUTPUT_OPTIONS, outputFormat, readCommandLine, UsageError } from '../../cliOptions';
import { writeDiagnostics, writeParseResult } from '../../cliOutcome';
import { CASE_OPTION, CASE_OPTION_HELP } from '../../caseOption';
import { createCliServices } from '../../cliServices';
import { HOST_OPTIONS, HOST_OPTIONS_HELP, hostInputFrom } from '../../hostOptions';

const OPTIONS = {
  what: { type: 'string' },
  'with-owners': { type: 'boolean' },
  ...HOST_OPTIONS,
  ...OUTPUT_OPTIONS,
  ...CASE_OPTION,
} as const;

export const COLLECT_HOST_HELP = [
  'flowpivot collect host HOST --via psexec|ssh|local --what connections|processes [--with-owners] [--port N] [--user U]',
  '                       [--password-env VAR] [--key FILE] [--known-hosts FILE] [--accept-new-host-key] [--json | --csv] [--case FILE]',
  '',
  '  Lists the host\'s sockets with their owning PIDs (netstat -ano through PsExec or on Windows; ss -tunap on Linux)',
  '  or its processes (PsList, tasklist or ps), and prints the parsed records. HOST is "local" with --via local.',
  '',
  '  --what connections|processes   what to list',
  '  --with-owners           connections: also name each socket\'s executable (netstat -anob; needs admin rights)',
  ...HOST_OPTIONS_HELP,
  '  --json | --csv          the parse result as JSON (default) or its records as CSV',
  ...CASE_OPTION_HELP,
  '',
  '  Examples: flowpivot collect host WS-0142 --via psexec --what connections --csv',
  '            flowpivot collect host local --via local --what processes',
];

export async function collectHost(args: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = readCommandLine(args, OPTIONS);
  if (positionals.length !== 1) throw new UsageError('give one HOST (or "local" with --via local)');
  const what = oneOf('what', values.what, ['connections', 'processes'] as const);
  const format = outputFormat(values);
  const input = await hostInputFrom(positionals[0]!, values, context);
  const services = await createCliServices(context, { knownHostsPath: values['known-hosts'], acceptNewHostKeys: values['accept-new-host-key'], caseFile: values.case });
  try {
    const host = await services.addHost(input);
    const collection = what === 'connections' ? await services.hosts.collectConnections(host.id, values['with-owners'] ?? false) : await services.hosts.collectProcesses(host.id);
    const { command, result } = collection;
    writeDiagnostics(`${collection.host}: ${command.tool}`, result, context);
    context.stderr(`flowpivot collect: ${collection.host}: ${command.tool} gave ${result.records.length} ${what} (${result.format} ${result.parserVersion}; exit code ${command.exitCode ?? 'none'}, ${command.startedAt} to ${command.finishedAt}).\n`);
    writeParseResult(result, format, context);
    return services.evidenceLost(context);
  } finally {
    services.dispose();
  }
}
