// `flowpivot case new|info|verify|import|export`: case files for scripts and CI, through the app's case service.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { recordsOfContents, withRecords, type CaseCollectionContents, type CaseContents, type RecordKind } from '../../../shared/case/caseModel';
import { recordsToCsv } from '../../../shared/recordsCsv';
import { writeFileAtomic } from '../../config/configFiles';
import { EventBus } from '../../services/eventBus';
import { LogBook } from '../../services/logBook';
import type { CaseService } from '../../services/caseService';
import { caseNameOf, commandLineCases, openLiveCase } from '../caseOption';
import type { CliCommand, CliContext } from '../cliCommand';
import { readCommandLine, UsageError } from '../cliOptions';
import { EXIT_FAILED, InputError, readInputFile, runReporting } from '../cliOutcome';

/** Exit code of `case verify` when a hash or the audit chain does not hold. */
export const EXIT_VERIFY_FAILED = 3;

function help(): string {
  return [
    'Usage:',
    '  flowpivot case new CASE [--name NAME] [--analyst NAME]',
    '  flowpivot case info CASE [--json]',
    '  flowpivot case verify CASE',
    '  flowpivot case reparse CASE [--all]',
    '  flowpivot case import CASE FILE… [--device NAME]',
    '  flowpivot case export CASE --html OUT | --csv DIR | --json OUT',
    '',
    'A case file (SQLite, one file) keeps every collection\'s raw output verbatim with its SHA-256, the parsed records,',
    'notes, findings and a hash-chained audit log. Nothing here needs a network.',
    '',
    '  new       creates CASE (refused when it exists)',
    '  info      what the case holds; --json prints {"schemaVersion","collections","flows","connections","processes","auditEntries"}',
    '  verify    re-hashes every raw output and re-computes the audit chain; exit 0 when all hold, 3 naming each altered entry',
    '  reparse   re-reads the kept raw outputs with this build\'s parsers where a parser is newer (--all: every one);',
    '            raw outputs are never changed, each re-read is an audit entry',
    '  import    adds raw text files as collections, format detected (show ip cache flow, netstat, tcpvcon CSV, pslist,',
    '            Velociraptor and osquery exports…); creates CASE when missing; --device names the host or router they',
    '            came from (default: each file\'s name)',
    '  export    --html OUT: a self-contained report (no scripts); --csv DIR: flows/connections/processes/collections/',
    '            audit as CSV files; --json OUT: the whole case, raw outputs included',
    '',
    'Exit status: 0 done, 1 the operation failed, 2 usage or unreadable input, 3 verification failed.',
    '',
    'Examples: flowpivot case import incident-42.flowpivot router1-flows.txt ws5081-netstat.txt',
    '          flowpivot case verify incident-42.flowpivot && flowpivot case export incident-42.flowpivot --html report.html',
    '',
  ].join('\n');
}

const OPTIONS = {
  name: { type: 'string' },
  analyst: { type: 'string' },
  json: { type: 'string' },
  html: { type: 'string' },
  csv: { type: 'string' },
  device: { type: 'string' },
  all: { type: 'boolean' },
} as const;

/** `info --json` takes no value; every other option does. */
function splitJsonFlag(args: readonly string[]): { args: string[]; jsonFlag: boolean } {
  const [action] = args;
  if (action !== 'info') return { args: [...args], jsonFlag: false };
  return { args: args.filter((arg) => arg !== '--json'), jsonFlag: args.includes('--json') };
}

async function withCase<T>(path: string, mode: 'live' | 'review', body: (cases: CaseService, handle: string) => Promise<T>): Promise<T> {
  const cases = commandLineCases(new EventBus(), new LogBook(new EventBus()));
  try {
    if (mode === 'live') await openLiveCase(cases, path);
    const summary = mode === 'live' ? cases.live()! : await cases.openCase({ path, mode });
    return await body(cases, summary.handle);
  } finally {
    cases.closeAll();
  }
}

function requireCase(path: string): void {
  if (!existsSync(path)) throw new InputError(`${path}: no such case file.`);
}

const RECORD_KINDS: RecordKind[] = ['flows', 'connections', 'processes'];

/** Each kind's records of every collection, with the collection and device they came from in front. */
function recordRows(contents: CaseContents, kind: RecordKind): object[] {
  return contents.collections.filter((collection) => collection.kind === kind).flatMap((collection) => recordsOfContents(collection).map((record) => ({ collectionId: collection.id, device: collection.device, ...(record as object) })));
}

/** A collection as a row of collections.csv: without its records and sections, its diagnostics counted. */
function collectionRow(collection: CaseCollectionContents): object {
  const { records: _records, diagnostics, sections: _sections, ...rest } = withRecords(collection);
  return { ...rest, diagnostics: diagnostics.length };
}

async function exportCsv(contents: CaseContents, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, object[]][] = [
    ...RECORD_KINDS.map((kind): [string, object[]] => [`${kind}.csv`, recordRows(contents, kind)]),
    ['collections.csv', contents.collections.map(collectionRow)],
    ['audit.csv', contents.audit.map((entry) => ({ ...entry, detail: JSON.stringify(entry.detail) }))],
    ['notes.csv', contents.notes.map(({ target, ...note }) => ({ collectionId: target.collectionId, row: target.row, ...note }))],
  ];
  for (const [name, rows] of files) await writeFileAtomic(join(dir, name), recordsToCsv(rows), 0o644);
  return files.map(([name]) => join(dir, name));
}

