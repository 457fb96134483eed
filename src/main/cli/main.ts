// The flowpivot command line: finds the subcommand named by the first argument and runs it.
import { readFile } from 'node:fs/promises';
import { promptSecretOnTerminal } from './secretPrompt';
import { EXIT_USAGE, type CliContext, type CliRawTerminal } from './cliCommand';
import { CLI_COMMANDS } from './commandRegistry';

function overview(): string {
  const width = Math.max(...CLI_COMMANDS.map((command) => command.name.length));
  return [
    'Usage: flowpivot <command> [options]',
    '',
    'Commands:',
    ...CLI_COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "flowpivot <command> --help" for the options of a command.',
    '',
  ].join('\n');
}

/** The real process: stdout/stderr, the environment, and SIGINT/SIGTERM as the stop request. */
export function processCliContext(): CliContext {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    waitForStop: () =>
      new Promise((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(signal);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
    stderrIsTTY: process.stderr.isTTY === true,
    promptSecret: (question) => promptSecretOnTerminal(question),
    rawTerminal: () => processRawTerminal(),
  };
}

/** stdin in raw mode and stdout, while `flowpivot terminal` is attached; null when stdin is not a terminal. */
function processRawTerminal(): CliRawTerminal | null {
  const { stdin, stdout } = process;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return null;
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  const inputs: Array<(data: string) => void> = [];
  const resizes: Array<() => void> = [];
  return {
    onInput(listener) {
      stdin.on('data', listener);
      inputs.push(listener);
    },
    write: (data) => stdout.write(data),
    size: () => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 }),
    onResize(listener) {
      stdout.on('resize', listener);
      resizes.push(listener);
    },
    restore() {
      for (const listener of inputs.splice(0)) stdin.off('data', listener);
      for (const listener of resizes.splice(0)) stdout.off('resize', listener);
      stdin.setRawMode(false);
      stdin.pause();
    },
  };
}

/** Runs flowpivot with the arguments after the program name; resolves with the exit code. */
export async function main(args: readonly string[], context: CliContext = processCliContext()): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    context.stderr(overview());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    context.stdout(overview());
    return 0;
  }
  const command = CLI_COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    context.stderr(`flowpivot: unknown command "${name}". Commands: ${CLI_COMMANDS.map((known) => known.name).join(', ')}. Run "flowpivot --help" for more.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout(command.help());
    return 0;
  }
  return command.run(rest, context);
}
