// The fleet state lock: a lock left by a tool that died is broken, a lock a live tool holds is waited for.
import { spawnSync } from 'node:child_process';
import { unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fleetLockPath, updateFleetState, writeFleetState } from '../../../src/main/lab/fleet/fleetStateFile';
import { seedFleet } from '../../../src/main/lab/scenarios/seedFleet';
import { withTempDir } from '../../support/tempDir';

let dir: Awaited<ReturnType<typeof withTempDir>>;
let stateFile: string;

/** The PID of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

beforeEach(async () => {
  dir = await withTempDir();
  stateFile = join(dir.path, 'fleet-state.json');
  await writeFleetState(stateFile, seedFleet());
});
afterEach(async () => {
  await dir.remove();
});

describe('the fleet state lock', () => {
  it('breaks a lock whose owner died a while ago', async () => {
    const lock = fleetLockPath(stateFile);
    await writeFile(lock, `${deadPid()}\n`);
    const old = new Date(Date.now() - 5000);
    await utimes(lock, old, old);
    const started = Date.now();
    expect(await updateFleetState(stateFile, () => ({ result: 'done', changed: false }))).toBe('done');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('waits for a lock a live owner holds, and takes it once released', async () => {
    const lock = fleetLockPath(stateFile);
    await writeFile(lock, `${process.pid}\n`);
    let done = false;
    const update = updateFleetState(stateFile, () => ({ result: (done = true), changed: false }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    await unlink(lock);
    await update;
    expect(done).toBe(true);
  });
});
