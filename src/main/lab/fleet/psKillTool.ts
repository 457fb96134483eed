// The simulated PsKill: `pskill [\\HOST] [-u USER -p PASS] -accepteula [-nobanner] [-t] PID|NAME` against the fleet.
//
// It changes the state file (under its lock): the process, or with -t its whole tree, and their sockets are gone for
// every later run. Banner on stderr (unless -nobanner); "Process 3756 on HOST killed." (or PsKill's -t sentence) on
// stdout; a refusal as "Unable to kill process 4:" with Windows' sentence on stderr. Exit code 0 when every process
// named was killed, 1 otherwise (unverified against the real PsKill).
import { completeLogon, couldNotAccess, reachHost, type FleetToolContext } from './hostAccess';
import { killOnHost, type KillReport } from './fleetKill';
import { readFleetState, updateFleetState } from './fleetStateFile';
import { readPsKillArgs } from './psToolsArgs';
import { banner, CRLF, PSKILL_USAGE, USAGE_EXIT_CODE, WINDOWS_ERRORS } from './psToolsTexts';

export async function runPsKill(argv: readonly string[], context: FleetToolContext): Promise<number> {
  const reading = readPsKillArgs(argv);
  if (!('args' in reading)) {
    context.stderr(banner('pskill'));
    context.stderr(PSKILL_USAGE);
    return USAGE_EXIT_CODE;
  }
  const { args } = reading;
  if (!args.noBanner) context.stderr(banner('pskill'));
  const logon = await completeLogon(args, context);
  const reach = await reachHost(await readFleetState(context.stateFile), args.computer, logon, null);
  if (!reach.reached) {
    context.stderr(couldNotAccess(args.computer ?? '', reach.timeout ? WINDOWS_ERRORS.networkPathNotFound : reach.error));
    return 1;
  }
  // The kill itself reads the state again under the lock: another pskill may have changed it meanwhile.
  const address = reach.host.address;
  const report = await updateFleetState<KillReport>(context.stateFile, (state) => {
    const host = state.hosts.find((candidate) => candidate.address === address);
    if (host === undefined) return { result: { steps: [] }, changed: false };
    const result = killOnHost(host, args.target, args.tree);
    return { result, changed: result.steps.some((step) => step.outcome === 'killed') };
  });

  const on = args.computer === null ? '' : ` on ${args.computer}`;
  if (report.steps.length === 0) {
    if ('pid' in args.target) {
      context.stderr(`Unable to kill process ${args.target.pid}:${CRLF}${WINDOWS_ERRORS.invalidParameter.sentence}${CRLF}`);
    } else {
      context.stderr(`Process does not exist.${CRLF}`);
    }
    return 1;
  }
  for (const step of report.steps) {
    if (step.outcome === 'access-denied') {
      context.stderr(`Unable to kill process ${step.pid}:${CRLF}${WINDOWS_ERRORS.accessDenied.sentence}${CRLF}`);
    } else if (args.tree) {
      context.stdout(`${step.killedPids.length} processes descended from and including ${step.pid}${on} killed.${CRLF}`);
    } else {
      context.stdout(`Process ${step.pid}${on} killed.${CRLF}`);
    }
  }
  return report.steps.every((step) => step.outcome === 'killed') ? 0 : 1;
}
