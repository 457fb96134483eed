// The parse section of the bench: show ip cache flow (into columns, and into Flow records) and netstat -ano, with
// TextFSM parsing the same show ip cache flow bytes in the same run for comparison.
// Alone: node --expose-gc --import tsx scripts/bench/parseBench.ts [--flows N] [--netstat-lines N] [--runs N] [--textfsm-runs N]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseFlowTable } from '../../src/shared/parsers/cisco/showIpCacheFlow';
import { findParser } from '../../src/shared/parsers/registry';
import { atLeast, both, countLines, formatCount, formatShort, median, NO_TARGET, runSectionIfMain, timeRuns, type BenchRow } from './benchTable';
import { flowCacheCapture, netstatCapture } from './captures';
import { runTextFsm, SYSTEM_PYTHON, TEXTFSM_INSTALL, textFsmVersion } from './textFsm';

export interface ParseBenchOptions {
  /** Flows of the lab's large scenario (default 1,000,000). */
  flows?: number;
  /** Sockets of the generated netstat -ano (default 100,000). */
  netstatLines?: number;
  /** Runs of each of our parsers (default 5). */
  runs?: number;
  /** Runs of TextFSM, which takes seconds per million lines (default 3). */
  textFsmRuns?: number;
}

/** What a capture is, for the input column and the rates. */
interface Capture {
  text: string;
  megabytes: number;
  lines: number;
  input: string;
}

function describeCapture(text: string, what: string): Capture {
  const megabytes = Buffer.byteLength(text) / 1e6;
  const lines = countLines(text);
  return { text, megabytes, lines, input: `${what}, ${megabytes.toFixed(1)} MB, ${formatCount(lines)} lines` };
}

function megabytesPerSecond(capture: Capture, seconds: number): number {
  return capture.megabytes / seconds;
}

function rate(capture: Capture, seconds: number): string {
  return `${megabytesPerSecond(capture, seconds).toFixed(1)} MB/s · ${formatShort(capture.lines / seconds)} lines/s`;
}

/** TextFSM's median on the capture, or why there is none. */
type TextFsmResult = { seconds: number; runs: number; rows: number; version: string } | { seconds: null; runs: number; why: string };

async function timeTextFsm(capture: Capture, runs: number): Promise<TextFsmResult> {
  const version = await textFsmVersion();
  if (version === null) return { seconds: null, runs: 0, why: `TextFSM is not installed for ${SYSTEM_PYTHON}: ${TEXTFSM_INSTALL}` };
  const dir = await mkdtemp(join(tmpdir(), 'flowpivot-bench-'));
  try {
    const path = join(dir, 'show-ip-cache-flow.txt');
    await writeFile(path, capture.text);
    const run = await runTextFsm(path, { runs });
    return { seconds: median(run.seconds), runs: run.seconds.length, rows: run.rowCount, version: `textfsm ${run.textfsm}, Python ${run.python}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A registered parser's parse(), records included: the median seconds and the records of the last run. */
async function timeParser(parserId: string, text: string, runs: number): Promise<{ seconds: number; records: number }> {
  const parser = findParser(parserId);
  if (parser === null) throw new Error(`parser ${parserId} is not registered`);
  const { seconds, last } = await timeRuns(runs, () => parser.parse(text).records.length);
  return { seconds, records: last };
}

export async function parseBench(options: ParseBenchOptions = {}): Promise<BenchRow[]> {
  const flows = options.flows ?? 1_000_000;
  const runs = options.runs ?? 5;
  const flowCapture = describeCapture(flowCacheCapture(flows), `${formatCount(flows)} flows (lab large scenario)`);

  // What a collection is read into (the router service, the case, the window): the flow table in columns.
  const columns = await timeRuns(runs, () => parseFlowTable(flowCapture.text).table.length);
  const records = await timeParser('ios-ip-cache-flow', flowCapture.text, runs);
  const textFsm = await timeTextFsm(flowCapture, options.textFsmRuns ?? 3);

  const ratio = textFsm.seconds === null ? null : textFsm.seconds / columns.seconds;
  const rowsAgree = textFsm.seconds === null || textFsm.rows === columns.last;
  const comparison =
    textFsm.seconds === null
      ? `TextFSM not measured (${textFsm.why})`
      : `${ratio!.toFixed(1)}× TextFSM (its median ${textFsm.seconds.toFixed(2)} s)${rowsAgree ? '' : `, but TextFSM found ${formatCount(textFsm.rows)} rows: the ratio compares different work`}`;
  const rows: BenchRow[] = [
    {
      area: 'parse',
      benchmark: 'show ip cache flow → flow table in columns',
      input: flowCapture.input,
      runs,
      seconds: columns.seconds,
      rate: rate(flowCapture, columns.seconds),
      ...both(atLeast(megabytesPerSecond(flowCapture, columns.seconds), 100, 'MB/s'), atLeast(rowsAgree ? ratio : null, 10, '× TextFSM')),
      note: `${formatCount(columns.last)} rows; ${comparison}`,
    },
    {
      area: 'parse',
      benchmark: 'show ip cache flow → Flow records',
      input: flowCapture.input,
      runs,
      seconds: records.seconds,
      rate: rate(flowCapture, records.seconds),
      ...NO_TARGET,
      note: `${formatCount(records.records)} records${textFsm.seconds === null ? '' : `; ${(textFsm.seconds / records.seconds).toFixed(1)}× TextFSM`}`,
    },
    {
      area: 'parse',
      benchmark: 'show ip cache flow with TextFSM (resources/textfsm/cisco_ios_show_ip_cache_flow.textfsm)',
      input: flowCapture.input,
      runs: textFsm.runs,
      seconds: textFsm.seconds,
      rate: textFsm.seconds === null ? '' : rate(flowCapture, textFsm.seconds),
      ...NO_TARGET,
      note:
        textFsm.seconds === null
          ? `not measured: ${textFsm.why}`
          : `${textFsm.version}, ParseText alone; ${formatCount(textFsm.rows)} rows${rowsAgree ? ' (as ours)' : ` — ours: ${formatCount(columns.last)}`}`,
    },
  ];

  const netstatLines = options.netstatLines ?? 100_000;
  const netstat = describeCapture(netstatCapture(netstatLines), `${formatCount(netstatLines)} sockets (generated)`);
  const connections = await timeParser('win-netstat', netstat.text, runs);
  rows.push({
    area: 'parse',
    benchmark: 'netstat -ano → Connection records',
    input: netstat.input,
    runs,
    seconds: connections.seconds,
    rate: rate(netstat, connections.seconds),
    ...NO_TARGET,
    note: `${formatCount(connections.records)} records`,
  });
  return rows;
}

await runSectionIfMain(import.meta.url, () => {
  const { values } = parseArgs({ options: { flows: { type: 'string' }, 'netstat-lines': { type: 'string' }, runs: { type: 'string' }, 'textfsm-runs': { type: 'string' } } });
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return parseBench({ flows: number(values.flows), netstatLines: number(values['netstat-lines']), runs: number(values.runs), textFsmRuns: number(values['textfsm-runs']) });
});
