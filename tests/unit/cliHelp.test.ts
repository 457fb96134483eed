// `flowpivot --help` lists every command, and each command's help gives its usage and at least one example.
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/main/cli/cliCommand';
import { CLI_COMMANDS } from '../../src/main/cli/commandRegistry';
import { main } from '../../src/main/cli/main';

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const context: CliContext = {
    stdout: (text) => (stdout += text),
    stderr: () => undefined,
    env: {},
    readStdin: async () => '',
    readFile: async () => '',
    waitForStop: () => new Promise(() => undefined),
    stderrIsTTY: false,
    promptSecret: async () => null,
  };
  const code = await main(args, context);
  return { code, stdout };
}

describe('flowpivot help', () => {
  it('lists every command with its summary', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of CLI_COMMANDS) expect(stdout).toContain(`  ${command.name}`);
    expect(CLI_COMMANDS.map((command) => command.name)).toEqual(expect.arrayContaining(['lab', 'collect', 'kill', 'pivot', 'sweep', 'case', 'parse', 'formats']));
  });

  it.each(CLI_COMMANDS.map((command) => command.name))('"%s --help" gives its usage and an example', async (name) => {
    const { code, stdout } = await run([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage/m);
    expect(stdout).toMatch(/^\s*Examples?:(\s+)flowpivot /m);
  });
});
