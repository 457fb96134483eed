// A fleet host as it is at one moment of wall time: its beacons' processes and sockets added while they are there, so
// a netstat -ano or a PsList run lists a short-lived process and its UDP socket only during their short lives.
// Free of effects and of `import.meta`, like fleetState.ts: the tools load it through tsx's CommonJS hook.
import type { FleetBeacon, FleetConnection, FleetHost, FleetProcess, FleetState } from './fleetState';

/** One opening of a beacon: which one (0, 1, …), its PID and when it started (ms since 1970). */
export interface BeaconOpening {
  index: number;
  pid: number;
  startedAtMs: number;
}

/** The opening under way at `nowMs` (started, not yet past its process's life); null between openings. */
export function beaconOpeningAt(beacon: FleetBeacon, epochMs: number, nowMs: number): BeaconOpening | null {
  const since = nowMs - epochMs - beacon.offsetMs;
  if (since < 0 || beacon.pids.length === 0 || beacon.periodMs <= 0) return null;
  const index = Math.floor(since / beacon.periodMs);
  const startedAtMs = epochMs + beacon.offsetMs + index * beacon.periodMs;
  if (nowMs - startedAtMs >= Math.max(beacon.lifeMs, beacon.openMs)) return null;
  return { index, pid: beacon.pids[index % beacon.pids.length]!, startedAtMs };
}

/** The start of the next opening after `nowMs` (ms since 1970). */
export function nextBeaconOpeningMs(beacon: FleetBeacon, epochMs: number, nowMs: number): number {
  const since = nowMs - epochMs - beacon.offsetMs;
  if (since < 0) return epochMs + beacon.offsetMs;
  return epochMs + beacon.offsetMs + (Math.floor(since / beacon.periodMs) + 1) * beacon.periodMs;
}

/** Where netstat would print the beacon's row: TCP before every UDP row; IPv4 UDP before the IPv6 ones; else last. */
function insertInNetstatOrder(connections: readonly FleetConnection[], added: FleetConnection): FleetConnection[] {
  const ipv6 = added.local.startsWith('[');
  const followsIt = (known: FleetConnection) => (added.proto === 'TCP' ? known.proto === 'UDP' : !ipv6 && known.proto === 'UDP' && known.local.startsWith('['));
  const at = connections.findIndex(followsIt);
  return at === -1 ? [...connections, added] : [...connections.slice(0, at), added, ...connections.slice(at)];
}

/**
 * The host at `nowMs`: each beacon's process while it lives (its elapsed time counted from its start) and its socket
 * while it is open. Without beacons, the host itself.
 */
export function fleetHostAt(host: FleetHost, state: Pick<FleetState, 'elapsedAsOfMs'>, nowMs: number): FleetHost {
  if (host.beacons === undefined || host.beacons.length === 0) return host;
  const epochMs = state.elapsedAsOfMs ?? 0;
  let processes = host.processes;
  let connections = host.connections;
  for (const beacon of host.beacons) {
    const opening = beaconOpeningAt(beacon, epochMs, nowMs);
    if (opening === null) continue;
    if (nowMs - opening.startedAtMs < beacon.lifeMs) {
      const process: FleetProcess = { ...beacon.process, pid: opening.pid, elapsedMs: nowMs - opening.startedAtMs, startedAtMs: opening.startedAtMs };
      processes = [...processes, process];
    }
    if (nowMs - opening.startedAtMs < beacon.openMs) connections = insertInNetstatOrder(connections, { ...beacon.socket, pid: opening.pid });
  }
  return { ...host, processes, connections };
}
