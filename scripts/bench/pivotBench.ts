// The pivot at scale for `npm run bench`: flows in a flow table (as the window holds them) × hosts × sockets each,
// the two indexes built and single pivots timed both ways (flow → sockets → process, process → sockets → flows).
import type { Connection, ProcessEntry } from '../../src/shared/domain';
import { ConnectionIndex, FlowIndex, flowsOfProcess, type FlowEndpoints, type HostSnapshot } from '../../src/shared/correlation/correlation';
import { FlowTable } from '../../src/shared/flows/flowTable';
import { flowRecord } from '../../src/shared/flows/flowRecord';
import { parseArgs } from 'node:util';
import { below, collectGarbage, formatCount, median, NO_TARGET, numberOption, runSectionIfMain, type BenchRow } from './benchTable';

export interface PivotBenchOptions {
  flows?: number;
  hosts?: number;
  sockets?: number;
  /** Pivots timed each way (their median is reported). */
  samples?: number;
  /** Index builds timed (their median is reported). */
  runs?: number;
}

function hostAddress(host: number): string {
  return `10.${(host >> 8) & 255}.${host & 255}.10`;
}

function socket(proto: string, localAddr: string, localPort: number, remoteAddr: string | null, remotePort: number | null, state: string | null, pid: number): Connection {
  return { line: 1, proto, localAddr, localPort, remoteAddr, remotePort, state, pid, process: null, components: [], marks: [] };
}

function entry(pid: number, name: string): ProcessEntry {
  return { line: 1, name, pid, ppid: 4, priority: 8, threads: 4, handles: 100, privateKb: 1000, cpuSec: 1, elapsedSec: 60, depth: null, user: null, startedAt: null, commandLine: null };
}

/** Hosts with 90 connected sockets, 5 listeners and 5 UDP binds each (per 100); flows: every socket's traffic both ways, then noise. */
function generate(hostCount: number, socketsPerHost: number, flowCount: number): { hosts: HostSnapshot[]; flows: FlowTable } {
  const hosts: HostSnapshot[] = [];
  const endpoints: FlowEndpoints[] = [];
  for (let h = 0; h < hostCount; h++) {
    const address = hostAddress(h);
    const connections: Connection[] = [];
    for (let s = 0; s < socketsPerHost; s++) {
      const pid = 1000 + (s % 20) * 4;
      if (s % 20 === 0) connections.push(socket('TCP', '0.0.0.0', 440 + s, '0.0.0.0', 0, 'LISTENING', pid));
      else if (s % 20 === 1) connections.push(socket('UDP', '0.0.0.0', 5000 + s, '*', null, null, pid));
      else {
        const remote = `198.51.${(h + s) & 255}.${s & 255}`;
        connections.push(socket('TCP', address, 49152 + s, remote, 443, 'ESTABLISHED', pid));
        if (endpoints.length < flowCount) endpoints.push({ srcAddr: address, srcPort: 49152 + s, dstAddr: remote, dstPort: 443, protocol: 6 });
        if (endpoints.length < flowCount) endpoints.push({ srcAddr: remote, srcPort: 443, dstAddr: address, dstPort: 49152 + s, protocol: 6 });
      }
    }
    const processes = Array.from({ length: 20 }, (_, i) => entry(1000 + i * 4, `app${i}.exe`));
    hosts.push({ hostKey: `host-${h}`, address, connectionsAt: '2026-11-25T10:00:00Z', processesAt: '2026-11-25T10:00:00Z', connections, processes });
  }
  for (let i = endpoints.length; i < flowCount; i++) endpoints.push({ srcAddr: `203.0.${(i >> 8) & 255}.${i & 255}`, srcPort: 1024 + (i % 60000), dstAddr: hostAddress(i % hostCount), dstPort: 440 + (i % 100), protocol: 6 });
  return { hosts, flows: FlowTable.fromFlows(endpoints.map((flow, i) => flowRecord({ line: i + 1, srcIf: 'Gi0/0', dstIf: 'Gi0/1', packets: 1 + (i % 50), ...flow }))) };
}

