// A real process for host-collection tests to find and stop: Node listening on a free loopback port, named by a marker
// on its command line; and the set of them a test file starts, stopped after each test.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

export interface LoopbackListener {
  pid: number;
  port: number;
  /** On the process's command line, so a ps listing can be searched for it. */
  marker: string;
  /** Resolves when the process has ended, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ends it with SIGKILL if a test did not (afterEach / afterAll). */
  stop(): Promise<void>;
}

export interface ListenerOptions {
  /** Ignore SIGTERM, as a process stuck in its shutdown would: only KILL stops it. */
  ignoreTerm?: boolean;
}

export async function startLoopbackListener(options: ListenerOptions = {}): Promise<LoopbackListener> {
  const marker = `flowpivot-listener-${randomUUID()}`;
  const script = [
    options.ignoreTerm ? "process.on('SIGTERM', () => {});" : '',
    "const server = require('node:net').createServer((socket) => socket.end());",
    "server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));",
  ].join(' ');
  const child = spawn(process.execPath, ['-e', script, marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(Number(text.trim()));
    });
    child.once('exit', (code) => reject(new Error(`the listener exited with ${code} before listening`)));
  });
  return {
    pid: child.pid!,
    port,
    marker,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The listeners a test file starts: `stopAll()` in afterEach ends those a test left running. */
export function loopbackListeners(): { start(options?: ListenerOptions): Promise<LoopbackListener>; stopAll(): Promise<void> } {
  const started: LoopbackListener[] = [];
  return {
    async start(options = {}) {
      const listener = await startLoopbackListener(options);
      started.push(listener);
      return listener;
    },
    async stopAll() {
      await Promise.all(started.splice(0).map((listener) => listener.stop()));
    },
  };
}
