// A watch of the lab's beacon host through the simulated PsExec: its process opens a UDP socket for 300 ms every 10 s;
// listings every 100 ms catch it, the alert fires, and the PsList taken at once names it before it exits. And a watch
// stops within a second when cancelled, even with a listing hanging.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Events } from '../../../src/shared/contract';
import { parseFleetState } from '../../../src/main/lab/fleet/fleetState';
import { BEACON_HOST, BEACON_IMAGE, BEACON_LOCAL_PORT, BEACON_TIMING } from '../../../src/main/lab/scenarios/beaconScenario';
import { useLabServices } from '../../support/labServices';

const { ok, hostId, services } = useLabServices('beacon');

async function labFleetState() {
  const lab = await ok('lab.status', {});
  const stateFile = join(dirname(lab!.fleet!.binDir), 'fleet-state.json');
  return parseFleetState(await readFile(stateFile, 'utf8'), stateFile);
}

describe('watching a lab host', () => {
  it('catches the short-lived UDP sender, names it from the PsList taken at once, and keeps every snapshot in the case', async () => {
    await ok('case.create', { name: 'beacon watch' });
    const state = await labFleetState();
    const beacon = state.hosts.find((host) => host.address === BEACON_HOST)!.beacons![0]!;
    const id = await hostId(BEACON_HOST);
    const progress: Events['watch.progress'][] = [];
    const alerts: Events['watch.alert'][] = [];
    services().events.subscribe((event, payload) => {
      if (event === 'watch.progress') progress.push(payload as Events['watch.progress']);
      if (event === 'watch.alert') alerts.push(payload as Events['watch.alert']);
    });

    // Openings at 1, 11 and 21 s after the lab started. Listings every 100 ms run back to back, each PsExec ~150 ms on
    // an idle machine: every 300 ms window is listed. A loaded machine stretches a run past 300 ms now and then, and
    // each opening is then caught with odds 300 ms / run time: over three openings, still all but certain.
    const summary = await ok('hosts.watch', { id, intervalMs: 100, durationMs: 22_500, target: { protocol: 'udp', address: BEACON_HOST, port: BEACON_LOCAL_PORT } });

    expect(summary.outcome).toBe('finished');
    expect(summary.failedSnapshots).toBe(0);
    expect(alerts).toHaveLength(1);
    const alert = summary.alert!;
    // The event also carries the snapshot that caught it and the process list, for the window's host grids.
    const { connections: caughtBy, processes: listed, ...event } = alerts[0]!;
    expect(event).toEqual(alert);
    expect(caughtBy.command.id).toBe(alert.snapshotCollectionId);
    expect(caughtBy.result.records.some((connection) => connection.localPort === BEACON_LOCAL_PORT)).toBe(true);
    expect(listed?.command.id).toBe(alert.processCollectionId);
    expect(alert.match).toBe('udp-bind');
    expect(alert.socket).toMatchObject({ proto: 'UDP', localAddr: BEACON_HOST, localPort: BEACON_LOCAL_PORT });
    // The owner named from PsList, with the start time of the opening that was caught.
    expect(alert.owners).toHaveLength(1);
    const [owner] = alert.owners;
    expect(beacon.pids).toContain(owner!.pid);
    expect(owner!.name).toBe(BEACON_IMAGE.replace(/\.exe$/, ''));
    const openingIndex = beacon.pids.indexOf(owner!.pid);
    const openedAt = state.elapsedAsOfMs! + BEACON_TIMING.offsetMs + openingIndex * BEACON_TIMING.periodMs;
    expect(Math.abs(Date.parse(owner!.startedAt!) - openedAt)).toBeLessThan(1000);
    // Caught while open: first listed within the 300 ms window (plus the listing's own time), named before it exited.
    expect(Date.parse(alert.caughtAt) - openedAt).toBeLessThan(BEACON_TIMING.openMs + 1000);
    expect(Date.parse(alert.processesAt!) - openedAt).toBeLessThan(BEACON_TIMING.lifeMs);

    // The openings caught, each with its own PID, seen only in the snapshots of those windows.
    const watched = summary.sockets.find((socket) => socket.key === alert.socket.key)!;
    const owners = watched.owners.map((known) => known.pid);
    expect(beacon.pids.slice(0, 3)).toEqual(expect.arrayContaining(owners));
    expect(watched.timesSeen).toBeGreaterThanOrEqual(owners.length);
    expect(watched.timesSeen).toBeLessThan(summary.snapshots / 4);
    if (owners.length >= 2) expect(Date.parse(watched.lastSeenAt) - Date.parse(watched.firstSeenAt)).toBeGreaterThan(BEACON_TIMING.periodMs - 1000);
    const rpc = summary.sockets.find((socket) => socket.localAddr === '0.0.0.0' && socket.localPort === 135)!;
    expect(rpc.timesSeen).toBe(summary.snapshots);

    // Progress once at the start and after every snapshot; the gap never lets two runs overlap.
    expect(progress.map((event) => event.snapshot)).toEqual([0, ...Array.from({ length: summary.snapshots }, (_, index) => index + 1)]);
    expect(progress.at(-1)!.nextRunAt).toBeNull();
    for (let index = 1; index < summary.commands.length; index++) {
      expect(Date.parse(summary.commands[index]!.startedAt)).toBeGreaterThanOrEqual(Date.parse(summary.commands[index - 1]!.finishedAt));
    }

    // The case: every snapshot a connections collection with its raw output, the process list, and the alert's note.
    const live = (await ok('case.live', {}))!;
    const contents = await ok('case.contents', { handle: live.handle });
    const connections = contents.collections.filter((collection) => collection.kind === 'connections');
    expect(connections.map((collection) => collection.id)).toEqual(summary.commands.map((command) => command.id));
    expect(await ok('case.raw', { handle: live.handle, collectionId: alert.snapshotCollectionId })).toContain(`${BEACON_HOST}:${BEACON_LOCAL_PORT}`);
    const processList = contents.collections.find((collection) => collection.id === alert.processCollectionId)!;
    expect(processList.kind).toBe('processes');
    const note = contents.notes.find((candidate) => candidate.tags.includes('watch-alert'))!;
    expect(note.target.collectionId).toBe(alert.processCollectionId);
    expect((processList as { records: { pid: number }[] }).records[note.target.row!]!.pid).toBe(owner!.pid);
    expect(note.text).toContain(`PID ${owner!.pid} updchk`);
    expect(contents.audit.some((entry) => entry.action === 'note' && entry.detail.noteId === note.id)).toBe(true);
  }, 45_000);

  it('stops within a second when cancelled, killing the listing that hangs', async () => {
    const id = await hostId('192.168.20.16');
    const watching = ok('hosts.watch', { id, intervalMs: 500, durationMs: 60_000, target: { protocol: 'tcp', port: 445 } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const asked = Date.now();
    await ok('hosts.cancelWatch', { id });
    const summary = await watching;
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(summary.outcome).toBe('cancelled');
    expect(summary.snapshots).toBe(0);
    const psexecs = (await ok('log.list', {})).filter((entry) => entry.kind === 'command' && entry.device?.includes('192.168.20.16'));
    expect(psexecs.at(-1)!.message).toContain('cancelled');
  }, 15_000);
});
