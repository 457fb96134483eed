// Watching the processes a test started: whether one is still alive, and waiting for a condition to hold.

/** Whether a process with this PID exists (signal 0 tests for it without touching it). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `condition` holds, checking every 20 ms; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for a condition that never held`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
