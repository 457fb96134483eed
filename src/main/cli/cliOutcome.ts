// How a flowpivot command ends: data on stdout, one sentence on stderr for what went wrong, and the exit code that
// scripts test — 0 done, 1 the operation failed, 2 usage or unreadable input, 3 verification failed.
import { AppError, type AppErrorKind } from '../../shared/errors';
import type { ParseResult } from '../../shared/domain';
import { recordsToCsv } from '../../shared/recordsCsv';
import { EXIT_USAGE, type CliContext } from './cliCommand';
import { UsageError } from './cliOptions';

export const EXIT_FAILED = 1;

/** What the command line offers where the window would show a button. */
const COMMAND_LINE_HINTS: Partial<Record<AppErrorKind, string>> = {
  'host-key-unknown': 'If it matches, run again with --accept-new-host-key to trust and store it.',
  'host-key-changed': 'To accept a legitimately changed key, remove the old one from known_hosts (ssh-keygen -R) first.',
  'no-matching-algorithm': 'Old IOS images: add --legacy-algorithms.',
  'tool-not-found': 'Put the folder holding it first on PATH.',
};

/** Errors about a file the command was given (not a case, a case from a newer FlowPivot): unreadable input, exit 2. */
const INPUT_ERRORS = new Set<AppErrorKind>(['case-unreadable', 'case-too-new', 'case-exists']);

/** An input file that cannot be read or understood: exit code 2. */
export class InputError extends Error {}

/** Runs a command's body and turns what it throws into the sentence and exit code; `name` is e.g. "collect". */
export async function runReporting(name: string, context: CliContext, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr(`flowpivot ${name}: ${error.message}.\nRun "flowpivot ${name} --help" for the options.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InputError) {
      context.stderr(`flowpivot ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof AppError && INPUT_ERRORS.has(error.data.kind)) {
      context.stderr(`flowpivot ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof AppError ? error.message : `Internal error: ${error instanceof Error ? error.message : String(error)}`;
    const hint = error instanceof AppError ? COMMAND_LINE_HINTS[error.data.kind] : undefined;
    context.stderr(`flowpivot ${name}: ${message}${hint ? ` ${hint}` : ''}\n`);
    return EXIT_FAILED;
  }
}

/** The reason a file could not be read, in words. */
export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
}

/** Reads a file named on the command line ("-" is standard input); an InputError says why it cannot. */
export async function readInputFile(source: string, context: CliContext): Promise<string> {
  try {
    return source === '-' ? await context.readStdin() : await context.readFile(source);
  } catch (error) {
    throw new InputError(`cannot read ${source}: ${unreadableReason(error)}.`);
  }
}

/** A parser's result on stdout: the whole result as JSON, or its records as CSV — the shape `flowpivot parse` prints. */
/** A parse result as printed; structuralLines only where a parse was printed as it came (`flowpivot parse`). */
export type PrintedResult = Omit<ParseResult<unknown, unknown>, 'structuralLines'> & { structuralLines?: number[] };

export function writeParseResult(result: PrintedResult, format: 'json' | 'csv', context: CliContext): void {
  context.stdout(format === 'csv' ? recordsToCsv(result.records as object[]) : `${JSON.stringify(result, null, 2)}\n`);
}

/** The lines a parser could not read, on stderr as SOURCE:LINE: severity: message (expected …). */
export function writeDiagnostics(source: string, result: Pick<ParseResult<unknown, unknown>, 'diagnostics'>, context: CliContext): void {
  for (const diagnostic of result.diagnostics) {
    context.stderr(`${source}:${diagnostic.line}: ${diagnostic.severity}: ${diagnostic.message}${diagnostic.expected ? ` (expected ${diagnostic.expected})` : ''}\n`);
  }
}
