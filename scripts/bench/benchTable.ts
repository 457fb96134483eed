// What every section of `npm run bench` reports: rows of one table, medians of timed runs, targets checked the same way.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The areas of the bench, in the order the table lists them. */
export const BENCH_AREAS = ['parse', 'ssh', 'pivot', 'sweep', 'case', 'ui', 'netflow'] as const;
export type BenchArea = (typeof BENCH_AREAS)[number];

/** One line of the bench table. */
export interface BenchRow {
  area: BenchArea;
  benchmark: string;
  /** What it ran on, e.g. "1,000,000 flows (lab large scenario), 81.0 MB". */
  input: string;
  /** How many runs `seconds` is the median of. */
  runs: number;
  /** The median time in seconds; null when it could not be measured (the note says why). */
  seconds: number | null;
  /** Throughput, ratio or overhead in words, e.g. "126.7 MB/s · 1.56 M lines/s"; '' when none. */
  rate: string;
  /** The goal in words, e.g. "≥ 100 MB/s"; '—' when none. */
  target: string;
  /** "met", "missed by 23%", or '—' (no target, or not measured). */
  verdict: string;
  note: string;
}

export type TargetCheck = Pick<BenchRow, 'target' | 'verdict'>;

export const NO_TARGET: TargetCheck = { target: '—', verdict: '—' };

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

/** A goal of `value` below `limit` (times, overheads), and by how much it is missed. */
export function below(value: number | null, limit: number, unit: string): TargetCheck {
  const target = `< ${limit} ${unit}`.trimEnd();
  if (value === null) return { target, verdict: '—' };
  return { target, verdict: value < limit ? 'met' : `missed by ${percent(value / limit - 1)}` };
}

/** A goal of `value` at least `floor` (rates, ratios), and by how much it is missed. */
export function atLeast(value: number | null, floor: number, unit: string): TargetCheck {
  const target = `≥ ${floor} ${unit}`.trimEnd();
  if (value === null) return { target, verdict: '—' };
  return { target, verdict: value >= floor ? 'met' : `missed by ${percent(1 - value / floor)}` };
}

/** Two goals on one row (e.g. ≥ 100 MB/s and ≥ 10× TextFSM): met when both are. */
export function both(a: TargetCheck, b: TargetCheck): TargetCheck {
  const verdicts = [a, b].filter((check) => check.verdict !== 'met' && check.verdict !== '—').map((check) => `${check.target}: ${check.verdict}`);
  const measured = a.verdict !== '—' && b.verdict !== '—';
  return { target: `${a.target} and ${b.target}`, verdict: !measured ? '—' : verdicts.length === 0 ? 'met' : verdicts.join('; ') };
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Collects garbage left by earlier work so a run pays only for its own (`node --expose-gc`; a no-op without it). */
export const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Runs `work` `runs` times, garbage collected before each; the seconds of every run and the last run's value. */
export async function timeRuns<T>(runs: number, work: (run: number) => T | Promise<T>): Promise<{ samples: number[]; seconds: number; last: T }> {
  const samples: number[] = [];
  let last: T | undefined;
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    const started = performance.now();
    last = await work(run);
    samples.push((performance.now() - started) / 1000);
  }
  return { samples, seconds: median(samples), last: last as T };
}

export function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** "1.56 M", "920 k", "812". */
export function formatShort(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)} k`;
  return value.toFixed(0);
}

/** Seconds as the table shows them: ms below one second. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 0.01) return `${(seconds * 1000).toFixed(3)} ms`;
  if (seconds < 1) return `${(seconds * 1000).toFixed(0)} ms`;
  return `${seconds.toFixed(2)} s`;
}

function packageVersion(root: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function commandVersion(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim().split('\n')[0]!;
  } catch {
    return 'not installed';
  }
}

/** The machine and the versions the numbers were measured with, one line each. */
export function machineLines(root: string): string[] {
  const cores = cpus();
  return [
    `machine: ${cores.length} × ${cores[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}`,
    `versions: Node ${process.version}, ${['ssh2', 'better-sqlite3', 'ag-grid-community', 'playwright-core'].map((name) => `${name} ${packageVersion(root, name)}`).join(', ')}, ${commandVersion('/usr/bin/chromium', ['--version'])}`,
  ];
}

/** The one table of the bench, as Markdown, rows in area order. */
export function benchTable(rows: readonly BenchRow[]): string {
  const ordered = [...rows].sort((a, b) => BENCH_AREAS.indexOf(a.area) - BENCH_AREAS.indexOf(b.area));
  const cells = [
    ['area', 'benchmark', 'input', 'median', 'runs', 'rate', 'target', 'verdict', 'note'],
    ...ordered.map((row) => [row.area, row.benchmark, row.input, formatSeconds(row.seconds), String(row.runs), row.rate, row.target, row.verdict, row.note]),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const format = (row: string[]) => `| ${row.map((cell, column) => cell.replaceAll('|', '/').padEnd(widths[column]!)).join(' | ')} |`;
  return [format(cells[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.slice(1).map(format)].join('\n');
}

/**
 * Runs one section when its module is the script node was started with (`node --expose-gc --import tsx
 * scripts/bench/<section>.ts [its options]`): prints its rows as the bench table, or as JSON with `--json` (how
 * `npm run bench` runs each section, in a process of its own, so no section's memory weighs on the next).
 */
export async function runSectionIfMain(moduleUrl: string, section: () => Promise<BenchRow[]>): Promise<void> {
  const script = process.argv[1];
  if (script === undefined || pathToFileURL(resolve(script)).href !== moduleUrl) return;
  const json = process.argv.includes('--json');
  // The section reads its own options from process.argv: --json is not one of them.
  process.argv = process.argv.filter((arg) => arg !== '--json');
  const rows = await section();
  if (json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  console.log(machineLines(resolve(import.meta.dirname, '..', '..')).join('\n'));
  console.log('');
  console.log(benchTable(rows));
}

/** A section's whole-number option from its command line (`--name N`), or undefined when not given. */
export function numberOption(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const text = values[name];
  if (text === undefined || typeof text === 'boolean') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number of at least 1, not "${text}"`);
  return value;
}
