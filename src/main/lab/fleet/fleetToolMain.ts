// The process side of the simulated PsTools: what the psexec, pslist and pskill wrappers in a lab's bin folder call.
//
// Loaded through tsx's CommonJS hook (the fastest start tsx offers), so this module and everything it imports stay
// free of `import.meta` and top-level await, and import nothing heavy: every run of a tool pays for its imports.
import { createInterface } from 'node:readline';
import type { FleetToolContext } from './hostAccess';
import { runPsExec } from './psExecTool';
import { runPsKill } from './psKillTool';
import { runPsList } from './psListTool';
import type { FleetToolName } from './psToolsTexts';

const TOOLS: Record<FleetToolName, (argv: readonly string[], context: FleetToolContext) => Promise<number>> = {
  psexec: runPsExec,
  pslist: runPsList,
  pskill: runPsKill,
};

/** Runs one tool on the given state file with the arguments given; resolves with its exit code. */
export function runFleetTool(tool: FleetToolName, argv: readonly string[], context: FleetToolContext): Promise<number> {
  return TOOLS[tool](argv, context);
}

/** One line of standard input, read only when asked for (a password prompt). */
function stdinLineReader(): () => Promise<string | null> {
  return () =>
    new Promise((resolve) => {
      const lines = createInterface({ input: process.stdin, terminal: false });
      let answered = false;
      lines.once('line', (line) => {
        answered = true;
        lines.close();
        resolve(line);
      });
      lines.once('close', () => {
        if (!answered) resolve(null);
      });
    });
}

/**
 * The wrapper's whole job: run `tool` with the process's arguments on the state file (FLOWPIVOT_FLEET_STATE overrides
 * the one the wrapper names), and exit with the tool's code (a POSIX status keeps its low 8 bits).
 */
export function runFleetToolProcess(tool: FleetToolName, stateFile: string): void {
  const context: FleetToolContext = {
    stateFile: process.env.FLOWPIVOT_FLEET_STATE || stateFile,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readLine: stdinLineReader(),
  };
  runFleetTool(tool, process.argv.slice(2), context).then(
    (code) => {
      process.exitCode = code & 0xff;
    },
    (error: unknown) => {
      process.stderr.write(`${tool}: ${error instanceof Error ? error.message : String(error)}\r\n`);
      process.exitCode = 1;
    },
  );
}