async function run(rawArgs: readonly string[], context: CliContext): Promise<number> {
  return runReporting('case', context, async () => {
    const { args, jsonFlag } = splitJsonFlag(rawArgs);
    const { values, positionals } = readCommandLine(args, OPTIONS);
    const [action, path, ...files] = positionals;
    if (path === undefined) throw new UsageError(`give an action (new, info, verify, reparse, import, export) and a CASE file`);
    switch (action) {
      case 'new': {
        if (existsSync(path)) throw new InputError(`${path} already exists; open it, or choose another name.`);
        const cases = commandLineCases(new EventBus(), new LogBook(new EventBus()));
        const summary = await cases.create({ name: values.name ?? caseNameOf(path), analyst: values.analyst, path });
        cases.closeAll();
        context.stderr(`flowpivot case: created "${summary.meta.name}" (${path}), schema ${summary.meta.schemaVersion}.\n`);
        return 0;
      }
      case 'info': {
        requireCase(path);
        return withCase(path, 'review', async (cases, handle) => {
          const { meta, counts, verify } = cases.summary(handle);
          if (jsonFlag) context.stdout(`${JSON.stringify(counts)}\n`);
          else {
            context.stdout(
              [
                `Case:         ${meta.name}`,
                `Analyst:      ${meta.analyst}`,
                `Created:      ${meta.createdAt} (UTC)`,
                `Updated:      ${meta.updatedAt} (UTC)`,
                `Schema:       ${counts.schemaVersion}`,
                `Collections:  ${counts.collections}`,
                `Flows:        ${counts.flows}`,
                `Connections:  ${counts.connections}`,
                `Processes:    ${counts.processes}`,
                `Audit log:    ${counts.auditEntries} entries`,
                `Integrity:    ${verify.ok ? 'every hash and the audit chain verified' : `${verify.problems.length} problem(s): run "flowpivot case verify"`}`,
                '',
              ].join('\n'),
            );
          }
          return 0;
        });
      }
      case 'verify': {
        requireCase(path);
        return withCase(path, 'review', async (cases, handle) => {
          const { verify } = cases.verify(handle);
          for (const problem of verify.problems) context.stdout(`ALTERED ${problem.where}: ${problem.message}\n`);
          context.stderr(`flowpivot case: ${path}: ${verify.ok ? `verified ${verify.collectionsChecked} raw outputs and ${verify.auditEntriesChecked} audit entries: all hold` : `${verify.problems.length} problem(s) in ${verify.collectionsChecked} raw outputs and ${verify.auditEntriesChecked} audit entries`}.\n`);
          return verify.ok ? 0 : EXIT_VERIFY_FAILED;
        });
      }
      case 'reparse': {
        requireCase(path);
        return withCase(path, 'live', async (cases, handle) => {
          const results = cases.reparse(handle, { all: values.all ?? false });
          for (const result of results) {
            context.stderr(`flowpivot case: ${result.device}: ${result.command}: ${result.to === null ? `already read by ${result.from}` : `re-read with ${result.to} (was ${result.from ?? 'none'}), ${result.records} records`}.\n`);
          }
          context.stdout(`${JSON.stringify(results)}\n`);
          return 0;
        });
      }
      case 'import': {
        if (files.length === 0) throw new UsageError('give one or more FILEs to import');
        const texts: { fileName: string; text: string; device: string | undefined }[] = [];
        for (const file of files) texts.push({ fileName: file, text: await readInputFile(file, context), device: values.device });
        return withCase(path, 'live', async (cases, handle) => {
          const results = cases.importFiles(handle, texts);
          for (const result of results) {
            context.stderr(result.ok ? `flowpivot case: ${result.fileName}: ${result.format}, ${result.records} ${result.kind} from ${result.device}${result.diagnostics ? `, ${result.diagnostics} unreadable line(s) kept as diagnostics` : ''}.\n` : `flowpivot case: ${result.error}\n`);
          }
          context.stdout(`${JSON.stringify(results)}\n`);
          return results.every((result) => result.ok) ? 0 : EXIT_FAILED;
        });
      }
      case 'export': {
        requireCase(path);
        const targets = [values.html, values.csv, values.json].filter((target) => target !== undefined);
        if (targets.length !== 1) throw new UsageError('give exactly one of --html OUT, --csv DIR, --json OUT');
        return withCase(path, 'review', async (cases, handle) => {
          if (values.html !== undefined) {
            await writeFileAtomic(values.html, cases.report(handle), 0o644);
            context.stderr(`flowpivot case: report written to ${values.html}.\n`);
          } else if (values.csv !== undefined) {
            const written = await exportCsv(cases.contents(handle), values.csv);
            context.stderr(`flowpivot case: ${written.length} CSV files written to ${values.csv}.\n`);
          } else {
            const contents = cases.contents(handle);
            const withRaw = { ...contents, collections: contents.collections.map((collection) => ({ ...withRecords(collection), raw: cases.raw(handle, collection.id) })) };
            await writeFileAtomic(values.json!, `${JSON.stringify(withRaw, null, 1)}\n`, 0o644);
            context.stderr(`flowpivot case: JSON written to ${values.json}.\n`);
          }
          return 0;
        });
      }
      default:
        throw new UsageError(`unknown action "${action}": new, info, verify, reparse, import or export`);
    }
  });
}

export const caseCommand: CliCommand = {
  name: 'case',
  summary: 'Case files: create, show counts, verify hashes and the audit chain, import raw files, export HTML/CSV/JSON',
  help,
  run,
};
