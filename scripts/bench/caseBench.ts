// The case-file rows of `npm run bench`: a collection of N flows (in their table, as collected) and one of M
// connections saved into a new case, and the case opened again — every hash and the audit chain verified, the flows
// read back as their table and the connections as records, as a review window gets them — with the file's size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseStore } from '../../src/main/case/caseStore';
import { recordSetLength } from '../../src/shared/case/caseModel';
import { importText } from '../../src/shared/case/importText';
import { parseArgs } from 'node:util';
import { below, collectGarbage, formatCount, median, numberOption, runSectionIfMain, type BenchRow } from './benchTable';
import { flowCacheCapture, netstatCapture } from './captures';

export interface CaseBenchOptions {
  flows?: number;
  connections?: number;
  runs?: number;
}

function seconds(started: number): number {
  return (performance.now() - started) / 1000;
}

/** Saves and reopens `runs` times (a new file each time); the case store is synchronous: these are the times a window waits. */
export async function caseBench(options: CaseBenchOptions = {}): Promise<BenchRow[]> {
  const flowCount = options.flows ?? 1_000_000;
  const connectionCount = options.connections ?? 250_000;
  const runs = options.runs ?? 3;
  const now = new Date().toISOString();
  // The two collections as an import makes them: the flows read into their table, the sockets into records.
  const flows = importText(flowCacheCapture(flowCount), 'core-router.txt', { id: 'bench-flows', now });
  const sockets = importText(netstatCapture(connectionCount), 'ws-0142-netstat.txt', { id: 'bench-connections', now });
  if ('error' in flows || 'error' in sockets) throw new Error('the bench captures could not be imported');
  const input = `${formatCount(recordSetLength(flows.collection.records))} flows + ${formatCount(recordSetLength(sockets.collection.records))} connections`;
  const saves: number[] = [];
  const opens: number[] = [];
  let megabytes = 0;
  let rawMegabytes = 0;
  let problems = 0;
  let read = 0;
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'flowpivot-bench-case-'));
    const path = join(dir, 'bench.flowpivot');
    try {
      collectGarbage();
      let started = performance.now();
      const store = CaseStore.create(path, { name: 'bench', analyst: 'bench' });
      for (const { device, collection } of [flows, sockets]) {
        store.upsertDevice(device);
        store.addCollection(collection);
      }
      store.close();
      saves.push(seconds(started));
      megabytes = (statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1e6;
      rawMegabytes = (Buffer.byteLength(flows.collection.raw) + Buffer.byteLength(sockets.collection.raw)) / 1e6;

      collectGarbage();
      started = performance.now();
      const reopened = CaseStore.open(path, { readOnly: true });
      const table = reopened.flowTable('bench-flows');
      const connections = reopened.records('bench-connections');
      opens.push(seconds(started));
      read = table.length + connections.length;
      problems = reopened.openReport.problems.length;
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const save = median(saves);
  const open = median(opens);
  return [
    { area: 'case', benchmark: 'save into a new case (committed and fsynced)', input, runs, seconds: save, rate: '', ...below(save, 2, 's'), note: `file ${megabytes.toFixed(0)} MB, of it ${rawMegabytes.toFixed(0)} MB raw outputs` },
    { area: 'case', benchmark: 'reopen: verify every hash and the audit chain, read the records back', input, runs, seconds: open, rate: '', ...below(open, 2, 's'), note: `${formatCount(read)} rows back (flows as their table); ${problems} integrity problems` },
  ];
}

await runSectionIfMain(import.meta.url, () => {
  const { values } = parseArgs({ options: { flows: { type: 'string' }, connections: { type: 'string' }, runs: { type: 'string' } } });
  return caseBench({ flows: numberOption(values, 'flows'), connections: numberOption(values, 'connections'), runs: numberOption(values, 'runs') });
});
