// The fleet state model: what PsKill does to a host, how names find hosts, and how a state file is checked.
import { describe, expect, it } from 'vitest';
import { killOnHost, processTree } from '../../../src/main/lab/fleet/fleetKill';
import { findFleetHost, FleetStateError, localFleetHost, parseFleetState, serializeFleetState, type FleetState } from '../../../src/main/lab/fleet/fleetState';
import { SEED_HOST, SEED_LOCAL_HOST, seedFleet, seedHost } from '../../../src/main/lab/scenarios/seedFleet';

describe('killing on a fleet host', () => {
  it('removes the process and every socket it owned, and nothing else', () => {
    const host = seedHost();
    const before = host.connections.length;
    const report = killOnHost(host, { pid: 3756 }, false);
    expect(report.steps).toEqual([{ pid: 3756, outcome: 'killed', killedPids: [3756] }]);
    expect(host.processes.some((process) => process.pid === 3756)).toBe(false);
    expect(host.connections.some((connection) => connection.pid === 3756)).toBe(false);
    expect(host.connections).toHaveLength(before - 7);
    expect(host.processes.some((process) => process.pid === 3676)).toBe(true);
  });

  it('kills the whole tree with -t, parents before children, leaving orphans of other trees alone', () => {
    const host = seedHost();
    expect(processTree(host, 3676).map((process) => process.pid)).toEqual([3676, 4092, 816, 3388, 3252, 3968, 3756]);
    const report = killOnHost(host, { pid: 3676 }, true);
    expect(report.steps).toEqual([{ pid: 3676, outcome: 'killed', killedPids: [3676, 4092, 816, 3388, 3252, 3968, 3756] }]);
    expect(host.processes).toHaveLength(36 - 7);
    expect(host.connections.some((connection) => connection.pid === 3756)).toBe(false);
  });

  it('refuses protected processes (System, Idle, csrss) and keeps them in a tree kill', () => {
    const host = seedHost();
    expect(killOnHost(host, { pid: 4 }, false).steps).toEqual([{ pid: 4, outcome: 'access-denied' }]);
    expect(killOnHost(host, { pid: 0 }, true).steps).toEqual([{ pid: 0, outcome: 'access-denied' }]);
    const tree = killOnHost(host, { pid: 464 }, true);
    expect(tree.steps[0]).toMatchObject({ pid: 464, outcome: 'killed' });
    expect(host.processes.map((process) => process.pid)).toContain(528);
    expect(host.processes.map((process) => process.pid)).not.toContain(596);
  });

  it('names no process for an unknown PID or name', () => {
    const host = seedHost();
    expect(killOnHost(host, { pid: 1234 }, false).steps).toEqual([]);
    expect(killOnHost(host, { name: 'notepad' }, false).steps).toEqual([]);
  });

  it('kills every process of a name, with or without .exe, in any case', () => {
    const host = seedHost();
    const report = killOnHost(host, { name: 'WMIPRVSE.exe' }, false);
    expect(report.steps.map((step) => step.pid)).toEqual([2876, 2660]);
    expect(host.processes.some((process) => process.name === 'wmiprvse')).toBe(false);
  });
});

describe('finding fleet hosts', () => {
  it('finds a host by address, computer name or alias in any case, and the local machine by its local names', () => {
    const state = seedFleet();
    expect(findFleetHost(state, SEED_HOST)?.address).toBe(SEED_HOST);
    expect(findFleetHost(state, 'ws5081')?.address).toBe(SEED_HOST);
    expect(findFleetHost(state, 'localhost')?.address).toBe(SEED_LOCAL_HOST);
    expect(findFleetHost(state, '.')?.address).toBe(SEED_LOCAL_HOST);
    expect(findFleetHost(state, '10.99.0.1')).toBeNull();
    expect(localFleetHost(state).hostname).toBe('IT-ANALYST');
  });
});

describe('the state file', () => {
  it('reads back what it writes', () => {
    const state = seedFleet();
    expect(parseFleetState(serializeFleetState(state), 'state.json')).toEqual(state);
  });

  it('names the first wrong field of a hand-edited file', () => {
    const edit = (change: (json: Record<string, unknown> & { hosts: Record<string, unknown>[] }) => void) => {
      const json = JSON.parse(serializeFleetState(seedFleet())) as Record<string, unknown> & { hosts: Record<string, unknown>[] };
      change(json);
      return () => parseFleetState(JSON.stringify(json), '/lab/state.json');
    };
    expect(() => parseFleetState('{', '/lab/state.json')).toThrow(/^fleet state \/lab\/state.json: not JSON/);
    expect(edit((json) => (json.version = 2))).toThrow('version: expected 1');
    expect(edit((json) => ((json.hosts[0] as { processes: { pid: unknown }[] }).processes[1]!.pid = '4'))).toThrow('hosts[0].processes[1].pid: expected a whole number');
    expect(edit((json) => (json.hosts[2]!.reachability = 'down'))).toThrow(/hosts\[2\]\.reachability: expected one of ok, unreachable/);
    expect(edit((json) => (json.localHost = '10.1.1.1'))).toThrow('localHost: expected the address of one of the hosts');
    expect(edit((json) => (json.unknownHost = 'ok'))).toThrow(/unknownHost: expected one of unreachable/);
    expect(edit(() => undefined)).not.toThrow();
    expect(edit((json) => delete json.scenario)).toThrow(FleetStateError);
    expect(edit((json) => delete json.scenario)).toThrow('scenario: expected a string');
  });

  it('holds only what JSON holds: no undefined, no functions', () => {
    const state: FleetState = seedFleet();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
