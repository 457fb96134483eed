// Each scenario's Windows fleet: well formed, and consistent with the lab router's flows, so a pivot from a flow
// finds the socket and the process behind it.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { killOnHost } from '../../../src/main/lab/fleet/fleetKill';
import { parseFleetState, serializeFleetState, type FleetHost, type FleetState } from '../../../src/main/lab/fleet/fleetState';
import { LARGE_FLEET_FLOWS } from '../../../src/main/lab/scenarios/largeFleet';
import { largeScenarioFlow } from '../../../src/main/lab/scenarios/largeScenario';
import { OFFICE_BEACON } from '../../../src/main/lab/scenarios/officeFleet';
import { OFFICE } from '../../../src/main/lab/scenarios/officeNetwork';
import { officeExchanges } from '../../../src/main/lab/scenarios/officeScenario';
import { LAB_SCENARIOS, findLabScenario } from '../../../src/main/lab/scenarios/registry';
import { SEED_HOST, SEED_PROXY_HOST } from '../../../src/main/lab/scenarios/seedFleet';
import { findParser } from '../../../src/shared/parsers/registry';
import type { Flow } from '../../../src/shared/domain';

function fleetOf(name: string, flowCount?: number): FleetState {
  const scenario = findLabScenario(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  return scenario.windowsFleet({ flowCount });
}

function routerFlows(name: string, flowCount?: number): Flow[] {
  const scenario = findLabScenario(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  const text = [...scenario.showIpCacheFlow({ flowCount })].map((line) => `${line}\r\n`).join('');
  return findParser('ios-ip-cache-flow')!.parse(text).records as Flow[];
}

function hostAt(state: FleetState, address: string): FleetHost | undefined {
  return state.hosts.find((host) => host.address === address);
}

/** The socket a flow's end would show in that host's netstat -ano: TCP by both endpoints, UDP by its local one. */
function socketFor(host: FleetHost, flow: Flow, end: 'src' | 'dst') {
  const [local, remote] = end === 'src' ? [`${flow.srcAddr}:${flow.srcPort}`, `${flow.dstAddr}:${flow.dstPort}`] : [`${flow.dstAddr}:${flow.dstPort}`, `${flow.srcAddr}:${flow.srcPort}`];
  return host.connections.find((connection) =>
    flow.protocol === 6 ? connection.proto === 'TCP' && connection.local === local && connection.remote === remote : connection.proto === 'UDP' && connection.local === local && connection.remote === '*:*',
  );
}

describe.each(LAB_SCENARIOS.map((scenario) => scenario.name))('the %s fleet', (name) => {
  const state = fleetOf(name, 20_000);

  it('is a valid state file with distinct addresses and host names', () => {
    expect(parseFleetState(serializeFleetState(state), 'state.json')).toEqual(state);
    expect(new Set(state.hosts.map((host) => host.address)).size).toBe(state.hosts.length);
    expect(new Set(state.hosts.map((host) => host.hostname.toLowerCase())).size).toBe(state.hosts.length);
    expect(state.scenario).toBe(name);
    expect(state.hosts.length).toBeGreaterThanOrEqual(5);
  });

  it('gives every host distinct PIDs, and every socket an owner that runs (or System, or none for TIME_WAIT)', () => {
    for (const host of state.hosts) {
      const pids = host.processes.map((process) => process.pid);
      expect(new Set(pids).size, host.address).toBe(pids.length);
      for (const connection of host.connections) {
        if (connection.pid === 0) expect(connection.state, `${host.address} ${connection.local}`).toBe('TIME_WAIT');
        else expect(pids, `${host.address} ${connection.local}`).toContain(connection.pid);
      }
      expect(host.processes.find((process) => process.pid === 4)?.protected).toBe(true);
    }
  });

  it('is built the same on every call, and each call is a new state to change', () => {
    const again = fleetOf(name, 20_000);
    expect(again).toEqual(state);
    again.hosts[0]!.processes.pop();
    expect(fleetOf(name, 20_000)).toEqual(state);
  });
});

describe('the router output the fleet is derived beside', () => {
  it('stays byte for byte what it was before the fleet existed', () => {
    const digest = (name: string, flowCount?: number) => {
      const hash = createHash('sha256');
      for (const line of findLabScenario(name)!.showIpCacheFlow({ flowCount })) hash.update(`${line}\r\n`);
      return hash.digest('hex');
    };
    expect(digest('office')).toBe('3639906fb5c8fec2ccadeceef3ac10fb9eab345b7a3ba4221dd9bb456373c1e4');
    expect(digest('seed')).toBe('f337bf7c41f5a05f06307a09ef4f39e7209c4a1f229760f0b4e892c9178ef411');
    expect(digest('large', 20_000)).toBe('7ac1322f3ffe4c7a2dcd0ba5e2e53b0636f94f4ca9599ba135c0033c0fd2fdd5');
  });
});

describe('the seed fleet', () => {
  const state = fleetOf('seed');

  it('has the seed host, its proxy\'s end of the seven connections, and the router\'s flow ends', () => {
    const proxy = hostAt(state, SEED_PROXY_HOST)!;
    const seedHost = hostAt(state, SEED_HOST)!;
    for (const connection of seedHost.connections.filter((row) => row.remote === `${SEED_PROXY_HOST}:8080`)) {
      expect(proxy.connections).toContainEqual(expect.objectContaining({ local: `${SEED_PROXY_HOST}:8080`, remote: connection.local, state: 'ESTABLISHED' }));
    }
    const flows = routerFlows('seed');
    const found = flows.filter((flow) => (flow.protocol === 6 || flow.protocol === 17) && [flow.srcAddr, flow.dstAddr].some((address) => hostAt(state, address) !== undefined));
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const flow of found) {
      const ends = (['src', 'dst'] as const).filter((end) => hostAt(state, end === 'src' ? flow.srcAddr : flow.dstAddr) !== undefined);
      expect(ends.some((end) => socketFor(hostAt(state, end === 'src' ? flow.srcAddr : flow.dstAddr)!, flow, end) !== undefined), `${flow.srcAddr}:${flow.srcPort} > ${flow.dstAddr}:${flow.dstPort}`).toBe(true);
    }
  });
});

describe('the office fleet', () => {
  const state = fleetOf('office');

  it('shows every TCP and UDP flow the router prints as a netstat row of the lab host at each Windows end', () => {
    // An answered sweep probe is closed at once: only the prober keeps it (TIME_WAIT).
    const closedAtServer = new Set(officeExchanges().filter((exchange) => exchange.purpose === 'smb-sweep').map((exchange) => `${exchange.server.addr}:${exchange.server.port}<${exchange.client.addr}:${exchange.client.port}`));
    let checked = 0;
    for (const flow of routerFlows('office')) {
      if (flow.protocol !== 6 && flow.protocol !== 17) continue;
      for (const end of ['src', 'dst'] as const) {
        const [address, port, peer] = end === 'src' ? [flow.srcAddr, flow.srcPort, `${flow.dstAddr}:${flow.dstPort}`] : [flow.dstAddr, flow.dstPort, `${flow.srcAddr}:${flow.srcPort}`];
        const host = hostAt(state, address);
        if (host === undefined || closedAtServer.has(`${address}:${port}<${peer}`)) continue;
        expect(socketFor(host, flow, end), `${address}:${port} with ${peer}`).toBeDefined();
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('has the beacon\'s sockets to 203.0.113.66 owned by rundll32, started by PowerShell from a Word document', () => {
    const victim = hostAt(state, OFFICE.compromised)!;
    const beacon = victim.connections.filter((connection) => connection.remote === `${OFFICE.beaconServer}:${OFFICE.beaconPort}`);
    expect(beacon).toHaveLength(1);
    const owner = victim.processes.find((process) => process.pid === beacon[0]!.pid)!;
    const parent = victim.processes.find((process) => process.pid === owner.ppid)!;
    const grandparent = victim.processes.find((process) => process.pid === parent.ppid)!;
    expect([owner.name, parent.name, grandparent.name]).toEqual([OFFICE_BEACON.name, OFFICE_BEACON.parentName, OFFICE_BEACON.documentName]);
    expect(victim.connections.filter((connection) => connection.pid === owner.pid && connection.state === 'SYN_SENT').length).toBeGreaterThan(5);

    killOnHost(victim, { pid: grandparent.pid }, true);
    expect(victim.connections.some((connection) => connection.remote.startsWith(OFFICE.beaconServer))).toBe(false);
  });

  it('is run from the admin workstation, and has the failures a real office has', () => {
    expect(state.localHost).toBe(OFFICE.adminWorkstation);
    const kinds = new Set(state.hosts.map((host) => host.reachability));
    expect([...kinds].sort()).toEqual(['access-denied', 'ok', 'rpc-unavailable', 'service-start-failed', 'unreachable']);
    expect(state.hosts.some((host) => host.hang)).toBe(true);
    expect(state.hosts.some((host) => host.delayMs > 0)).toBe(true);
    expect(hostAt(state, OFFICE.dc)!.credentials.currentLogon).toBe(false);
    expect(hostAt(state, OFFICE.coreSwitch)).toBeUndefined();
  });
});

describe('the large fleet', () => {
  it('has a host for the 10.x end of each of the first TCP and UDP flows, with that flow\'s socket', () => {
    const state = fleetOf('large', 1_000_000);
    let checked = 0;
    for (let index = 0; index < LARGE_FLEET_FLOWS; index += 1) {
      const cached = largeScenarioFlow(index);
      if (cached.protocol !== 6 && cached.protocol !== 17) continue;
      const host = hostAt(state, cached.srcAddr)!;
      expect(socketFor(host, { ...cached } as unknown as Flow, 'src')).toBeDefined();
      checked += 1;
    }
    expect(checked).toBeGreaterThan(40);
    expect(fleetOf('large', 3).hosts.length).toBeLessThanOrEqual(4);
  });
});
