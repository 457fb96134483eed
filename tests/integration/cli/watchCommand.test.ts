// `flowpivot watch` as a child process against the lab's beacon host, through the lab fleet's simulated PsExec and
// PsList on PATH: the alert printed as it fires, the owner named, the watched sockets and the case kept.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchSummary } from '../../../src/shared/watch/watchModel';
import { startLabFleet, type LabFleet } from '../../../src/main/lab/fleet/labFleet';
import { BEACON_HOST, BEACON_LOCAL_PORT } from '../../../src/main/lab/scenarios/beaconScenario';
import { withTempDir } from '../../support/tempDir';
import { runCli } from '../support/flowpivotCli';

let home: Awaited<ReturnType<typeof withTempDir>>;
let fleet: LabFleet;

beforeAll(async () => {
  home = await withTempDir();
  fleet = await startLabFleet({ scenario: 'beacon' });
});

afterAll(async () => {
  await fleet.dispose();
  await home.remove();
});

describe('flowpivot watch', () => {
  it('catches the lab beacon host\'s short-lived UDP sender and names it, keeping the snapshots in the case', async () => {
    const casePath = `${home.path}/watch.flowpivot`;
    const match = `udp:${BEACON_HOST}:${BEACON_LOCAL_PORT}`;
    const result = await runCli(['watch', BEACON_HOST, '--via', 'psexec', '--for', '22.5s', '--every', '100ms', '--match', match, '--json', '--case', casePath], home.path, { PATH: `${fleet.binDir}:${process.env.PATH ?? ''}` });
    expect(result.stderr).toMatch(new RegExp(`ALERT Watch of ${BEACON_HOST.replace(/\./g, '\\.')}: UDP ${BEACON_HOST.replace(/\./g, '\\.')}:${BEACON_LOCAL_PORT} .* owner: PID \\d+ updchk started`));
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as WatchSummary;
    expect(summary.alert?.owners[0]?.name).toBe('updchk');
    expect(summary.sockets.find((socket) => socket.localPort === BEACON_LOCAL_PORT)?.timesSeen).toBeGreaterThanOrEqual(1);

    const exported = `${home.path}/watch.json`;
    const listed = await runCli(['case', 'export', casePath, '--json', exported], home.path);
    expect(listed.code, listed.stderr).toBe(0);
    const contents = JSON.parse(await readFile(exported, 'utf8')) as { collections: { id: string; kind: string }[]; notes: { tags: string[]; target: { collectionId: string } }[] };
    expect(contents.collections.filter((collection) => collection.kind === 'connections').map((collection) => collection.id)).toEqual(summary.commands.map((command) => command.id));
    expect(contents.notes.find((note) => note.tags.includes('watch-alert'))?.target.collectionId).toBe(summary.alert!.processCollectionId);
  }, 60_000);

  it('refuses a target it cannot read, and an interval below the limit', async () => {
    const badTarget = await runCli(['watch', BEACON_HOST, '--via', 'psexec', '--match', 'icmp:1.2.3.4:0'], home.path);
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toContain('tcp or udp');
    const tooFast = await runCli(['watch', BEACON_HOST, '--via', 'psexec', '--match', 'udp:51515', '--every', '10ms'], home.path);
    expect(tooFast.code).toBe(2);
    expect(tooFast.stderr).toContain('--every 10ms');
  });
});
