// The beacon scenario: the investigation scenario plus a workstation whose scheduled task starts a process every 10 s
// that opens a UDP socket for 300 ms, sends one packet to the Internet, and exits 2 s later — the sender a single
// netstat almost never catches. The router's cache has its flow, so the analyst can pick it and watch the host.
import type { FleetBeacon, FleetHost, FleetState } from '../fleet/fleetState';
import { WindowsHostBuilder } from '../fleet/windowsHostBuilder';
import type { CachedFlow } from '../flowCacheModel';
import { investigationFleet, seedRouterInterface, seedStyleShowIpCacheFlowLines } from './investigationScenario';
import type { LabScenario } from './labScenario';

export const BEACON_SCENARIO = 'beacon';
export const BEACON_HOST = '10.xx.50.77';
export const BEACON_HOSTNAME = 'WS5077';
/** The sender's socket: its local end, as netstat prints it. */
export const BEACON_LOCAL_PORT = 51515;
/** Where it sends: a documentation address (TEST-NET-3); the lab never sends anything there. */
export const BEACON_PEER = { addr: '203.0.113.45', port: 9999 };
export const BEACON_IMAGE = 'updchk.exe';
/** Timing on the wall clock from the lab's start: an opening every 10 s, the first 1 s in; socket 300 ms; process 2.3 s. */
export const BEACON_TIMING = { periodMs: 10_000, openMs: 300, lifeMs: 2300, offsetMs: 1000 } as const;

/** PIDs no process of the host has, as Windows hands them out: multiples of 4. */
function freePids(host: FleetHost, count: number, from: number): number[] {
  const used = new Set(host.processes.map((process) => process.pid));
  const pids: number[] = [];
  for (let pid = from; pids.length < count; pid += 4 * 37) if (!used.has(pid)) pids.push(pid);
  return pids;
}

export function beaconHost(): FleetHost {
  const builder = new WindowsHostBuilder({ address: BEACON_HOST, hostname: BEACON_HOSTNAME, aliases: [BEACON_HOSTNAME], edition: 'win10', seed: 0x5077 });
  const taskHost = builder.find('taskhostw');
  const host = builder.build();
  const beacon: FleetBeacon = {
    process: { name: 'updchk', image: BEACON_IMAGE, ppid: taskHost.pid, priority: 8, threads: 3, handles: 96, privateKb: 1_884, virtualKb: 71_240, workingSetKb: 6_112, cpuMs: 31, protected: false },
    pids: freePids(host, 8, 7_204),
    socket: { proto: 'UDP', local: `${BEACON_HOST}:${BEACON_LOCAL_PORT}`, remote: '*:*', state: null, component: null },
    ...BEACON_TIMING,
  };
  return { ...host, beacons: [beacon] };
}

export function beaconFleet(): FleetState {
  const fleet = investigationFleet();
  return { ...fleet, scenario: BEACON_SCENARIO, hosts: [...fleet.hosts, beaconHost()] };
}

/** One UDP packet of 76 bytes every 10 s, for a little over a minute: the flow the router kept of the sender. */
export const BEACON_FLOW: CachedFlow = {
  srcIf: seedRouterInterface(BEACON_HOST), srcAddr: BEACON_HOST, dstIf: seedRouterInterface(BEACON_PEER.addr), dstAddr: BEACON_PEER.addr, protocol: 17,
  srcPort: BEACON_LOCAL_PORT, dstPort: BEACON_PEER.port, packets: 7, bytes: 7 * 76, activeSeconds: 60.4, idleSeconds: 4.2,
};

let lines: string[] | undefined;

export const beaconScenario: LabScenario = {
  name: BEACON_SCENARIO,
  description: `The investigation scenario plus ${BEACON_HOSTNAME} (${BEACON_HOST}), where a process opens a UDP socket for 300 ms every 10 s and sends to ${BEACON_PEER.addr}:${BEACON_PEER.port}: catch it with a watch.`,
  showIpCacheFlow: () => (lines ??= seedStyleShowIpCacheFlowLines(beaconFleet(), [BEACON_FLOW])),
  windowsFleet: () => beaconFleet(),
};
