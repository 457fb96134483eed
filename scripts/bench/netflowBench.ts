// The netflow section of the bench: FlowExportDecoder on pre-built NetFlow v5, v9 and IPFIX datagrams (softflowd's
// templates, 30 flows a datagram), beside nfdump reading the same flows from the file nfcapd wrote when it received
// those v9 datagrams in the same run.
// Alone: node --expose-gc --import tsx scripts/bench/netflowBench.ts [--flows N] [--runs N]
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FlowExportDecoder } from '../../src/shared/netflow';
import { atLeast, formatCount, formatShort, median, NO_TARGET, numberOption, runSectionIfMain, timeRuns, type BenchRow } from './benchTable';

export interface NetflowBenchOptions {
  /** Flows in each version's datagrams (default 1,000,000). */
  flows?: number;
  /** Timed decodes of each version (default 5). */
  runs?: number;
}

const FLOWS_PER_DATAGRAM = 30;
const TARGET_FLOWS_PER_SECOND = 500_000;
const BOOT_UNIX_SECS = 1_796_000_000;

/** softflowd 1.1.0's IPv4 data template (v9 and IPFIX): 16 fields, 45 bytes a record. */
const SOFTFLOWD_FIELDS: [id: number, length: number][] = [
  [8, 4], [12, 4], [22, 4], [21, 4], [1, 4], [2, 4], [10, 4], [14, 4], [61, 1], [136, 1], [7, 2], [11, 2], [4, 1], [6, 1], [60, 1], [5, 1],
];
const RECORD_LENGTH = SOFTFLOWD_FIELDS.reduce((sum, [, length]) => sum + length, 0);

/** Flow i: 65,536 client hosts talking to 256 servers, TCP and UDP, varied counters and times. */
function writeFlowRecord(view: DataView, at: number, i: number): void {
  view.setUint32(at, 0x0a000000 + (i & 0xffff)); // 10.0.x.y
  view.setUint32(at + 4, 0xc0000200 + ((i >>> 16) & 255)); // 192.0.2.z
  view.setUint32(at + 8, 1000 + (i % 50_000)); // first (uptime ms)
  view.setUint32(at + 12, 2000 + (i % 50_000)); // last
  view.setUint32(at + 16, 40 + (i % 100_000)); // bytes
  view.setUint32(at + 20, 1 + (i % 1000)); // packets
  view.setUint32(at + 24, 1 + (i % 8)); // input ifIndex
  view.setUint32(at + 28, 1 + (i % 4)); // output ifIndex
  view.setUint8(at + 32, 0); // flowDirection
  view.setUint8(at + 33, 1); // flowEndReason
  view.setUint16(at + 34, 1024 + (i % 60_000)); // src port
  view.setUint16(at + 36, [443, 80, 53, 445][i & 3]!); // dst port
  view.setUint8(at + 38, (i & 3) === 2 ? 17 : 6); // protocol
  view.setUint8(at + 39, 0x1b); // tcp flags
  view.setUint8(at + 40, 4); // ip version
  view.setUint8(at + 41, 0); // tos
}

function templateBytes(ipfix: boolean): Uint8Array {
  const body = new Uint8Array(4 + 4 + SOFTFLOWD_FIELDS.length * 4);
  const view = new DataView(body.buffer);
  view.setUint16(0, ipfix ? 2 : 0);
  view.setUint16(2, body.length);
  view.setUint16(4, 1024);
  view.setUint16(6, SOFTFLOWD_FIELDS.length);
  SOFTFLOWD_FIELDS.forEach(([id, length], f) => {
    view.setUint16(8 + f * 4, id);
    view.setUint16(10 + f * 4, length);
  });
  return body;
}

