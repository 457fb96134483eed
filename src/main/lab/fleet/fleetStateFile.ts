// The fleet state file on disk: read whole, replaced atomically (temp file + rename), and changed under a lock file so
// parallel pskills never lose each other's kills.
import { open, readFile, unlink } from 'node:fs/promises';
import { writeFileAtomic } from '../../config/configFiles';
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
  // Readable by whoever runs the lab's tools: config files default to their owner only.
  await writeFileAtomic(stateFile, serializeFleetState(state), 0o644);
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
/** A lock whose owner has died is broken only once it is this old: a fresh lock of a dead owner was just released. */
const DEAD_OWNER_GRACE_MS = 1000;

/** The lock file as one look: who wrote it and which file it is (read through one descriptor, so both agree). */
async function lookAtLock(lockPath: string): Promise<{ owner: number; ino: number; mtimeMs: number } | null> {
  try {
    const handle = await open(lockPath, 'r');
    try {
      const info = await handle.stat();
      const text = await handle.readFile('utf8');
      return { owner: Number.parseInt(text, 10), ino: info.ino, mtimeMs: info.mtimeMs };
    } finally {
      await handle.close();
    }
  } catch {
    // Gone between our attempt and the look (released): not stale, try again.
    return null;
  }
}

/**
 * Breaks the lock when it is stale: its owner died and it is older than a moment, or it is older than STALE_LOCK_MS.
 * Re-checks that the file is still the one looked at, so a lock just taken by another tool is never removed.
 */
async function breakIfStale(lockPath: string): Promise<boolean> {
  const look = await lookAtLock(lockPath);
  if (look === null) return false;
  const age = Date.now() - look.mtimeMs;
  const ownerDead = Number.isSafeInteger(look.owner) && look.owner > 0 && !isAlive(look.owner);
  if (!(age > STALE_LOCK_MS || (ownerDead && age > DEAD_OWNER_GRACE_MS))) return false;
  const again = await lookAtLock(lockPath);
  if (again === null || again.ino !== look.ino || again.mtimeMs !== look.mtimeMs || again.owner !== look.owner) return false;
  await unlink(lockPath).catch(() => undefined);
  return true;
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
    if (await breakIfStale(lockPath)) continue;
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
