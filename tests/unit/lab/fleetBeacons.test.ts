// The lab's beacon host at a moment of wall time: the sender's process and socket there only during their windows.
import { describe, expect, it } from 'vitest';
import { beaconOpeningAt, fleetHostAt, nextBeaconOpeningMs } from '../../../src/main/lab/fleet/fleetBeacons';
import { parseFleetState, serializeFleetState } from '../../../src/main/lab/fleet/fleetState';
import { renderNetstat } from '../../../src/main/lab/fleet/renderNetstat';
import { BEACON_HOST, BEACON_LOCAL_PORT, BEACON_TIMING, beaconFleet } from '../../../src/main/lab/scenarios/beaconScenario';

const EPOCH = 1_800_000_000_000;
const state = { ...beaconFleet(), elapsedAsOfMs: EPOCH };
const host = state.hosts.find((candidate) => candidate.address === BEACON_HOST)!;
const beacon = host.beacons![0]!;
const opening = (index: number) => EPOCH + BEACON_TIMING.offsetMs + index * BEACON_TIMING.periodMs;
const netstatAt = (nowMs: number) => renderNetstat(fleetHostAt(host, state, nowMs), { all: true, pids: true, owners: false });

describe('lab beacons', () => {
  it('lists the UDP socket only during the 300 ms after each opening', () => {
    const row = `${BEACON_HOST}:${BEACON_LOCAL_PORT}`;
    expect(netstatAt(opening(0) - 1)).not.toContain(row);
    expect(netstatAt(opening(0))).toContain(row);
    expect(netstatAt(opening(0) + 299)).toContain(row);
    expect(netstatAt(opening(0) + 300)).not.toContain(row);
    expect(netstatAt(opening(3) + 150)).toMatch(new RegExp(`\\n  UDP {4}${row.replace(/\./g, '\\.')} +\\*:\\* +${beacon.pids[3]}\\r\\n`));
  });

  it('runs the process from each opening for its life, with a new PID each time and its elapsed time from its start', () => {
    const at = (nowMs: number) => fleetHostAt(host, state, nowMs).processes.filter((process) => process.name === 'updchk');
    expect(at(opening(1) + 2000)).toEqual([expect.objectContaining({ pid: beacon.pids[1], startedAtMs: opening(1), elapsedMs: 2000 })]);
    expect(at(opening(1) + BEACON_TIMING.lifeMs)).toEqual([]);
    expect(beaconOpeningAt(beacon, EPOCH, opening(2) + 5)).toEqual({ index: 2, pid: beacon.pids[2], startedAtMs: opening(2) });
    expect(nextBeaconOpeningMs(beacon, EPOCH, opening(2) + 5)).toBe(opening(3));
    expect(new Set(beacon.pids).size).toBe(beacon.pids.length);
    expect(beacon.pids.some((pid) => host.processes.some((process) => process.pid === pid))).toBe(false);
  });

  it('keeps its beacons through the state file', () => {
    const text = serializeFleetState(state);
    const read = parseFleetState(text, 'fleet-state.json');
    expect(read).toEqual(state);
    expect(serializeFleetState(read)).toBe(text);
  });
});
