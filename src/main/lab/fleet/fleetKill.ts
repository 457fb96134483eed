// What PsKill does to a fleet host: the process (or its whole tree with -t) and every socket it owned disappear.
import type { FleetHost, FleetProcess } from './fleetState';

/** PsKill's target: a PID, or a process name (with or without ".exe", any case; every process of that name). */
export type KillTarget = { pid: number } | { name: string };

/** What happened to one process PsKill was asked to stop. */
export type KillStep =
  /** `killedPids`: the process, and with -t its descendants, in the order they were stopped. */
  | { pid: number; outcome: 'killed'; killedPids: number[] }
  | { pid: number; outcome: 'access-denied' };

export interface KillReport {
  /** One step per process the target named; none when it named no process. */
  steps: KillStep[];
}

function matchesName(process: FleetProcess, name: string): boolean {
  const wanted = name.toLowerCase().replace(/\.exe$/, '');
  return process.name.toLowerCase() === wanted || process.image.toLowerCase().replace(/\.exe$/, '') === wanted;
}

/** The process and everything started under it that still runs, parents before children. */
export function processTree(host: FleetHost, rootPid: number): FleetProcess[] {
  const root = host.processes.find((process) => process.pid === rootPid);
  if (root === undefined) return [];
  const tree: FleetProcess[] = [root];
  for (let i = 0; i < tree.length; i += 1) {
    const parent = tree[i] as FleetProcess;
    // PID 0 is Idle's own parent: never a child of itself.
    for (const child of host.processes) if (child.ppid === parent.pid && child.pid !== parent.pid && !tree.includes(child)) tree.push(child);
  }
  return tree;
}

/**
 * Stops what the target names on the host, changing `host` in place: killed processes and their sockets are removed.
 * Protected processes (Idle, System, csrss, …) refuse; with -t their protected descendants stay as well.
 */
export function killOnHost(host: FleetHost, target: KillTarget, tree: boolean): KillReport {
  const named = 'pid' in target ? host.processes.filter((process) => process.pid === target.pid) : host.processes.filter((process) => matchesName(process, target.name));
  const steps: KillStep[] = [];
  for (const process of named) {
    if (!host.processes.includes(process)) continue; // already stopped as part of an earlier tree
    if (process.protected) {
      steps.push({ pid: process.pid, outcome: 'access-denied' });
      continue;
    }
    const victims = (tree ? processTree(host, process.pid) : [process]).filter((victim) => !victim.protected);
    const killed = new Set(victims.map((victim) => victim.pid));
    host.processes = host.processes.filter((candidate) => !killed.has(candidate.pid));
    host.connections = host.connections.filter((connection) => !killed.has(connection.pid));
    steps.push({ pid: process.pid, outcome: 'killed', killedPids: victims.map((victim) => victim.pid) });
  }
  return { steps };
}
