// `flowpivot collect router`: one flow command on a router over SSH, through the app's RouterService.
import { FlowTable } from '../../../../shared/flows/flowTable';
import type { CliContext } from '../../cliCommand';
import { OUTPUT_OPTIONS, outputFormat, passwordFrom, readCommandLine, secretFromEnv, SSH_OPTIONS, SSH_OPTIONS_HELP, UsageError, wholeNumber } from '../../cliOptions';
import { writeDiagnostics, writeParseResult } from '../../cliOutcome';
import { CASE_OPTION, CASE_OPTION_HELP } from '../../caseOption';
import { createCliServices } from '../../cliServices';
import { parseRouterUrl, routerInputFor } from './routerTarget';

const OPTIONS = {
  command: { type: 'string' },
  'enable-password-env': { type: 'string' },
  'legacy-algorithms': { type: 'boolean' },
  timeout: { type: 'string' },
  ...SSH_OPTIONS,
  ...OUTPUT_OPTIONS,
  ...CASE_OPTION,
} as const;

export const COLLECT_ROUTER_HELP = [
  'flowpivot collect router ssh://USER@HOST[:PORT] [--command "show ip cache flow"] [--password-env VAR] [--key FILE]',
  '                         [--enable-password-env VAR] [--legacy-algorithms] [--known-hosts FILE]',
  '                         [--accept-new-host-key] [--timeout S] [--json | --csv] [--case FILE]',
  '',
  '  Logs in to the router (entering enable mode when an enable password is given), turns paging off, runs one flow',
  '  command and prints its parsed flows. The raw output is kept whole; unreadable lines go to stderr with their number.',
  '',
  '  --command CMD           show ip cache flow (default), show ip cache verbose flow,',
  '                          show flow monitor NAME cache format table|record',
  '  --enable-password-env VAR  the enable password, from environment variable VAR',
  '  --legacy-algorithms     also offer old IOS algorithms (diffie-hellman-group1-sha1, aes128-cbc, ssh-rsa)',
  '  --timeout S             give up on the command after S seconds (default 60)',
  ...SSH_OPTIONS_HELP,
  '  --json | --csv          the parse result as JSON (default) or its flows as CSV',
  ...CASE_OPTION_HELP,
  '',
  '  Example: FP_PW=secret flowpivot collect router ssh://netops@127.0.0.1:2222 --password-env FP_PW --csv > flows.csv',
];

export async function collectRouter(args: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = readCommandLine(args, OPTIONS);
  if (positionals.length !== 1) throw new UsageError('give the router as one ssh://USER@HOST[:PORT]');
  const format = outputFormat(values);
  const address = parseRouterUrl(positionals[0]!);
  const timeout = wholeNumber('timeout', values.timeout, 3600, 1);
  const usesKey = values.key !== undefined;
  const password = await passwordFrom(values['password-env'], context, !usesKey, `Password for ${address.username}@${address.host}: `);
  if (!usesKey && password === null) throw new UsageError(`no password for ${address.username}@${address.host}: give --password-env VAR or --key FILE, or run on a terminal to be asked`);
  const enablePassword = secretFromEnv('enable-password-env', values['enable-password-env'], context);
  const passphrase = secretFromEnv('passphrase-env', values['passphrase-env'], context);

  const services = await createCliServices(context, { knownHostsPath: values['known-hosts'], acceptNewHostKeys: values['accept-new-host-key'], caseFile: values.case });
  try {
    const router = await services.addRouter(routerInputFor(address, { key: values.key, legacyAlgorithms: values['legacy-algorithms'], password, passphrase, enablePassword, commandTimeoutMs: timeout === undefined ? undefined : timeout * 1000 }));
    const collection = values.command === undefined ? await services.routers.collectFlows(router.id) : await services.routers.collectOutput(router.id, values.command);
    const { command, result: reading } = collection;
    // Printed as `flowpivot parse` prints a result: the flows as records.
    const result = { format: reading.format, parserVersion: reading.parserVersion, records: new FlowTable(reading.table).flows(), sections: reading.sections, diagnostics: reading.diagnostics };
    writeDiagnostics(`${command.device}: ${command.command}`, result, context);
    context.stderr(`flowpivot collect: ${command.device}: "${command.command}" gave ${result.records.length} flows (${result.format} ${result.parserVersion}; ${command.raw.length} bytes, ${command.startedAt} to ${command.finishedAt}).\n`);
    writeParseResult(result, format, context);
    return services.evidenceLost(context);
  } finally {
    services.dispose();
  }
}
