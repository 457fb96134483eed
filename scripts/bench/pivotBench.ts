// The pivot at scale for `npm run bench`: 1 M flows × 2,500 hosts × 100 sockets, index builds and single pivots timed.
import type { Connection, ProcessEntry } from '../src/shared/domain';
import { ConnectionIndex, FlowIndex, flowsOfProcess, type FlowEndpoints, type HostSnapshot } from '../src/shared/correlation/correlation';

export interface PivotRow {
  step: string;
  input: string;
  milliseconds: number;
  target: string;
  note: string;
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

/** Hosts with 90 connected sockets, 5 listeners and 5 UDP binds each; flows: every socket's traffic both ways, then noise. */
function generate(hostCount: number, socketsPerHost: number, flowCount: number): { hosts: HostSnapshot[]; flows: FlowEndpoints[] } {
  const hosts: HostSnapshot[] = [];
  const flows: FlowEndpoints[] = [];
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
        if (flows.length < flowCount) flows.push({ srcAddr: address, srcPort: 49152 + s, dstAddr: remote, dstPort: 443, protocol: 6 });
        if (flows.length < flowCount) flows.push({ srcAddr: remote, srcPort: 443, dstAddr: address, dstPort: 49152 + s, protocol: 6 });
      }
    }
    const processes = Array.from({ length: 20 }, (_, i) => entry(1000 + i * 4, `app${i}.exe`));
    hosts.push({ hostKey: `host-${h}`, address, connectionsAt: '2026-11-25T10:00:00Z', processesAt: '2026-11-25T10:00:00Z', connections, processes });
  }
  for (let i = flows.length; i < flowCount; i++) flows.push({ srcAddr: `203.0.${(i >> 8) & 255}.${i & 255}`, srcPort: 1024 + (i % 60000), dstAddr: hostAddress(i % hostCount), dstPort: 440 + (i % 100), protocol: 6 });
  return { hosts, flows };
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

export function benchPivot(flowCount: number, hostCount: number, socketsPerHost: number, samples = 1000): PivotRow[] {
  const { hosts, flows } = generate(hostCount, socketsPerHost, flowCount);
  const input = `${flowCount.toLocaleString('en-US')} flows × ${hostCount.toLocaleString('en-US')} hosts × ${socketsPerHost} sockets`;
  const connections = timed(() => new ConnectionIndex(hosts));
  const flowIndex = timed(() => new FlowIndex(flows));
  const flowPivots: number[] = [];
  let matched = 0;
  for (let i = 0; i < samples; i++) {
    const flow = flows[(i * 7919) % flows.length]!;
    const { value, ms } = timed(() => connections.value.matchFlow(flow, '2026-11-25T10:01:00Z'));
    flowPivots.push(ms);
    if (value.length > 0) matched++;
  }
  const processPivots: number[] = [];
  let flowsFound = 0;
  for (let i = 0; i < samples; i++) {
    const host = hosts[(i * 104729) % hosts.length]!;
    const { value, ms } = timed(() => flowsOfProcess(connections.value, flowIndex.value, host, 1000 + (i % 20) * 4));
    processPivots.push(ms);
    flowsFound += value.reduce((sum, entry) => sum + entry.flows.length, 0);
  }
  return [
    { step: 'index every host socket', input, milliseconds: connections.ms, target: 'once per collection', note: `${(hostCount * socketsPerHost).toLocaleString('en-US')} sockets` },
    { step: 'index the flows (reverse pivot)', input, milliseconds: flowIndex.ms, target: 'once per collection', note: `${flows.length.toLocaleString('en-US')} flows` },
    { step: 'pivot: flow → sockets → process', input, milliseconds: median(flowPivots), target: '< 100 ms', note: `median of ${samples}; ${matched} of ${samples} matched` },
    { step: 'pivot: process → sockets → flows', input, milliseconds: median(processPivots), target: '< 100 ms', note: `median of ${samples}; ${flowsFound.toLocaleString('en-US')} flows found` },
  ];
}
