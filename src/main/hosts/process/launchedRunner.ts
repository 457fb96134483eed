// The pipe runner, run in the tool launcher (toolLauncherProcess.ts) rather than in main: same argv arrays, pipes,
// timeouts and process-group stops, but every tool is started from a small process instead of from main's big one.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EnvironmentChanges, FromLauncher, ToLauncher } from './toolLauncherProtocol';
import { ToolStartError, type ToolRunner, type ToolRunOutcome, type ToolRunRequest } from './toolRunner';

interface PendingRun {
  request: ToolRunRequest;
  resolve: (outcome: ToolRunOutcome) => void;
  reject: (error: Error) => void;
}

/** How the launcher process is started: its module, and Node's options for it. */
export interface LauncherEntry {
  entry: string;
  execArgv: string[];
}

/** From the sources (tsx, tests) the launcher is the TypeScript module beside this one; from a build, its bundle. */
export function launcherEntry(): LauncherEntry {
  if (import.meta.url.endsWith('.ts')) {
    return { entry: fileURLToPath(new URL('./toolLauncherProcess.ts', import.meta.url)), execArgv: ['--import', import.meta.resolve('tsx')] };
  }
  return { entry: fileURLToPath(new URL('./toolLauncher.js', import.meta.url)), execArgv: [] };
}

export class LaunchedToolRunner implements ToolRunner {
  readonly kind = 'pipes' as const;
  private launcher: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, PendingRun>();
  /** Main's environment as the launcher knows it (as of the last run sent). */
  private launcherEnvironment: Record<string, string> = {};

  /** `launcher`: where the launcher is (the bench starts the one a build ships); by default, as launcherEntry() says. */
  constructor(private readonly entryPoint: LauncherEntry = launcherEntry()) {}

  run(request: ToolRunRequest): Promise<ToolRunOutcome> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      let launcher: ChildProcess;
      try {
        launcher = this.started();
      } catch (error) {
        reject(new ToolStartError(request.executable, 'launcher', `the tool launcher could not start: ${(error as Error).message}`));
        return;
      }
      const onAbort = () => this.send(launcher, { type: 'stop', id });
      const settle = () => {
        request.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        // The channel keeps main alive only while a tool runs.
        if (this.pending.size === 0) launcher.channel?.unref();
      };
      this.pending.set(id, {
        request,
        resolve: (outcome) => {
          settle();
          resolve(outcome);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      launcher.channel?.ref();
      // The environment as main has it now (tests and the lab change PATH and the fleet's state file as they go).
      const { executable, args, timeoutMs, encoding, env } = request;
      this.send(launcher, { type: 'run', id, request: { executable, args: [...args], timeoutMs, encoding, ...(env ? { env } : {}) }, ...this.environmentChanges() });
      if (request.signal?.aborted) onAbort();
      else request.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops the launcher, and with it every tool still running. */
  dispose(): void {
    this.launcher?.disconnect();
    this.launcher = null;
  }

  /** What main's environment has that the launcher's copy lacks, or lacks that it has; nothing when they agree. */
  private environmentChanges(): { environment?: EnvironmentChanges } {
    const set: Record<string, string> = {};
    const unset: string[] = [];
    let changed = false;
    for (const [name, value] of Object.entries(process.env)) {
      if (value === undefined || this.launcherEnvironment[name] === value) continue;
      set[name] = value;
      changed = true;
    }
    for (const name of Object.keys(this.launcherEnvironment)) {
      if (process.env[name] !== undefined) continue;
      unset.push(name);
      changed = true;
    }
    if (!changed) return {};
    for (const name of unset) delete this.launcherEnvironment[name];
    Object.assign(this.launcherEnvironment, set);
    return { environment: { set, unset } };
  }

  private send(launcher: ChildProcess, message: ToLauncher): void {
    if (launcher.connected) launcher.send(message);
  }

  private started(): ChildProcess {
    if (this.launcher !== null) return this.launcher;
    const { entry, execArgv } = this.entryPoint;
    // A new launcher starts with main's environment of now (fork passes it), which its first run's changes will say.
    this.launcherEnvironment = {};
    const launcher = fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    launcher.on('message', (message: FromLauncher) => {
      const run = this.pending.get(message.id);
      if (!run) return;
      if (message.type === 'output') run.request.onOutput?.(message.received);
      else if (message.type === 'done') run.resolve(message.outcome);
      else run.reject(new ToolStartError(message.executable, message.code, message.message.replace(/^cannot start [^:]*: /, '')));
    });
    launcher.once('exit', (code, signal) => {
      if (this.launcher === launcher) this.launcher = null;
      // Whatever it was running is lost with it: say so for each, and the next run starts a new launcher.
      for (const run of [...this.pending.values()]) {
        run.reject(new ToolStartError(run.request.executable, 'launcher', `the tool launcher stopped (${signal ?? `exit code ${code}`}) while it ran`));
      }
    });
    launcher.once('error', () => {
      // 'exit' follows when the launcher had started; a fork that failed outright gets no 'exit': fail the runs here.
      if (launcher.pid === undefined) launcher.emit('exit', null, null);
    });
    launcher.unref();
    launcher.channel?.unref();
    this.launcher = launcher;
    return launcher;
  }
}

let shared: LaunchedToolRunner | null = null;

/** The process's one launched runner: every service of main starts its tools through the same launcher. */
export function sharedLaunchedRunner(): LaunchedToolRunner {
  return (shared ??= new LaunchedToolRunner());
}
