// The fleet state file on disk: read whole, replaced atomically (temp file + rename), and changed under a lock file so
// parallel pskills never lose each other's kills.
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { FleetStateError, parseFleetState, serializeFleetState, type FleetState } from './fleetState';

/** How long a change waits for another process's lock before giving up. */
const LOCK_WAIT_MS = 15_000;
/** A lock older than this is a leftover of a process killed while it held it (changes take milliseconds). */
const STALE_LOCK_MS = 30_000;

export function fleetLockPath(stateFile: string): string {
  return `${stateFile}.lock`;
}

/** Reads the state as it is now. Readers take no lock: a rename replaces the file whole, so they never see half a write. */
export async function readFleetState(stateFile: string): Promise<FleetState> {
  let text: string;
  try {
    text = await readFile(stateFile, 'utf8');
  } catch (error) {
    throw new FleetStateError(stateFile, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseFleetState(text, stateFile);
}

/** Replaces the file in one step: written to a temporary file beside it, flushed, then renamed over it. */
export async function writeFleetState(stateFile: string, state: FleetState): Promise<void> {
  const temporary = `${stateFile}.${process.pid}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(serializeFleetState(state), 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, stateFile);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock was left by a process that is gone (or is far older than any change takes). */
async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const owner = Number.parseInt(text, 10);
    if (Number.isSafeInteger(owner) && owner > 0 && !isAlive(owner)) return true;
    return Date.now() - info.mtimeMs > STALE_LOCK_MS;
  } catch {
    // Gone between our attempt and the look (released), or still being written: not stale, try again.
    return false;
  }
}

async function acquireLock(stateFile: string): Promise<() => Promise<void>> {
  const lockPath = fleetLockPath(stateFile);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o644);
      try {
        await handle.writeFile(`${process.pid}\n`, 'utf8');
      } finally {
        await handle.close();
      }
      return async () => {
        await unlink(lockPath).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockPath)) {
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) throw new FleetStateError(stateFile, `still locked by another tool after ${LOCK_WAIT_MS / 1000} s (${lockPath})`);
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 10));
  }
}

/**
 * Reads the state, lets `change` modify it, and writes it back, all under the lock. `change` returns what the caller
 * needs to report; the state is written only if `change` says it changed something.
 */
export async function updateFleetState<T>(stateFile: string, change: (state: FleetState) => { result: T; changed: boolean }): Promise<T> {
  const release = await acquireLock(stateFile);
  try {
    const state = await readFleetState(stateFile);
    const { result, changed } = change(state);
    if (changed) await writeFleetState(stateFile, state);
    return result;
  } finally {
    await release();
  }
}
