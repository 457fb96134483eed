// `npm run bench`: every benchmark of issue 7 on generated lab data, medians of several runs, printed as one table
// with the machine and versions; `--docs` also writes the table into docs/benchmarks.md.
// Usage: npm run bench -- [--only parse,ssh,pivot,sweep,case,ui,netflow] [--flows N] [--hosts N] [--sockets N]
//        [--case-connections N] [--sweep-hosts N] [--concurrency N] [--ui-sizes N,N] [--runs N] [--docs]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_AREAS, benchTable, machineLines, type BenchArea, type BenchRow } from './bench/benchTable';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    flows: { type: 'string', default: '1000000' },
    hosts: { type: 'string', default: '2500' },
    sockets: { type: 'string', default: '100' },
    'case-connections': { type: 'string', default: '250000' },
    'sweep-hosts': { type: 'string', default: '2500' },
    concurrency: { type: 'string', default: '64' },
    'ui-sizes': { type: 'string', default: '100000,1000000' },
    runs: { type: 'string' },
    docs: { type: 'boolean', default: false },
  },
});

function whole(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number of at least 1, not "${text}"`);
  return value;
}

const runs = values.runs === undefined ? undefined : whole('runs', values.runs);
const flows = whole('flows', values.flows);
const only = new Set((values.only ?? BENCH_AREAS.join(',')).split(',').map((area) => area.trim()));
for (const area of only) if (!(BENCH_AREAS as readonly string[]).includes(area)) throw new Error(`--only: "${area}" is none of ${BENCH_AREAS.join(', ')}`);

const runsOption = runs === undefined ? [] : ['--runs', String(runs)];
/** Each area's script and the options it takes from this command's. */
const sections: Record<BenchArea, string[]> = {
  parse: ['parseBench.ts', '--flows', String(flows), ...runsOption],
  ssh: ['sshBench.ts', '--flows', String(flows), ...runsOption],
  pivot: ['pivotBench.ts', '--flows', String(flows), '--hosts', values.hosts, '--sockets', values.sockets, ...runsOption],
  sweep: ['sweepBench.ts', '--hosts', values['sweep-hosts'], '--concurrency', values.concurrency, '--runs', String(runs ?? 3)],
  case: ['caseBench.ts', '--flows', String(flows), '--connections', values['case-connections'], ...runsOption],
  ui: ['uiBench.ts', '--sizes', values['ui-sizes'], ...runsOption],
  netflow: ['netflowBench.ts', '--flows', String(flows), ...runsOption],
};

/** One area, in a process of its own: a section's memory never weighs on the next (forks, collections, caches). */
function runSection(area: BenchArea): BenchRow[] {
  const [script, ...args] = sections[area];
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(root, 'scripts/bench', script!), ...args, '--json'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`bench: the ${area} section failed (exit ${result.status ?? result.signal})`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as BenchRow[];
}

const started = Date.now();
const rows: BenchRow[] = [];
for (const area of BENCH_AREAS) {
  if (!only.has(area)) continue;
  process.stderr.write(`bench: ${area}…\n`);
  rows.push(...runSection(area));
}
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const header = [...machineLines(root), `command: ${command} (${((Date.now() - started) / 60000).toFixed(1)} min, ${new Date().toISOString()})`];
const table = benchTable(rows);
console.log(header.join('\n'));
console.log('');
console.log(table);

mkdirSync(resolve(root, 'test-results'), { recursive: true });
writeFileSync(resolve(root, 'test-results/bench.json'), `${JSON.stringify({ header, rows }, null, 2)}\n`);
if (values.docs) {
  // The measured table sits between these markers; the analysis around it is written by hand.
  const path = resolve(root, 'docs/benchmarks.md');
  const doc = readFileSync(path, 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const at = doc.indexOf(begin);
  const until = doc.indexOf(end);
  if (at < 0 || until < at) throw new Error(`${path} has no ${begin} … ${end} section for the table`);
  writeFileSync(path, `${doc.slice(0, at + begin.length)}\n${header.map((line) => `${line}  `).join('\n')}\n\n${table}\n${doc.slice(until)}`);
  process.stderr.write(`bench: the table is in ${path}\n`);
}
