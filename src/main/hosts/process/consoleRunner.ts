// The console ToolRunner: the tool runs in a pseudo-terminal (node-pty), as PsExec needs on Windows. Its stdout and
// stderr arrive interleaved, exactly as an analyst's console would have shown them.
import { createRequire } from 'node:module';
import { armStop, KILL_GRACE_MS, ToolStartError, type ToolRunner, type ToolRunOutcome, type ToolRunRequest } from './toolRunner';

type NodePty = typeof import('node-pty');

/** node-pty is a native module: loaded on first use, so everything else runs where it is not built. */
function loadNodePty(): NodePty {
  return createRequire(import.meta.url)('node-pty') as NodePty;
}

/** Wide enough that no tool wraps its table rows, which would split records. */
const CONSOLE_COLUMNS = 400;
const CONSOLE_ROWS = 50;

export class ConsoleToolRunner implements ToolRunner {
  readonly kind = 'console' as const;

  run(request: ToolRunRequest): Promise<ToolRunOutcome> {
    return new Promise((resolve, reject) => {
      const startedAt = new Date().toISOString();
      let terminal: import('node-pty').IPty;
      try {
        terminal = loadNodePty().spawn(request.executable, [...request.args], {
          name: 'xterm',
          cols: CONSOLE_COLUMNS,
          rows: CONSOLE_ROWS,
          env: (request.env ?? process.env) as Record<string, string>,
          // Not 'utf8' only: 'latin1' keeps every byte of a Windows console code page.
          encoding: request.encoding === 'latin1' ? 'latin1' : 'utf8',
        });
      } catch (error) {
        reject(new ToolStartError(request.executable, 'spawn-failed', error instanceof Error ? error.message : String(error)));
        return;
      }
      const chunks: string[] = [];
      let received = 0;
      let ending: ToolRunOutcome['ending'] = 'exited';
      let killTimer: NodeJS.Timeout | undefined;
      const disarm = armStop(request, (reason) => {
        ending = reason;
        terminal.kill('SIGTERM');
        killTimer = setTimeout(() => {
          try {
            terminal.kill('SIGKILL');
          } catch {
            // Already gone.
          }
        }, KILL_GRACE_MS);
      });
      const data = terminal.onData((chunk) => {
        chunks.push(chunk);
        received += chunk.length;
        request.onOutput?.(received);
      });
      const exit = terminal.onExit(({ exitCode, signal }) => {
        disarm();
        clearTimeout(killTimer);
        // node-pty reports the last output before exit on the same tick on Linux; give it one turn to drain.
        setImmediate(() => {
          data.dispose();
          exit.dispose();
          resolve({
            ending,
            exitCode: signal ? null : exitCode,
            signal: signal ? signalName(signal) : null,
            stdout: chunks.join(''),
            stderr: null,
            startedAt,
            finishedAt: new Date().toISOString(),
          });
        });
      });
    });
  }
}

function signalName(signal: number): string {
  const names: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 9: 'SIGKILL', 15: 'SIGTERM' };
  return names[signal] ?? `signal ${signal}`;
}
