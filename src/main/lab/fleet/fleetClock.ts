// Time on the simulated fleet: elapsed times run on from when the lab started, as on live hosts, so a process's start
// time worked out from two listings a minute apart is the same (FlowPivot's PID-reuse check relies on that).
import type { FleetProcess, FleetState } from './fleetState';

/**
 * The process's elapsed time at `nowMs`. A process started while the lab ran counts from its start; the others from
 * the state's `elapsedAsOfMs`. An elapsed time of 0 stays 0: PsList on NT 5 prints none for Idle and System.
 */
export function elapsedMsAt(process: FleetProcess, state: Pick<FleetState, 'elapsedAsOfMs'>, nowMs: number): number {
  if (process.startedAtMs !== undefined) return Math.max(0, nowMs - process.startedAtMs);
  if (process.elapsedMs === 0 || state.elapsedAsOfMs === undefined) return process.elapsedMs;
  return process.elapsedMs + Math.max(0, nowMs - state.elapsedAsOfMs);
}

/** The processes as PsList shows them at `nowMs`: elapsed times run on. */
export function processesAt(processes: readonly FleetProcess[], state: Pick<FleetState, 'elapsedAsOfMs'>, nowMs: number): FleetProcess[] {
  return processes.map((process) => ({ ...process, elapsedMs: elapsedMsAt(process, state, nowMs) }));
}