/** The datagrams of `flows` flows in one version; v9 and IPFIX carry the template in the first one, as exporters do. */
export function buildDatagrams(version: 5 | 9 | 10, flows: number): Uint8Array[] {
  const datagrams: Uint8Array[] = [];
  const template = version === 5 ? null : templateBytes(version === 10);
  let sequence = 0;
  for (let first = 0; first < flows; first += FLOWS_PER_DATAGRAM) {
    const count = Math.min(FLOWS_PER_DATAGRAM, flows - first);
    const withTemplate = template !== null && first === 0;
    const headerLength = version === 5 ? 24 : version === 9 ? 20 : 16;
    const recordLength = version === 5 ? 48 : RECORD_LENGTH;
    const dataSetLength = version === 5 ? 0 : 4 + count * recordLength + ((4 - ((count * recordLength) % 4)) % 4);
    const length = headerLength + (withTemplate ? template.length : 0) + (version === 5 ? count * 48 : dataSetLength);
    const bytes = new Uint8Array(length);
    const view = new DataView(bytes.buffer);
    const uptime = 60_000 + Math.floor(first / 100);
    const unixSecs = BOOT_UNIX_SECS + Math.floor(uptime / 1000);
    view.setUint16(0, version);
    if (version === 5) {
      view.setUint16(2, count);
      view.setUint32(4, uptime);
      view.setUint32(8, unixSecs);
      view.setUint32(16, sequence);
      sequence += count;
      for (let r = 0; r < count; r++) {
        const at = 24 + r * 48;
        const i = first + r;
        view.setUint32(at, 0x0a000000 + (i & 0xffff));
        view.setUint32(at + 4, 0xc0000200 + ((i >>> 16) & 255));
        view.setUint16(at + 12, 1 + (i % 8));
        view.setUint16(at + 14, 1 + (i % 4));
        view.setUint32(at + 16, 1 + (i % 1000));
        view.setUint32(at + 20, 40 + (i % 100_000));
        view.setUint32(at + 24, 1000 + (i % 50_000));
        view.setUint32(at + 28, 2000 + (i % 50_000));
        view.setUint16(at + 32, 1024 + (i % 60_000));
        view.setUint16(at + 34, [443, 80, 53, 445][i & 3]!);
        view.setUint8(at + 37, 0x1b);
        view.setUint8(at + 38, (i & 3) === 2 ? 17 : 6);
      }
      datagrams.push(bytes);
      continue;
    }
    let at = headerLength;
    if (version === 9) {
      view.setUint16(2, count + (withTemplate ? 1 : 0));
      view.setUint32(4, uptime);
      view.setUint32(8, unixSecs);
      view.setUint32(12, sequence++);
    } else {
      view.setUint16(2, length);
      view.setUint32(4, unixSecs);
      view.setUint32(8, sequence);
      sequence += count;
    }
    if (withTemplate) {
      bytes.set(template, at);
      at += template.length;
    }
    view.setUint16(at, 1024);
    view.setUint16(at + 2, dataSetLength);
    for (let r = 0; r < count; r++) writeFlowRecord(view, at + 4 + r * RECORD_LENGTH, first + r);
    datagrams.push(bytes);
  }
  return datagrams;
}

/** Decodes every datagram with a fresh decoder (the template comes first); the flows it gave. */
function decodeAll(datagrams: readonly Uint8Array[]): number {
  const decoder = new FlowExportDecoder();
  const source = { exporter: '127.0.0.1:9995', receivedAt: BOOT_UNIX_SECS * 1000 };
  let flows = 0;
  for (const datagram of datagrams) flows += decoder.decode(datagram, source).flows.length;
  const { malformed } = decoder.stats();
  if (malformed.total !== 0) throw new Error(`bench: ${malformed.total} of the generated datagrams were malformed: ${JSON.stringify(malformed.byReason)}`);
  return flows;
}

