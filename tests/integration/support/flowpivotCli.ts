// `bin/flowpivot.mjs` as a real child process for tests: started on a FlowPivot home of the test's, its output as it
// comes, waiting until it prints something, and how it ended.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/flowpivot.mjs', import.meta.url));

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `flowpivot <args>` with FLOWPIVOT_HOME set to `home`, and `env` added to the environment. */
export function startCli(args: string[], home: string, env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, FLOWPIVOT_HOME: home, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits (30 s at most) until the output so far is `done`; throws with its stderr when it exits or times out first. */
export async function waitForOutput(cli: RunningCli, done: (stdout: string) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done(cli.stdout())) {
    if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`not ready; stderr: ${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `flowpivot <args>` to its end; resolves with its exit code and output. */
export async function runCli(args: string[], home: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, home, env);
  cli.child.stdin.end();
  // 'close' comes after both output streams have ended, so nothing printed is missed.
  const code = await new Promise<number | null>((resolve) => cli.child.once('close', (exitCode) => resolve(exitCode)));
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}
