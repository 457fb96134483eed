// The lab router in a process of its own (`flowpivot lab --json`), as another machine would be: it never shares the
// bench's event loop or CPU time slices with the client being measured.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const FLOWPIVOT = resolve(import.meta.dirname, '..', '..', 'bin', 'flowpivot.mjs');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

/** What `flowpivot lab --json` prints about its router once it listens. */
export interface LabRouterAddress {
  host: string;
  port: number;
  username: string;
  password: string;
  enablePassword: string;
  fingerprint: string;
}

export interface LabProcess {
  router: LabRouterAddress;
  pid: number;
  /** Stops the lab (SIGTERM, as Ctrl+C would) and waits for it to exit; SIGKILL if it does not within 10 s. */
  stop(): Promise<void>;
}

/**
 * Starts `flowpivot lab` with `args` and `home` as its FLOWPIVOT_HOME (its host key lands there); resolves when it
 * listens. `nodeArgs` go to its node (e.g. --cpu-prof, which NODE_OPTIONS refuses).
 */
export async function startLabProcess(args: readonly string[], home: string, nodeArgs: readonly string[] = []): Promise<LabProcess> {
  const child = spawn(process.execPath, [...nodeArgs, FLOWPIVOT, 'lab', '--json', ...args], { env: { ...process.env, FLOWPIVOT_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  try {
    const router = await readyLine(child, () => stderr);
    return { router, pid: child.pid!, stop: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

function readyLine(child: ChildProcess, stderr: () => string): Promise<LabRouterAddress> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(`flowpivot lab printed no JSON line within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    const onExit = (code: number | null, signal: string | null) => fail(`flowpivot lab exited (${signal ?? `code ${code}`}) before it was ready`);
    function fail(why: string) {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      reject(new Error(`${why}${stderr() ? `:\n${stderr()}` : ''}`));
    }
    child.once('exit', onExit);
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      try {
        resolvePromise((JSON.parse(line) as { router: LabRouterAddress }).router);
      } catch {
        reject(new Error(`flowpivot lab printed something other than its JSON line: ${line.slice(0, 200)}`));
      }
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
