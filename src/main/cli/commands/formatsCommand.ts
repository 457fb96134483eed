// `flowpivot formats`: the format ids `flowpivot parse --format` accepts, with the commands each reads.
import { parsers } from '../../../shared/parsers/registry';
import type { CliCommand } from '../cliCommand';

function help(): string {
  return [
    'Usage: flowpivot formats [--json]',
    '',
    'Lists the format ids of "flowpivot parse", each with its parser version and the commands whose output it reads.',
    '',
    '  --json   the same as JSON: [{"id","version","commands"}]',
    '',
    'Example: flowpivot formats --json | jq -r ".[].id"',
    '',
  ].join('\n');
}

export const formatsCommand: CliCommand = {
  name: 'formats',
  summary: 'List the output formats flowpivot parse reads',
  help,
  async run(args, context) {
    if (args.includes('--json')) {
      context.stdout(`${JSON.stringify(parsers.map(({ id, version, commands }) => ({ id, version, commands })), null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...parsers.map((parser) => parser.id.length));
    for (const parser of parsers) context.stdout(`${parser.id.padEnd(width)}  v${parser.version}  ${parser.commands.join(' | ')}\n`);
    return 0;
  },
};
