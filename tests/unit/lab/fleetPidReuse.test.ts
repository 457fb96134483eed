// Time and PID reuse on the simulated fleet: elapsed times run on from the lab's start, and a reused PID names a new
// image started now, without the old process's sockets.
import { describe, expect, it } from 'vitest';
import { elapsedMsAt, processesAt } from '../../../src/main/lab/fleet/fleetClock';
import { reusePid } from '../../../src/main/lab/fleet/fleetPidReuse';
import { parseFleetState, serializeFleetState } from '../../../src/main/lab/fleet/fleetState';
import { SEED_HOST, SEED_PSKILL_PID, SEED_SUSPECT_PID, seedFleet } from '../../../src/main/lab/scenarios/seedFleet';

describe('the fleet clock', () => {
  const state = { ...seedFleet(), elapsedAsOfMs: 1_000_000 };
  const host = state.hosts.find((candidate) => candidate.address === SEED_HOST)!;
  const ctfmon = host.processes.find((process) => process.pid === SEED_PSKILL_PID)!;

  it('runs elapsed times on from when the lab started, so a start time stays where it was', () => {
    expect(elapsedMsAt(ctfmon, state, 1_000_000)).toBe(ctfmon.elapsedMs);
    expect(elapsedMsAt(ctfmon, state, 1_061_500)).toBe(ctfmon.elapsedMs + 61_500);
    expect(1_061_500 - elapsedMsAt(ctfmon, state, 1_061_500)).toBe(1_000_000 - ctfmon.elapsedMs);
  });

  it('leaves Idle and System at 0 as PsList prints them on XP, and a state without a clock standing still', () => {
    const [idle, system] = host.processes;
    expect(processesAt([idle!, system!], state, 9_999_999).map((process) => process.elapsedMs)).toEqual([0, 0]);
    expect(elapsedMsAt(ctfmon, { elapsedAsOfMs: undefined }, 9_999_999)).toBe(ctfmon.elapsedMs);
  });

  it('is kept in the state file', () => {
    expect(parseFleetState(serializeFleetState(state), 'state.json').elapsedAsOfMs).toBe(1_000_000);
  });
});

describe('PID reuse', () => {
  it('ends the process and its sockets, and gives its PID to a new image started now', () => {
    const state = seedFleet();
    const host = state.hosts.find((candidate) => candidate.address === SEED_HOST)!;
    const explorer = host.processes.find((process) => process.name === 'explorer')!;
    const reused = reusePid(host, SEED_SUSPECT_PID, 'notepad.exe', 5_000_000);
    expect(reused?.previous.name).toBe('winupd');
    expect(host.processes.filter((process) => process.pid === SEED_SUSPECT_PID)).toEqual([
      expect.objectContaining({ name: 'notepad', image: 'notepad.exe', ppid: explorer.pid, elapsedMs: 0, startedAtMs: 5_000_000, protected: false }),
    ]);
    expect(host.connections.some((connection) => connection.pid === SEED_SUSPECT_PID)).toBe(false);
    expect(elapsedMsAt(host.processes.find((process) => process.pid === SEED_SUSPECT_PID)!, { elapsedAsOfMs: 1 }, 5_002_500)).toBe(2500);
    expect(parseFleetState(serializeFleetState(state), 'state.json')).toEqual(state);
  });

  it('finds nothing to reuse for a PID the host does not run', () => {
    const host = seedFleet().hosts.find((candidate) => candidate.address === SEED_HOST)!;
    expect(reusePid(host, 9999, 'notepad.exe', 1)).toBeNull();
  });
});
