// A shell on the analyst's own machine for the terminal, in a pseudo-terminal (node-pty, loaded only when asked for,
// like the console tool runner, so everything else runs where the native module is not built).
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { AppError } from '../../shared/errors';
import type { TerminalTransport, TransportExit } from './terminalTransport';

type NodePty = typeof import('node-pty');

function loadNodePty(): NodePty {
  try {
    return createRequire(import.meta.url)('node-pty') as NodePty;
  } catch (error) {
    throw new AppError({
      kind: 'terminal-unavailable',
      target: 'this machine',
      reason: `node-pty, the native module that gives a shell its terminal, is not built for this runtime (${(error as Error).message.split('\n')[0]}); rebuild it with "npx electron-builder install-app-deps" or "npm rebuild node-pty"`,
    });
  }
}

/** The analyst's shell as an argv: $SHELL (or /bin/bash) on Linux and macOS, PowerShell on Windows. */
export function localShellArgv(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') return ['powershell.exe', '-NoLogo'];
  const shell = env.SHELL && env.SHELL.startsWith('/') ? env.SHELL : '/bin/bash';
  return [shell];
}

/** The shell's environment: FlowPivot's own, less what only matters to Electron, with the terminal type xterm.js speaks. */
export function localShellEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const entries = Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !entry[0].startsWith('ELECTRON_'));
  return { ...Object.fromEntries(entries), TERM: 'xterm-256color', COLORTERM: 'truecolor' };
}

function signalName(signal: number): string {
  const names: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 9: 'SIGKILL', 15: 'SIGTERM' };
  return names[signal] ?? `signal ${signal}`;
}

export function openLocalShell(argv: readonly string[], size: { cols: number; rows: number }, env: NodeJS.ProcessEnv = process.env): TerminalTransport {
  const [file, ...args] = argv;
  if (!file) throw new AppError({ kind: 'terminal-unavailable', target: 'this machine', reason: 'no shell to run' });
  const pty = loadNodePty();
  let terminal: import('node-pty').IPty;
  try {
    terminal = pty.spawn(file, args, { name: 'xterm-256color', cols: size.cols, rows: size.rows, cwd: homedir(), env: localShellEnv(env), encoding: null as unknown as string });
  } catch (error) {
    throw new AppError({ kind: 'terminal-unavailable', target: 'this machine', reason: `${file} could not be started (${(error as Error).message})` });
  }
  let closedHere = false;
  let exitListener: ((exit: TransportExit) => void) | null = null;
  terminal.onExit(({ exitCode, signal }) => {
    if (closedHere) return;
    // node-pty delivers the last output on the same tick as the exit on Linux: let it drain first.
    setImmediate(() => exitListener?.({ reason: 'exited', exitCode: signal ? null : exitCode, signal: signal ? signalName(signal) : null, detail: null }));
  });
  return {
    tool: 'node-pty',
    toolVersion: null,
    argv: [...argv],
    title: argv.join(' '),
    write: (data) => {
      if (!closedHere) terminal.write(data);
    },
    resize: (cols, rows) => {
      if (!closedHere) terminal.resize(cols, rows);
    },
    close: () => {
      if (closedHere) return;
      closedHere = true;
      try {
        terminal.kill(process.platform === 'win32' ? undefined : 'SIGHUP');
      } catch {
        // Already gone.
      }
    },
    onData: (listener) => {
      terminal.onData(listener as (chunk: string) => void);
    },
    onExit: (listener) => {
      exitListener = listener;
    },
  };
}
