// The case-file rows of `npm run bench`: saving a collection of N flows and one of M connections into a new case, and
// opening it again (open with its verification, then every record read back), with the file's size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseStore } from '../src/main/case/caseStore';
import type { NewCollection } from '../src/shared/case/caseModel';
import type { ParseResult } from '../src/shared/domain';

export interface CaseBenchRow {
  step: string;
  input: string;
  seconds: number;
  target: string;
  note: string;
}

function collectionOf(kind: 'flows' | 'connections', id: string, raw: string, result: ParseResult<unknown, unknown>): NewCollection {
  const now = new Date().toISOString();
  return {
    id,
    deviceId: null,
    device: kind === 'flows' ? 'bench router' : 'bench host',
    kind,
    source: 'imported',
    command: `bench ${kind}`,
    tool: 'bench',
    toolVersion: null,
    argv: null,
    startedAt: now,
    finishedAt: now,
    exitCode: null,
    outcome: 'ok',
    raw,
    stderr: null,
    parserId: result.format,
    parserVersion: result.parserVersion,
    importedFrom: null,
    diagnostics: result.diagnostics,
    sections: result.sections,
    records: result.records as NewCollection['records'],
  };
}

function seconds(started: number): number {
  return (performance.now() - started) / 1000;
}

/** One save and one reopen (the case store is synchronous: these are the times a window waits). */
export function benchCase(flows: { raw: string; result: ParseResult<unknown, unknown> }, connections: { raw: string; result: ParseResult<unknown, unknown> }): CaseBenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'flowpivot-bench-case-'));
  const path = join(dir, 'bench.flowpivot');
  const input = `${flows.result.records.length.toLocaleString('en-US')} flows + ${connections.result.records.length.toLocaleString('en-US')} connections`;
  try {
    let started = performance.now();
    const store = CaseStore.create(path, { name: 'bench', analyst: 'bench' });
    store.addCollection(collectionOf('flows', 'bench-flows', flows.raw, flows.result));
    store.addCollection(collectionOf('connections', 'bench-connections', connections.raw, connections.result));
    store.close();
    const saved = seconds(started);
    const megabytes = (statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1e6;

    started = performance.now();
    const reopened = CaseStore.open(path, { readOnly: true });
    const opened = seconds(started);
    const read = reopened.collections().reduce((count, collection) => count + reopened.records(collection.id).length, 0);
    const reopenedAll = seconds(started);
    const problems = reopened.openReport.problems.length;
    reopened.close();
    return [
      { step: 'save into a new case (one transaction each)', input, seconds: saved, target: '< 2 s', note: `file ${megabytes.toFixed(0)} MB incl. raw outputs` },
      { step: 'open the case (every hash and the audit chain verified)', input, seconds: opened, target: '—', note: `${problems} integrity problems` },
      { step: 'open + read every record back', input, seconds: reopenedAll, target: '< 2 s', note: `${read.toLocaleString('en-US')} records` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
