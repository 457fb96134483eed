// `flowpivot lab`: runs the embedded lab router until Ctrl+C, printing how to reach it (or one JSON line for scripts).
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors';
import { defaultLabHostKeyPath } from '../../lab/hostKey';
import { LAB_DEFAULTS, labScenarios, startLabRouter, type LabRouter, type LabRouterOptions } from '../../lab/labRouter';
import { EXIT_USAGE, type CliCommand, type CliContext } from '../cliCommand';

const LEGACY_SSH_OPTIONS = '-o KexAlgorithms=+diffie-hellman-group1-sha1 -o HostKeyAlgorithms=+ssh-rsa -o Ciphers=+aes128-cbc';

const OPTIONS = {
  port: { type: 'string' },
  scenario: { type: 'string' },
  host: { type: 'string' },
  'flow-count': { type: 'string' },
  'legacy-only': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function help(): string {
  return [
    'Usage: flowpivot lab [--port N] [--scenario NAME] [--host 127.0.0.1] [--legacy-only] [--json]',
    '',
    'Runs the embedded lab router: a simulated Cisco IOS device with a real SSH server on loopback,',
    'answering "show ip cache flow" from a scenario. Stops cleanly on Ctrl+C or SIGTERM.',
    '',
    'Options:',
    '  --port N           TCP port to listen on (default: any free port)',
    `  --scenario NAME    flow cache to serve (default: ${LAB_DEFAULTS.scenario})`,
    `  --host ADDRESS     loopback address to listen on, 127.0.0.0/8 or ::1 (default: ${LAB_DEFAULTS.host})`,
    '  --flow-count N     number of flows for the large scenario (default: 1000000)',
    '  --legacy-only      offer only old IOS algorithms (diffie-hellman-group1-sha1, aes128-cbc, ssh-rsa, hmac-sha1)',
    '  --json             print one JSON line with the connection details once ready, nothing else on stdout',
    '',
    'Scenarios:',
    ...labScenarios().map((scenario) => `  ${scenario.name.padEnd(8)} ${scenario.description}`),
    '',
    'The host key is kept in $FLOWPIVOT_HOME/lab/router_host_key (default ~/.config/flowpivot/lab/router_host_key).',
    '',
  ].join('\n');
}

function parseWholeNumber(name: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${name} needs a whole number up to ${max}, got "${text}"`);
  return Number(text);
}

class UsageError extends Error {}

function describeRouter(router: LabRouter, legacyOnly: boolean, hostKeyPath: string): string {
  const scenario = labScenarios().find((known) => known.name === router.scenario);
  const sshTarget = `${router.username}@${router.host}`;
  return [
    'FlowPivot lab router (simulated Cisco IOS) is listening.',
    `  Address:          ${router.host}`,
    `  Port:             ${router.port}`,
    `  Username:         ${router.username}`,
    `  Password:         ${router.password}`,
    `  Enable password:  ${router.enablePassword}`,
    `  Host key:         ${router.hostKeyType} ${router.fingerprint}`,
    `  Host key file:    ${hostKeyPath}`,
    `  Scenario:         ${router.scenario}${scenario ? ` - ${scenario.description}` : ''}`,
    ...(legacyOnly ? ['  Algorithms:       legacy only (diffie-hellman-group1-sha1, aes128-cbc, ssh-rsa, hmac-sha1)'] : []),
    '',
    'Connect with:',
    legacyOnly ? `  ssh ${LEGACY_SSH_OPTIONS} -p ${router.port} ${sshTarget}` : `  ssh -p ${router.port} ${sshTarget}`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

async function run(args: readonly string[], context: CliContext): Promise<number> {
  let options: LabRouterOptions;
  let json: boolean;
  try {
    const { values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false });
    json = values.json ?? false;
    options = {
      hostKeyPath: defaultLabHostKeyPath(context.env),
      legacyOnly: values['legacy-only'] ?? false,
    };
    const port = parseWholeNumber('port', values.port, 65535);
    const flowCount = parseWholeNumber('flow-count', values['flow-count'], 100_000_000);
    if (port !== undefined) options.port = port;
    if (flowCount !== undefined) options.flowCount = flowCount;
    if (values.scenario !== undefined) options.scenario = values.scenario;
    if (values.host !== undefined) options.host = values.host;
  } catch (error) {
    context.stderr(`flowpivot lab: ${error instanceof Error ? error.message : String(error)}\nRun "flowpivot lab --help" for the options.\n`);
    return EXIT_USAGE;
  }

  // Listen for the stop request before starting, so a Ctrl+C during start-up is not lost.
  const stopRequested = context.waitForStop();
  let router: LabRouter;
  try {
    router = await startLabRouter(options);
  } catch (error) {
    context.stderr(`flowpivot lab: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof AppError && error.data.kind === 'invalid-input' ? EXIT_USAGE : 1;
  }
  if (json) {
    const { host, port, username, password, enablePassword, fingerprint } = router;
    context.stdout(`${JSON.stringify({ router: { host, port, username, password, enablePassword, fingerprint } })}\n`);
  } else {
    context.stdout(describeRouter(router, options.legacyOnly ?? false, options.hostKeyPath ?? ''));
  }
  const signal = await stopRequested;
  await router.close();
  context.stderr(`flowpivot lab: stopped (${signal}).\n`);
  return 0;
}

export const labCommand: CliCommand = {
  name: 'lab',
  summary: 'Run the embedded lab router (a simulated Cisco IOS SSH server on 127.0.0.1)',
  help,
  run,
};
