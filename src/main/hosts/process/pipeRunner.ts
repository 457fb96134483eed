// The plain ToolRunner: child_process.spawn with pipes, argv array, no shell; stops the whole process group.
import { spawn } from 'node:child_process';
import { armStop, KILL_GRACE_MS, ToolStartError, type ToolRunner, type ToolRunOutcome, type ToolRunRequest } from './toolRunner';

export class PipeToolRunner implements ToolRunner {
  readonly kind = 'pipes' as const;

  run(request: ToolRunRequest): Promise<ToolRunOutcome> {
    return new Promise((resolve, reject) => {
      const startedAt = new Date().toISOString();
      const encoding = request.encoding ?? 'utf8';
      const isWindows = process.platform === 'win32';
      const child = spawn(request.executable, [...request.args], {
        shell: false,
        windowsHide: true,
        // Its own process group on POSIX, so a stop reaches whatever the tool started too.
        detached: !isWindows,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(request.env ? { env: request.env } : {}),
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let received = 0;
      let ending: ToolRunOutcome['ending'] = 'exited';
      let killTimer: NodeJS.Timeout | undefined;

      const signalTree = (signal: NodeJS.Signals) => {
        try {
          if (!isWindows && child.pid !== undefined) process.kill(-child.pid, signal);
          else child.kill(signal);
        } catch {
          // Already gone.
        }
      };
      const disarm = armStop(request, (reason) => {
        ending = reason;
        signalTree('SIGTERM');
        killTimer = setTimeout(() => signalTree('SIGKILL'), KILL_GRACE_MS);
      });
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        into.push(chunk);
        received += chunk.length;
        request.onOutput?.(received);
      };
      child.stdout.on('data', collect(stdout));
      child.stderr.on('data', collect(stderr));
      child.once('error', (error: NodeJS.ErrnoException) => {
        disarm();
        clearTimeout(killTimer);
        reject(new ToolStartError(request.executable, error.code ?? 'unknown', error.message));
      });
      child.once('close', (exitCode, signal) => {
        disarm();
        clearTimeout(killTimer);
        resolve({
          ending,
          exitCode,
          signal,
          stdout: Buffer.concat(stdout).toString(encoding),
          stderr: Buffer.concat(stderr).toString(encoding),
          startedAt,
          finishedAt: new Date().toISOString(),
        });
      });
    });
  }
}
