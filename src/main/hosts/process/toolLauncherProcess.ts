// The tool launcher: a small Node process that starts the host tools for main and runs each with the pipe runner.
// Starting a process copies its parent's memory map, and main's grows with what the analyst opened (a million flows,
// thousands of hosts): from here it costs a millisecond, off main's event loop, instead of tens on it.
import { PipeToolRunner } from './pipeRunner';
import type { FromLauncher, ToLauncher } from './toolLauncherProtocol';
import { ToolStartError } from './toolRunner';

const runner = new PipeToolRunner();
const running = new Map<number, AbortController>();
/** Main's environment as of its last message (the first run brings all of it, the next ones what changed). */
const environment: NodeJS.ProcessEnv = {};

function send(message: FromLauncher): void {
  process.send?.(message);
}

process.on('message', (message: ToLauncher) => {
  if (message.type === 'stop') {
    running.get(message.id)?.abort();
    return;
  }
  const { id, request } = message;
  for (const [name, value] of Object.entries(message.environment?.set ?? {})) environment[name] = value;
  for (const name of message.environment?.unset ?? []) delete environment[name];
  const controller = new AbortController();
  running.set(id, controller);
  runner
    .run({ ...request, env: request.env ?? { ...environment }, signal: controller.signal, onOutput: (received) => send({ type: 'output', id, received }) })
    .then(
      (outcome) => send({ type: 'done', id, outcome }),
      (error: unknown) =>
        error instanceof ToolStartError
          ? send({ type: 'failed', id, executable: error.executable, code: error.code, message: error.message })
          : send({ type: 'failed', id, executable: request.executable, code: 'launcher', message: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => running.delete(id));
});

// Main is gone (closed, crashed, killed): stop every tool it started, then go too.
process.on('disconnect', () => {
  for (const controller of running.values()) controller.abort();
  const exit = () => (running.size === 0 ? process.exit(0) : setTimeout(exit, 50));
  exit();
});
