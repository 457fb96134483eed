// The simulated PsList: `pslist [\\HOST] [-u USER -p PASS] -accepteula [-nobanner] [-t] [-e] [name|pid]` against the fleet.
//
// Banner on stderr (unless -nobanner); "Process information for HOST:" and the table (or the -t tree) on stdout.
// PsList reads a remote host's performance counters, not through a service, so a host whose PsExec service cannot
// start still lists its processes. Exit code 0 with a listing, 1 otherwise (unverified against the real PsList).
import { completeLogon, couldNotAccess, reachHost, type FleetToolContext } from './hostAccess';
import { processesAt } from './fleetClock';
import { fleetHostAt } from './fleetBeacons';
import { readFleetState } from './fleetStateFile';
import { readPsListArgs } from './psToolsArgs';
import { banner, CRLF, PSLIST_USAGE, USAGE_EXIT_CODE, WINDOWS_ERRORS } from './psToolsTexts';
import { renderPsList, renderPsListNotFound } from './renderPsList';

export async function runPsList(argv: readonly string[], context: FleetToolContext): Promise<number> {
  const reading = readPsListArgs(argv);
  if (!('args' in reading)) {
    context.stderr(banner('pslist'));
    context.stderr(reading.problem === 'unsupported' ? `The FlowPivot lab's PsList does not simulate ${reading.detail}.${CRLF}` : PSLIST_USAGE);
    return USAGE_EXIT_CODE;
  }
  const { args } = reading;
  if (!args.noBanner) context.stderr(banner('pslist'));
  const logon = await completeLogon(args, context);
  const state = await readFleetState(context.stateFile);
  const reach = await reachHost(state, args.computer, logon, null);
  if (!reach.reached) {
    // Without PsExec's -n, a host that does not answer ends in the network error once Windows gives up.
    context.stderr(couldNotAccess(args.computer ?? '', reach.timeout ? WINDOWS_ERRORS.networkPathNotFound : reach.error));
    return 1;
  }
  const { host } = reach;
  const title = args.computer ?? host.hostname;
  const now = Date.now();
  let processes = processesAt(fleetHostAt(host, state, now).processes, state, now);
  if (args.filter !== null) {
    const filter = args.filter;
    const wanted = filter.toLowerCase();
    processes = /^\d+$/.test(filter)
      ? processes.filter((process) => process.pid === Number(filter))
      : processes.filter((process) => (args.exact ? process.name.toLowerCase() === wanted : process.name.toLowerCase().startsWith(wanted)));
    if (processes.length === 0) {
      context.stdout(renderPsListNotFound(title, filter));
      return 1;
    }
  }
  context.stdout(renderPsList(title, processes, { tree: args.tree }));
  return 0;
}