function timed<T>(work: () => T): { value: T; seconds: number } {
  const started = performance.now();
  const value = work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** Median seconds of `runs` builds of an index, garbage collected before each; the last build is kept. */
function build<T>(runs: number, make: () => T): { value: T; seconds: number } {
  const samples: number[] = [];
  let value: T | undefined;
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    const result = timed(make);
    samples.push(result.seconds);
    value = result.value;
  }
  return { value: value as T, seconds: median(samples) };
}

export async function pivotBench(options: PivotBenchOptions = {}): Promise<BenchRow[]> {
  const flowCount = options.flows ?? 1_000_000;
  const hostCount = options.hosts ?? 2_500;
  const socketsPerHost = options.sockets ?? 100;
  const samples = options.samples ?? 1000;
  const runs = options.runs ?? 3;
  const { hosts, flows } = generate(hostCount, socketsPerHost, flowCount);
  const input = `${formatCount(flowCount)} flows × ${formatCount(hostCount)} hosts × ${socketsPerHost} sockets`;
  const connections = build(runs, () => new ConnectionIndex(hosts));
  // The flow index reads the table as the window does: endpoints from the columns, addresses as text on demand.
  const flowIndex = build(runs, () => new FlowIndex(new FlowTable(flows.data)));

  const flowPivots: number[] = [];
  let matched = 0;
  for (let i = 0; i < samples; i++) {
    const row = (i * 7919) % flows.length;
    const { value, seconds } = timed(() => connections.value.matchFlow(flows.flowAt(row), '2026-11-25T10:01:00Z'));
    flowPivots.push(seconds);
    if (value.length > 0) matched++;
  }
  const processPivots: number[] = [];
  let flowsFound = 0;
  for (let i = 0; i < samples; i++) {
    const host = hosts[(i * 104729) % hosts.length]!;
    const { value, seconds } = timed(() => flowsOfProcess(connections.value, flowIndex.value, host, 1000 + (i % 20) * 4));
    processPivots.push(seconds);
    flowsFound += value.reduce((sum, found) => sum + found.flows.length, 0);
  }
  const both = connections.seconds + flowIndex.seconds;
  const row = (benchmark: string, seconds: number, runsOf: number, rest: Pick<BenchRow, 'target' | 'verdict' | 'note'>): BenchRow => ({ area: 'pivot', benchmark, input, runs: runsOf, seconds, rate: '', ...rest });
  return [
    row('index every host socket (flow → socket look-ups)', connections.seconds, runs, { ...NO_TARGET, note: `${formatCount(hostCount * socketsPerHost)} sockets` }),
    row('index the flow table (socket → flow look-ups)', flowIndex.seconds, runs, { ...NO_TARGET, note: `${formatCount(flows.length)} flows, from the table's columns` }),
    row('both indexes', both, runs, { ...below(both, 2, 's'), note: 'once per collection' }),
    row('pivot: flow → sockets → process', median(flowPivots), samples, { ...below(median(flowPivots) * 1000, 50, 'ms'), note: `${matched} of ${samples} flows matched` }),
    row('pivot: process → sockets → flows', median(processPivots), samples, { ...below(median(processPivots) * 1000, 50, 'ms'), note: `${formatCount(flowsFound)} flows found` }),
  ];
}

await runSectionIfMain(import.meta.url, () => {
  const { values } = parseArgs({ options: { flows: { type: 'string' }, hosts: { type: 'string' }, sockets: { type: 'string' }, runs: { type: 'string' } } });
  return pivotBench({ flows: numberOption(values, 'flows'), hosts: numberOption(values, 'hosts'), sockets: numberOption(values, 'sockets'), runs: numberOption(values, 'runs') });
});
