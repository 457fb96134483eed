// `flowpivot parse`: the app's parsers for scripts — a capture in, JSON or CSV records out, diagnostics on stderr.
import { parseArgs } from 'node:util';
import { recordsToCsv } from '../../../shared/recordsCsv';
import { detectFormat, findParser, parsers } from '../../../shared/parsers/registry';
import type { ParserDefinition } from '../../../shared/parsers/types';
import { EXIT_USAGE, type CliCommand, type CliContext } from '../cliCommand';

const OPTIONS = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
} as const;

function help(): string {
  return [
    'Usage: flowpivot parse FILE|- [--format ID] [--json | --csv]',
    '',
    'Parses a saved router or host output (show ip cache flow, netstat -ano, pslist, …) and prints its records:',
    'JSON (default: { format, parserVersion, records, sections, diagnostics, structuralLines }) or CSV (records only).',
    'The format is detected from the text unless --format names it; the choice is said on stderr.',
    'Diagnostics (lines that could not be read) go to stderr as FILE:LINE: severity: message.',
    '"-" reads standard input.',
    '',
    'Exit status: 0 when parsed (even with diagnostics), 2 for an unknown format or an unreadable file.',
    '',
    `Formats: ${parsers.map((parser) => parser.id).join(', ')} (see "flowpivot formats").`,
    '',
  ].join('\n');
}

async function readInput(source: string, context: CliContext): Promise<string> {
  return source === '-' ? context.readStdin() : context.readFile(source);
}

function choose(text: string, requested: string | undefined, source: string, context: CliContext): ParserDefinition | null {
  if (requested !== undefined) {
    const parser = findParser(requested);
    if (!parser) context.stderr(`flowpivot parse: unknown format "${requested}". Known formats: ${parsers.map((known) => known.id).join(', ')}.\n`);
    return parser;
  }
  const detected = detectFormat(text);
  if (!detected) {
    context.stderr(`flowpivot parse: cannot tell the format of ${source}: it looks like none of ${parsers.map((known) => known.id).join(', ')}. Name it with --format ID.\n`);
    return null;
  }
  context.stderr(`flowpivot parse: ${source}: detected format ${detected.parser.id} (confidence ${detected.score.toFixed(2)}).\n`);
  return detected.parser;
}

async function run(args: readonly string[], context: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true });
  } catch (error) {
    context.stderr(`flowpivot parse: ${(error as Error).message}\n${help()}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || (values.json && values.csv)) {
    context.stderr(`flowpivot parse: give one FILE (or -) and at most one of --json, --csv.\n${help()}`);
    return EXIT_USAGE;
  }
  const source = positionals[0]!;
  let text: string;
  try {
    text = await readInput(source, context);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    context.stderr(`flowpivot parse: cannot read ${source}: ${reason}.\n`);
    return EXIT_USAGE;
  }
  const parser = choose(text, values.format, source, context);
  if (!parser) return EXIT_USAGE;
  const result = parser.parse(text);
  for (const diagnostic of result.diagnostics) {
    context.stderr(`${source}:${diagnostic.line}: ${diagnostic.severity}: ${diagnostic.message}${diagnostic.expected ? ` (expected ${diagnostic.expected})` : ''}\n`);
  }
  context.stdout(values.csv ? recordsToCsv(result.records as object[]) : `${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'Parse a saved router or host output into JSON or CSV records',
  help,
  run,
};
