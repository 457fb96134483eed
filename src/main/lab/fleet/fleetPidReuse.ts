// PID reuse on the simulated fleet, for the demo and the tests of FlowPivot's safe kill: a process ends (its sockets
// with it) and Windows hands its PID to a new process of another image, started now.
import { AppError } from '../../../shared/errors';
import { findFleetHost, type FleetHost, type FleetProcess } from './fleetState';
import { updateFleetState } from './fleetStateFile';

export interface PidReuse {
  /** The host's address in the fleet. */
  host: string;
  pid: number;
  /** Names as PsList prints them (no ".exe"). */
  previousName: string;
  newName: string;
}

export interface PidReuseOptions {
  /** Image of the process that gets the PID; default "notepad.exe". The same image as before makes a restart. */
  image?: string;
  /** Wall-clock now (ms since 1970): the new process's start. */
  nowMs?: number;
}

/** Changes `host` in place: the process `pid` and its sockets go, a new `image` process started at `nowMs` takes the PID. */
export function reusePid(host: FleetHost, pid: number, image: string, nowMs: number): { previous: FleetProcess; next: FleetProcess } | null {
  const previous = host.processes.find((process) => process.pid === pid);
  if (previous === undefined) return null;
  // Started from the desktop, like a program the user opened.
  const parent = host.processes.find((process) => process.name.toLowerCase() === 'explorer')?.pid ?? previous.ppid;
  const next: FleetProcess = {
    name: image.replace(/\.exe$/i, ''),
    image,
    pid,
    ppid: parent === pid ? 0 : parent,
    priority: 8,
    threads: 1,
    handles: 52,
    privateKb: 1_236,
    virtualKb: 41_288,
    workingSetKb: 5_124,
    cpuMs: 0,
    elapsedMs: 0,
    protected: false,
    startedAtMs: nowMs,
  };
  host.processes = host.processes.map((process) => (process === previous ? next : process));
  host.connections = host.connections.filter((connection) => connection.pid !== pid);
  return { previous, next };
}

/** PID reuse in the fleet's state file, under its lock; 'not-found' when the fleet has no such host or process. */
export async function simulatePidReuse(stateFile: string, hostName: string, pid: number, options: PidReuseOptions = {}): Promise<PidReuse> {
  const image = options.image ?? 'notepad.exe';
  const nowMs = options.nowMs ?? Date.now();
  return updateFleetState<PidReuse>(stateFile, (state) => {
    const host = findFleetHost(state, hostName);
    if (host === null) throw new AppError({ kind: 'not-found', what: 'lab fleet host', id: hostName });
    const reused = reusePid(host, pid, image, nowMs);
    if (reused === null) throw new AppError({ kind: 'not-found', what: 'process', id: `${pid} on lab host ${host.address}` });
    return { result: { host: host.address, pid, previousName: reused.previous.name, newName: reused.next.name }, changed: true };
  });
}
