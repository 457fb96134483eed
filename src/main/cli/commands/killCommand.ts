// `flowpivot kill`: stops one process by PID through the app's HostService, with the same checks as the window's
// kill button — re-listed first (refused on PID reuse or a protected process), re-listed after to prove it is gone.
import { parsePid } from '../../../shared/hostAddress';
import type { CliCommand, CliContext } from '../cliCommand';
import { readCommandLine, UsageError } from '../cliOptions';
import { EXIT_FAILED, runReporting } from '../cliOutcome';
import { CASE_OPTION, CASE_OPTION_HELP } from '../caseOption';
import { createCliServices } from '../cliServices';
import { HOST_OPTIONS, HOST_OPTIONS_HELP, hostInputFrom } from '../hostOptions';

const OPTIONS = {
  'expect-name': { type: 'string' },
  force: { type: 'boolean' },
  reason: { type: 'string' },
  ...HOST_OPTIONS,
  ...CASE_OPTION,
} as const;

function help(): string {
  return [
    'Usage: flowpivot kill HOST PID --via psexec|ssh|local --expect-name NAME [--force] [--reason TEXT] [--user U]',
    '                      [--port N] [--password-env VAR] [--key FILE] [--known-hosts FILE] [--accept-new-host-key] [--case FILE]',
    '',
    'Stops process PID on HOST (by PID, never by name). First the process list is taken again: when PID now names',
    'another image than NAME (the PID was reused), the kill is refused; a protected system process (System, smss, csrss,',
    'wininit, lsass, services, init, …) is refused unless --force. Afterwards the list is taken once more: the command',
    'succeeds only when the process is gone. The result, with every tool run and its output, is printed as JSON.',
    '',
    'Options:',
    '  --expect-name NAME      the image name you saw for PID (e.g. ctfmon.exe); required',
    '  --force                 the deliberate override for protected processes; never overrides a name mismatch',
    '  --reason TEXT           why (the flow or note that led here), kept with the result',
    ...HOST_OPTIONS_HELP,
    ...CASE_OPTION_HELP,
    '',
    'Exit status: 0 stopped and verified gone; 1 refused, already gone, or failed (the sentence says what was found); 2 usage.',
    '',
    'Example: flowpivot kill WS-0142 3968 --via psexec --expect-name ctfmon.exe --reason "beacon to 203.0.113.9:8080"',
    '',
  ].join('\n');
}

function run(args: readonly string[], context: CliContext): Promise<number> {
  return runReporting('kill', context, async () => {
    const { values, positionals } = readCommandLine(args, OPTIONS);
    if (positionals.length !== 2) throw new UsageError('give HOST and PID');
    const [address, pidText] = positionals as [string, string];
    const pid = parsePid(pidText);
    if (pid === null) throw new UsageError(`"${pidText}" is not a PID: a whole number from 1 to 4294967295`);
    if (values['expect-name'] === undefined) throw new UsageError('--expect-name NAME is required: the image name you saw for that PID');
    const input = await hostInputFrom(address, values, context);
    const services = await createCliServices(context, { knownHostsPath: values['known-hosts'], acceptNewHostKeys: values['accept-new-host-key'], caseFile: values.case });
    try {
      const host = await services.addHost(input);
      const result = await services.hosts.kill(host.id, { pid, expectName: values['expect-name'], allowProtected: values.force ?? false, ...(values.reason === undefined ? {} : { reason: values.reason }) });
      context.stdout(`${JSON.stringify(result, null, 2)}\n`);
      context.stderr(`flowpivot kill: ${result.message}\n`);
      return result.outcome === 'killed' ? services.evidenceLost(context) : EXIT_FAILED;
    } finally {
      services.dispose();
    }
  });
}

export const killCommand: CliCommand = {
  name: 'kill',
  summary: 'Stop one process by PID on a host, refusing on PID reuse or protected processes, and verify it is gone',
  help,
  run,
};
