// `npm run bench`: parse throughput on generated captures, medians of several runs, printed as one table.
// Usage: npm run bench -- [--flows N] [--netstat-lines N] [--runs N] [--hosts N] [--sockets N] [--case-connections N]
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { largeFlowCache } from '../src/main/lab/scenarios/largeScenario';
import { renderShowIpCacheFlow } from '../src/main/lab/renderShowIpCacheFlow';
import { parseColumns } from '../src/shared/parsers/cisco/showIpCacheFlow';
import { benchCase } from './benchCase';
import { benchPivot } from './benchPivot';
import { findParser } from '../src/shared/parsers/registry';

const { values } = parseArgs({
  options: {
    flows: { type: 'string', default: '1000000' },
    'netstat-lines': { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    hosts: { type: 'string', default: '2500' },
    sockets: { type: 'string', default: '100' },
    'case-connections': { type: 'string', default: '250000' },
  },
});
const runs = Number(values.runs);

interface Row {
  benchmark: string;
  input: string;
  megabytes: number;
  lines: number;
  seconds: number | null;
  target: string;
  note?: string;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

/** Collects garbage left by earlier work (the generators, the previous run) so a run pays only for its own. */
const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Median time of `parse` over the runs; the note counts what the last run returned. */
function measure(benchmark: string, input: string, text: string, target: string, parse: (text: string) => number, unit: string): Row {
  const megabytes = Buffer.byteLength(text) / 1e6;
  const lines = countLines(text);
  const samples: number[] = [];
  let count = 0;
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    const started = performance.now();
    count = parse(text);
    samples.push((performance.now() - started) / 1000);
  }
  return { benchmark, input, megabytes, lines, seconds: median(samples), target, note: `${count.toLocaleString('en-US')} ${unit}` };
}

/** A registered parser's parse(), records included. */
function measureParse(benchmark: string, parserId: string, input: string, text: string, target: string): Row {
  const parser = findParser(parserId);
  if (!parser) return { benchmark, input, megabytes: Buffer.byteLength(text) / 1e6, lines: countLines(text), seconds: null, target, note: `parser ${parserId} not registered yet` };
  return measure(benchmark, input, text, target, (capture) => parser.parse(capture).records.length, 'records');
}

/**
 * Lines as one CRLF text, built the way captures reach the parsers (one join of received chunks, one file read): a
 * flat string. (A template literal appending the last CRLF would leave a concatenation that every read goes through.)
 */
function asReceived(lines: string[]): string {
  lines.push('');
  return lines.join('\r\n');
}

/** `netstat -ano` as Windows prints it, with a realistic mix of states and IPv4/IPv6 sockets. */
function generateNetstat(lines: number): string {
  const states = ['ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'TIME_WAIT', 'LISTENING', 'CLOSE_WAIT', 'SYN_SENT'];
  const out = ['', 'Active Connections', '', '  Proto  Local Address          Foreign Address        State           PID'];
  for (let i = 0; i < lines; i++) {
    const pid = 400 + ((i * 7919) % 9000);
    if (i % 10 === 9) {
      out.push(`  UDP    0.0.0.0:${5000 + (i % 60000)}           *:*                                    ${pid}`);
      continue;
    }
    const state = states[i % states.length]!;
    const local = i % 13 === 0 ? `[fe80::1c2d:${(i % 65535).toString(16)}%4]:${1024 + (i % 60000)}` : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${49152 + (i % 16384)}`;
    const remote = state === 'LISTENING' ? '0.0.0.0:0' : `93.184.${(i >> 8) & 255}.${i & 255}:${[443, 80, 445, 3389][i % 4]}`;
    out.push(`  TCP    ${local.padEnd(21)}  ${remote.padEnd(21)}  ${state.padEnd(16)}${pid}`);
  }
  return asReceived(out);
}

const flowCount = Number(values.flows);
const flowText = asReceived([...renderShowIpCacheFlow(largeFlowCache(flowCount))]);
const flowInput = `${flowCount.toLocaleString('en-US')} flows (lab large scenario)`;
const rows: Row[] = [
  measure('parse show ip cache flow (flow table in columns)', flowInput, flowText, '≥ 100 MB/s', (capture) => parseColumns(capture).columns.length, 'rows'),
  measureParse('parse show ip cache flow + Flow records', 'ios-ip-cache-flow', flowInput, flowText, '—'),
  measureParse('parse netstat -ano', 'win-netstat', `${Number(values['netstat-lines']).toLocaleString('en-US')} sockets (generated)`, generateNetstat(Number(values['netstat-lines'])), '—'),
];

const table = [
  ['benchmark', 'input', 'MB', 'lines', `median of ${runs} (s)`, 'MB/s', 'lines/s', 'target', 'note'],
  ...rows.map((row) => [
    row.benchmark,
    row.input,
    row.megabytes.toFixed(1),
    row.lines.toLocaleString('en-US'),
    row.seconds === null ? '—' : row.seconds.toFixed(3),
    row.seconds === null ? '—' : (row.megabytes / row.seconds).toFixed(1),
    row.seconds === null ? '—' : Math.round(row.lines / row.seconds).toLocaleString('en-US'),
    row.target,
    row.note ?? '',
  ]),
];
console.log(`FlowPivot bench — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
printTable(table);

collectGarbage();
const pivotRows = benchPivot(flowCount, Number(values.hosts), Number(values.sockets));
const pivotTable = [['pivot step', 'input', 'ms', 'target', 'note'], ...pivotRows.map((row) => [row.step, row.input, row.milliseconds.toFixed(row.milliseconds < 10 ? 3 : 0), row.target, row.note])];
printTable(pivotTable);

/** A table of `cells` rows, the first the header, as the bench prints every table. */
function printTable(cells: string[][]): void {
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const format = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log('');
  console.log(format(cells[0]!));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of cells.slice(1)) console.log(format(row));
}

collectGarbage();
const caseFlows = findParser('ios-ip-cache-flow')!.parse(flowText);
const netstatText = generateNetstat(Number(values['case-connections']));
const caseConnections = findParser('win-netstat')!.parse(netstatText);
collectGarbage();
const caseRows = benchCase({ raw: flowText, result: caseFlows }, { raw: netstatText, result: caseConnections });
printTable([['case file step', 'input', 's (one run)', 'target', 'note'], ...caseRows.map((row) => [row.step, row.input, row.seconds.toFixed(2), row.target, row.note])]);
