// `flowpivot lab`: runs the embedded lab router and its Windows fleet until Ctrl+C, printing how to reach them (or one
// JSON line for scripts).
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors';
import { startLabFleet, type LabFleet, type LabFleetHostInfo } from '../../lab/fleet/labFleet';
import { defaultLabHostKeyPath } from '../../lab/hostKey';
import { LAB_DEFAULTS, labScenarios, startLabRouter, type LabRouter, type LabRouterOptions } from '../../lab/labRouter';
import { EXIT_USAGE, type CliCommand, type CliContext } from '../cliCommand';
import { wholeNumber } from '../cliOptions';

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
  const scenarios = labScenarios();
  const nameWidth = Math.max(...scenarios.map((scenario) => scenario.name.length));
  return [
    'Usage: flowpivot lab [--port N] [--scenario NAME] [--host 127.0.0.1] [--legacy-only] [--json]',
    '',
    'Runs the embedded lab router: a simulated Cisco IOS device with a real SSH server on loopback,',
    'answering "show ip cache flow" from a scenario. Beside it, the scenario\'s simulated Windows fleet:',
    'psexec, pslist and pskill executables in a temporary folder (put it first on PATH) working on the',
    'hosts behind the flows. Stops cleanly on Ctrl+C or SIGTERM, removing the fleet\'s folder.',
    '',
    'Options:',
    '  --port N           TCP port to listen on (default: any free port)',
    `  --scenario NAME    flow cache to serve (default: ${LAB_DEFAULTS.scenario})`,
    `  --host ADDRESS     loopback address to listen on, 127.0.0.0/8 or ::1 (default: ${LAB_DEFAULTS.host})`,
    '  --flow-count N     number of flows for the large scenario (default: 1000000)',
    '  --legacy-only      offer only old IOS algorithms (diffie-hellman-group1-sha1, aes128-cbc, ssh-rsa, hmac-sha1)',
    '  --json             print one JSON line once ready, nothing else on stdout:',
    '                     {"router":{host,port,username,password,enablePassword,fingerprint},',
    '                      "fleet":{binDir,stateFile,hosts:[…]}}',
    '',
    'Example: flowpivot lab --json > lab.json &   # then: PATH=$(jq -r .fleet.binDir lab.json):$PATH flowpivot collect host 10.xx.50.81 --via psexec --what connections',
    '',
    'Scenarios:',
    ...scenarios.map((scenario) => `  ${scenario.name.padEnd(nameWidth)}  ${scenario.description}`),
    '',
    'The host key is kept in $FLOWPIVOT_HOME/lab/router_host_key (default ~/.config/flowpivot/lab/router_host_key).',
    '',
  ].join('\n');
}

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
  ].join('\n');
}

function describeAccess(host: LabFleetHostInfo): string {
  const problems: Record<LabFleetHostInfo['reachability'], string> = {
    ok: '',
    unreachable: 'does not answer (timeout)',
    'network-path-not-found': 'network path not found',
    'rpc-unavailable': 'RPC server unavailable',
    'access-denied': 'access denied to everyone',
    'service-start-failed': 'PsExec service cannot start (PsList and PsKill work)',
  };
  const notes = [
    ...(host.local ? ['this machine (no \\\\HOST needed)'] : []),
    ...(problems[host.reachability] === '' ? [] : [problems[host.reachability]]),
    ...(host.hang ? ['hangs (never answers)'] : []),
    ...(host.delayMs > 0 ? [`answers after ${host.delayMs} ms`] : []),
    ...(host.currentLogon ? [] : [`needs -u ${host.accounts.map((account) => `${account.user} -p ${account.password}`).join(' or -u ') || '(no account works)'}`]),
  ];
  return notes.join('; ');
}

function describeFleet(fleet: LabFleet): string {
  const width = Math.max(...fleet.hosts.map((host) => host.address.length), 8);
  const nameWidth = Math.max(...fleet.hosts.map((host) => host.hostname.length), 8);
  const example = fleet.hosts.find((host) => !host.local && host.reachability === 'ok' && host.currentLogon && !host.hang && host.delayMs === 0) ?? fleet.hosts[0];
  return [
    'FlowPivot lab Windows fleet (simulated PsExec, PsList, PsKill) is ready.',
    `  Tools:            ${fleet.binDir}`,
    `  State file:       ${fleet.stateFile}`,
    `  Hosts (${fleet.hosts.length}):`,
    ...fleet.hosts.map((host) => `    ${host.address.padEnd(width)}  ${host.hostname.padEnd(nameWidth)}  ${describeAccess(host) || 'answers with the current logon'}`.trimEnd()),
    '',
    'Use them with:',
    `  PATH=${fleet.binDir}:$PATH psexec '\\\\${example?.address ?? 'HOST'}' -accepteula -nobanner netstat -ano`,
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
    const port = wholeNumber('port', values.port, 65535);
    const flowCount = wholeNumber('flow-count', values['flow-count'], 100_000_000);
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
  let fleet: LabFleet;
  try {
    router = await startLabRouter(options);
  } catch (error) {
    context.stderr(`flowpivot lab: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof AppError && error.data.kind === 'invalid-input' ? EXIT_USAGE : 1;
  }
  try {
    fleet = await startLabFleet({ scenario: router.scenario, ...(options.flowCount === undefined ? {} : { flowCount: options.flowCount }) });
  } catch (error) {
    await router.close();
    context.stderr(`flowpivot lab: cannot start the Windows fleet: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  let signal: string;
  try {
    if (json) {
      const { host, port, username, password, enablePassword, fingerprint } = router;
      const { binDir, stateFile, hosts } = fleet;
      context.stdout(`${JSON.stringify({ router: { host, port, username, password, enablePassword, fingerprint }, fleet: { binDir, stateFile, hosts } })}\n`);
    } else {
      context.stdout(`${describeRouter(router, options.legacyOnly ?? false, options.hostKeyPath ?? '')}\n${describeFleet(fleet)}`);
    }
    signal = await stopRequested;
  } finally {
    // The fleet's folder goes with the lab, however the command ends.
    await Promise.all([router.close(), fleet.dispose()]);
  }
  context.stderr(`flowpivot lab: stopped (${signal}).\n`);
  return 0;
}

export const labCommand: CliCommand = {
  name: 'lab',
  summary: 'Run the embedded lab: a simulated Cisco IOS SSH server on 127.0.0.1 and a simulated Windows fleet',
  help,
  run,
};
