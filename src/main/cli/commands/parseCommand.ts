// `flowpivot parse`: the app's parsers for scripts — a capture in, JSON or CSV records out, diagnostics on stderr.
import { detectFormat, findParser, parsers } from '../../../shared/parsers/registry';
import type { ParserDefinition } from '../../../shared/parsers/types';
import { EXIT_USAGE, type CliCommand, type CliContext } from '../cliCommand';
import { OUTPUT_OPTIONS, outputFormat, readCommandLine, UsageError } from '../cliOptions';
import { readInputFile, runReporting, writeDiagnostics, writeParseResult } from '../cliOutcome';

const OPTIONS = {
  format: { type: 'string' },
  ...OUTPUT_OPTIONS,
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
    'Examples: flowpivot parse router1-flows.txt > flows.json',
    '          psexec \\\\WS-0142 -nobanner netstat -ano | flowpivot parse - --format win-netstat --csv',
    '',
  ].join('\n');
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
  return runReporting('parse', context, async () => {
    const { values, positionals } = readCommandLine(args, OPTIONS);
    if (positionals.length !== 1) throw new UsageError('give one FILE (or -)');
    const format = outputFormat(values);
    const source = positionals[0]!;
    const text = await readInputFile(source, context);
    const parser = choose(text, values.format, source, context);
    if (!parser) return EXIT_USAGE;
    const result = parser.parse(text);
    writeDiagnostics(source, result, context);
    writeParseResult(result, format, context);
    return 0;
  });
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'Parse a saved router or host output into JSON or CSV records',
  help,
  run,
};
