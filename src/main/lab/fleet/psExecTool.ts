// The simulated PsExec: `psexec \\HOST [-u USER -p PASS] -accepteula [-nobanner] [-n S] netstat -ano` against the fleet.
//
// As PsExec v2.43 does: banner on stderr (unless -nobanner), its progress on stderr with each step overwriting the
// last ("Connecting to HOST...\rStarting PSEXESVC service on HOST...\r…"), the remote command's output on stdout, and
// "netstat exited on HOST with error code 0." on stderr. A failure is "Couldn't access HOST:" (or the step that
// failed) with Windows' sentence on the next line, and PsExec exits with the Windows error code (a POSIX exit status
// keeps its low 8 bits: 1326 is seen as 46).
import { fleetHostAt } from './fleetBeacons';
import { completeLogon, couldNotAccess, reachHost, type FleetToolContext } from './hostAccess';
import type { FleetHost } from './fleetState';
import { readFleetState } from './fleetStateFile';
import { readPsExecArgs } from './psToolsArgs';
import { banner, CRLF, NETSTAT_USAGE, PSEXEC_USAGE, USAGE_EXIT_CODE, WINDOWS_ERRORS } from './psToolsTexts';
import { readNetstatOptions, renderNetstat } from './renderNetstat';

/** What the remote command printed and returned; null when there is no such program on the host. */
function runCommand(host: FleetHost, command: string, args: readonly string[]): { stdout: string; exitCode: number } | null {
  const program = command.toLowerCase().replace(/^(?:c:\\windows\\system32\\)/, '').replace(/\.exe$/, '');
  if (program === 'netstat') {
    const options = readNetstatOptions(args);
    return options === null ? { stdout: NETSTAT_USAGE, exitCode: 1 } : { stdout: renderNetstat(host, options), exitCode: 0 };
  }
  if (program === 'hostname' && args.length === 0) return { stdout: `${host.hostname}${CRLF}`, exitCode: 0 };
  return null;
}

export async function runPsExec(argv: readonly string[], context: FleetToolContext): Promise<number> {
  const reading = readPsExecArgs(argv);
  if (!('args' in reading)) {
    context.stderr(banner('psexec'));
    if (reading.problem === 'unsupported') {
      context.stderr(`The FlowPivot lab's PsExec does not simulate ${reading.detail}.${CRLF}`);
    } else {
      context.stderr(PSEXEC_USAGE);
    }
    return USAGE_EXIT_CODE;
  }
  const { args } = reading;
  if (!args.noBanner) context.stderr(banner('psexec'));
  const logon = await completeLogon(args, context);
  const state = await readFleetState(context.stateFile);
  const computer = args.computer;
  if (computer !== null) context.stderr(`Connecting to ${computer}...`);
  const reach = await reachHost(state, computer, logon, args.connectTimeoutSeconds);
  if (!reach.reached) {
    // The timeout ends the progress line ("Connecting to HOST...Timeout accessing HOST."); the others overwrite it.
    context.stderr(reach.timeout ? `Timeout accessing ${computer}.${CRLF}` : `\r${couldNotAccess(computer ?? '', reach.error)}`);
    return reach.error.code;
  }
  const { host } = reach;
  const command = args.command;
  if (computer !== null) {
    context.stderr(`\rStarting PSEXESVC service on ${computer}...`);
    if (host.reachability === 'service-start-failed') {
      context.stderr(`\rCould not start PSEXESVC service on ${computer}:${CRLF}${WINDOWS_ERRORS.serviceNoResponse.sentence}${CRLF}`);
      return WINDOWS_ERRORS.serviceNoResponse.code;
    }
    context.stderr(`\rConnecting with PsExec service on ${computer}...\rStarting ${command} on ${computer}...`);
  }
  // The host as it is now: a beacon's socket is listed only while it is open.
  const result = runCommand(fleetHostAt(host, state, Date.now()), command, args.commandArgs);
  const on = computer === null ? '' : ` on ${computer}`;
  if (result === null) {
    context.stderr(`${computer === null ? '' : '\r'}PsExec could not start ${command}${on}:${CRLF}${WINDOWS_ERRORS.fileNotFound.sentence}${CRLF}`);
    return WINDOWS_ERRORS.fileNotFound.code;
  }
  // The progress line is left behind by a carriage return before the command's output starts.
  if (computer !== null) context.stderr(`\r${CRLF}`);
  context.stdout(result.stdout);
  context.stderr(`${command} exited${on} with error code ${result.exitCode}.${CRLF}`);
  return result.exitCode;
}