function run(command: string, args: string[], stdout: 'ignore' | 'pipe'): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(command, args, { stdio: ['ignore', stdout, 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, out, err: err + error.message }));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** nfcapd receives the datagrams on loopback and writes its file; then nfdump prints that file as CSV, timed. */
async function timeNfdump(datagrams: readonly Uint8Array[], sentFlows: number, runs: number): Promise<{ seconds: number; runs: number; flows: number; note: string } | { seconds: null; why: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'flowpivot-bench-nfcapd-'));
  try {
    const port = await new Promise<number>((resolve) => {
      const probe = createSocket('udp4').bind(0, '127.0.0.1', () => {
        const { port: free } = probe.address();
        probe.close(() => resolve(free));
      });
    });
    const nfcapd = spawn('nfcapd', ['-w', dir, '-b', '127.0.0.1', '-p', String(port), '-t', '3600', '-B', String(64 * 1024 * 1024)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    nfcapd.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    nfcapd.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    const spawned = await Promise.race([once(nfcapd, 'spawn').then(() => true), once(nfcapd, 'error').then(() => false)]);
    if (!spawned) return { seconds: null, why: 'nfcapd is not installed' };
    for (let waited = 0; !/Startup nfcapd/.test(log); waited += 20) {
      if (waited > 10_000) return { seconds: null, why: `nfcapd did not start: ${log}` };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const sender = createSocket('udp4');
    // Paced in bursts so nfcapd's socket buffer keeps up: its own count below says whether every flow arrived.
    for (let i = 0; i < datagrams.length; i++) {
      sender.send(datagrams[i]!, port, '127.0.0.1');
      if (i % 64 === 63) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    sender.close();
    nfcapd.kill('SIGTERM');
    await once(nfcapd, 'exit');
    const stored = /Flows: (\d+)/.exec(log);
    const file = (await readdir(dir)).find((name) => /^nfcapd\.\d+$/.test(name));
    if (file === undefined || stored === null) return { seconds: null, why: `nfcapd wrote no file: ${log}` };
    const path = join(dir, file);
    const samples: number[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      const result = await run('nfdump', ['-r', path, '-q', '-o', 'csv'], 'ignore');
      samples.push((performance.now() - started) / 1000);
      if (result.code !== 0) return { seconds: null, why: `nfdump failed: ${result.err}` };
    }
    const version = (await run('nfdump', ['-V'], 'pipe')).out.trim();
    return { seconds: median(samples), runs, flows: Number(stored[1]), note: `${version}; nfcapd stored ${formatCount(Number(stored[1]))} of ${formatCount(sentFlows)} flows sent` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function netflowBench(options: NetflowBenchOptions = {}): Promise<BenchRow[]> {
  const flows = options.flows ?? 1_000_000;
  const runs = options.runs ?? 5;
  const rows: BenchRow[] = [];
  let v9Datagrams: Uint8Array[] = [];
  for (const version of [5, 9, 10] as const) {
    const datagrams = buildDatagrams(version, flows);
    if (version === 9) v9Datagrams = datagrams;
    const megabytes = datagrams.reduce((sum, datagram) => sum + datagram.length, 0) / 1e6;
    decodeAll(datagrams); // warm-up: the first run would otherwise also pay for compiling the decoder
    const { seconds, last } = await timeRuns(runs, () => decodeAll(datagrams));
    const perSecond = last / seconds;
    const name = version === 10 ? 'IPFIX' : `NetFlow v${version}`;
    rows.push({
      area: 'netflow',
      benchmark: `FlowExportDecoder.decode: ${name} datagrams → ExportedFlows`,
      input: `${formatCount(flows)} flows in ${formatCount(datagrams.length)} datagrams, ${megabytes.toFixed(1)} MB`,
      runs,
      seconds,
      rate: `${formatShort(perSecond)} flows/s · ${(megabytes / seconds).toFixed(0)} MB/s`,
      ...atLeast(perSecond / 1000, TARGET_FLOWS_PER_SECOND / 1000, 'k flows/s'),
      note: version === 5 ? '48-byte records, 30 a datagram' : `softflowd's template (16 fields, ${RECORD_LENGTH} bytes; flowDirection and flowEndReason kept raw in extras), 30 records a datagram`,
    });
  }
  const nfdump = await timeNfdump(v9Datagrams, flows, Math.min(runs, 3));
  rows.push(
    nfdump.seconds === null
      ? { area: 'netflow', benchmark: 'nfdump -r <nfcapd file> -q -o csv > /dev/null', input: `${formatCount(flows)} flows`, runs: 0, seconds: null, rate: '', ...NO_TARGET, note: nfdump.why }
      : {
          area: 'netflow',
          benchmark: 'nfdump -r <nfcapd file> -q -o csv > /dev/null (the v9 datagrams above, as nfcapd stored them)',
          input: `${formatCount(nfdump.flows)} flows`,
          runs: nfdump.runs,
          seconds: nfdump.seconds,
          rate: `${formatShort(nfdump.flows / nfdump.seconds)} flows/s`,
          ...NO_TARGET,
          note: `nfdump reads nfcapd's binary records (already decoded from NetFlow at reception, not timed) and prints CSV: process start, file read and text output; ${nfdump.note}`,
        },
  );
  return rows;
}

await runSectionIfMain(import.meta.url, () => {
  const { values } = parseArgs({ options: { flows: { type: 'string' }, runs: { type: 'string' } } });
  return netflowBench({ flows: numberOption(values, 'flows'), runs: numberOption(values, 'runs') });
});
