// The analyst's join, done by index: a router's flow → the host sockets that carried it (exact 5-tuple, listener, UDP
// bind) → the owning process by PID, and back from a process to its sockets and the flows they produced.
// Hash maps keyed by protocol, address and port: a pivot costs a few look-ups whatever the number of flows and hosts.
import type { Connection, ProcessEntry } from '../domain';
import { bindAccepts, canonicalAddress, isListeningState, isWildcardAddress, protocolNumberOf } from './socketAddress';

/** The part of a flow the pivot needs (a Flow record, or a row of flow columns). */
export interface FlowEndpoints {
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  protocol: number;
}

/** Flows as the reverse pivot reads them, by position: a FlowTable's columns, or records (flowEndpointsOf). */
export interface FlowEndpointSource {
  readonly length: number;
  protocolAt(index: number): number;
  srcAddrAt(index: number): string;
  srcPortAt(index: number): number;
  dstAddrAt(index: number): string;
  dstPortAt(index: number): number;
}

/** Records (or anything with their endpoint fields) as a FlowEndpointSource. */
export function flowEndpointsOf(flows: readonly FlowEndpoints[]): FlowEndpointSource {
  return {
    length: flows.length,
    protocolAt: (index) => flows[index]!.protocol,
    srcAddrAt: (index) => flows[index]!.srcAddr,
    srcPortAt: (index) => flows[index]!.srcPort,
    dstAddrAt: (index) => flows[index]!.dstAddr,
    dstPortAt: (index) => flows[index]!.dstPort,
  };
}

/** One collected host as the pivot sees it: its newest connections and processes, and when each was collected. */
export interface HostSnapshot {
  /** The host's id in the host list. */
  hostKey: string;
  /** The address the analyst gave; the host's sockets add the others. */
  address: string;
  /** ISO-8601 UTC; null when the connections were never collected. */
  connectionsAt: string | null;
  connections: readonly Connection[];
  processesAt: string | null;
  processes: readonly ProcessEntry[];
}

/**
 * How a socket matched a flow: its full 5-tuple; a TCP listener on the flow's port (inbound flows, or the server's
 * replies); a UDP socket bound to the flow's port (netstat prints no remote end for UDP).
 */
export type MatchKind = 'exact' | 'listener' | 'udp-bind';

/** Base strength of each kind, before the age of the snapshot weakens it. */
export const MATCH_STRENGTH: Record<MatchKind, number> = { exact: 1, listener: 0.7, 'udp-bind': 0.6 };

export interface ConnectionMatch {
  hostKey: string;
  /** Index of the socket in the host's connections. */
  connectionIndex: number;
  connection: Connection;
  kind: MatchKind;
  /** Which end of the flow the host is. */
  hostEnd: 'src' | 'dst';
  /** 0..1: the kind's strength, lower when the connections were collected long before or after the flow was seen. */
  strength: number;
  /** Seconds between the flow's collection and the socket snapshot; null when either time is unknown. */
  ageSec: number | null;
  /** Why it matched, in words. */
  reason: string;
  /** The owning process in the host's newest process list; null when not collected or not listed. */
  process: ProcessEntry | null;
}

/** A snapshot older or newer than this compared with the flow keeps its full strength. */
const FRESH_SEC = 300;

/** Full strength up to 5 minutes apart, then down to half at 1 hour and 0.3 at the most distant. */
export function ageFactor(ageSec: number | null): number {
  if (ageSec === null || ageSec <= FRESH_SEC) return 1;
  if (ageSec <= 3600) return 1 - (0.5 * (ageSec - FRESH_SEC)) / (3600 - FRESH_SEC);
  return Math.max(0.3, 0.5 - (0.2 * (ageSec - 3600)) / (6 * 3600));
}

function secondsBetween(a: string | null | undefined, b: string | null | undefined): number | null {
  if (!a || !b) return null;
  const ms = Date.parse(a) - Date.parse(b);
  return Number.isFinite(ms) ? Math.round(Math.abs(ms) / 1000) : null;
}

function endpointKey(protocol: number, address: string, port: number): string {
  return `${protocol}|${canonicalAddress(address)}|${port}`;
}


function pairKey(protocol: number, localAddress: string, localPort: number, remoteAddress: string, remotePort: number): string {
  return `${endpointKey(protocol, localAddress, localPort)}>${canonicalAddress(remoteAddress)}|${remotePort}`;
}

interface SocketRef {
  host: HostSnapshot;
  index: number;
}

/** A UDP socket netstat or ss shows without a peer ("*:*", "0.0.0.0:*"). */
function isUnconnectedUdp(connection: Connection): boolean {
  return connection.remotePort === null || connection.remotePort === 0 || isWildcardAddress(connection.remoteAddr);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Every collected host's sockets, indexed for flow look-ups. Build once per change of the collected data. */
export class ConnectionIndex {
  /** Connected sockets by (protocol, local end, remote end). */
  private readonly connected = new Map<string, SocketRef[]>();
  /** Listeners and unconnected UDP sockets by (protocol, port), with their bind address. */
  private readonly bound = new Map<string, SocketRef[]>();
  /** Which hosts have each address (the analyst's address and every specific local address of their sockets). */
  private readonly hostsByAddress = new Map<string, HostSnapshot[]>();
  private readonly processes = new Map<string, Map<number, ProcessEntry>>();
  private readonly socketsByPid = new Map<string, Map<number, number[]>>();
  readonly hosts: readonly HostSnapshot[];

  constructor(hosts: readonly HostSnapshot[]) {
    this.hosts = hosts;
    for (const host of hosts) {
      const addresses = new Set([canonicalAddress(host.address)]);
      const byPid = new Map<number, number[]>();
      host.connections.forEach((connection, index) => {
        const protocol = protocolNumberOf(connection.proto);
        if (connection.pid !== null) push(byPid, connection.pid, index);
        if (protocol === null || connection.localPort === null) return;
        if (!isWildcardAddress(connection.localAddr)) addresses.add(canonicalAddress(connection.localAddr));
        const ref = { host, index };
        if (protocol === 6 && isListeningState(connection.state)) push(this.bound, `${protocol}|${connection.localPort}`, ref);
        else if (protocol === 17 && isUnconnectedUdp(connection)) push(this.bound, `${protocol}|${connection.localPort}`, ref);
        else if (connection.remoteAddr !== null && connection.remotePort !== null) push(this.connected, pairKey(protocol, connection.localAddr, connection.localPort, connection.remoteAddr, connection.remotePort), ref);
      });
      for (const address of addresses) push(this.hostsByAddress, address, host);
      this.socketsByPid.set(host.hostKey, byPid);
      this.processes.set(host.hostKey, new Map(host.processes.map((process) => [process.pid, process])));
    }
  }

  /** The hosts that own `address` (none when no collected host has it). */
  hostsWithAddress(address: string): readonly HostSnapshot[] {
    return this.hostsByAddress.get(canonicalAddress(address)) ?? [];
  }

  processOf(hostKey: string, pid: number | null): ProcessEntry | null {
    return pid === null ? null : (this.processes.get(hostKey)?.get(pid) ?? null);
  }

  /** Indexes of the host's sockets owned by `pid`. */
  connectionsOfPid(hostKey: string, pid: number): readonly number[] {
    return this.socketsByPid.get(hostKey)?.get(pid) ?? [];
  }

  /** The sockets that carried `flow`, strongest first. `flowSeenAt`: when the flow was collected (ISO-8601 UTC). */
  matchFlow(flow: FlowEndpoints, flowSeenAt: string | null = null): ConnectionMatch[] {
    const matches: ConnectionMatch[] = [];
    const seen = new Set<string>();
    const add = (ref: SocketRef, kind: MatchKind, hostEnd: 'src' | 'dst', reason: string) => {
      const id = `${ref.host.hostKey}#${ref.index}#${hostEnd}`;
      if (seen.has(id)) return;
      seen.add(id);
      const connection = ref.host.connections[ref.index]!;
      const ageSec = secondsBetween(ref.host.connectionsAt, flowSeenAt);
      matches.push({
        hostKey: ref.host.hostKey,
        connectionIndex: ref.index,
        connection,
        kind,
        hostEnd,
        strength: Math.round(MATCH_STRENGTH[kind] * ageFactor(ageSec) * 100) / 100,
        ageSec,
        reason,
        process: this.processOf(ref.host.hostKey, connection.pid),
      });
    };
    const ends = [
      { end: 'src' as const, address: flow.srcAddr, port: flow.srcPort, peerAddress: flow.dstAddr, peerPort: flow.dstPort },
      { end: 'dst' as const, address: flow.dstAddr, port: flow.dstPort, peerAddress: flow.srcAddr, peerPort: flow.srcPort },
    ];
    for (const { end, address, port, peerAddress, peerPort } of ends) {
      const proto = flow.protocol === 6 ? 'TCP' : flow.protocol === 17 ? 'UDP' : `protocol ${flow.protocol}`;
      for (const ref of this.connected.get(pairKey(flow.protocol, address, port, peerAddress, peerPort)) ?? []) {
        add(ref, 'exact', end, `same 5-tuple: ${proto} ${address}:${port} ↔ ${peerAddress}:${peerPort}`);
      }
      const owners = this.hostsWithAddress(address);
      if (owners.length === 0) continue;
      for (const ref of this.bound.get(`${flow.protocol}|${port}`) ?? []) {
        if (!owners.includes(ref.host)) continue;
        const local = ref.host.connections[ref.index]!.localAddr;
        if (!bindAccepts(local, address)) continue;
        const bind = isWildcardAddress(local) ? `all addresses (${local})` : local;
        if (flow.protocol === 6) add(ref, 'listener', end, `${address} listens on TCP port ${port} (bound to ${bind})`);
        else add(ref, 'udp-bind', end, `${address} has UDP port ${port} open (bound to ${bind}); UDP sockets show no peer`);
      }
    }
    return matches.sort((a, b) => b.strength - a.strength || a.hostKey.localeCompare(b.hostKey) || a.connectionIndex - b.connectionIndex);
  }
}

/** A flow a socket carried, and how. */
export interface FlowMatch {
  flowIndex: number;
  kind: MatchKind;
  hostEnd: 'src' | 'dst';
}

/** A 32-bit hash of (protocol, address as canonicalAddress spells it, port), computed without building strings. */
function endpointHash(protocol: number, address: string, port: number): number {
  const text = canonicalAddress(address);
  let hash = Math.imul(protocol + 0x9e3779b9, 0x85ebca6b) ^ port;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  return Math.imul(hash, 0x2c1b3c6d) ^ (hash >>> 12);
}

/**
 * The flows of one collection, indexed for the reverse pivot (socket → flows): every flow end in a hash table of
 * typed arrays (chains through `next`), so a million flows cost two integer arrays and no strings.
 */
export class FlowIndex {
  /** First end in each bucket: flowIndex × 2, + 1 for the destination end; -1 when empty. */
  private readonly heads: Int32Array;
  /** Next end in the same bucket, by end. */
  private readonly next: Int32Array;
  private readonly mask: number;

  constructor(private readonly flows: FlowEndpointSource) {
    let size = 16;
    while (size < flows.length * 4) size *= 2;
    this.heads = new Int32Array(size).fill(-1);
    this.next = new Int32Array(flows.length * 2);
    this.mask = size - 1;
    for (let flowIndex = 0; flowIndex < flows.length; flowIndex++) {
      const protocol = flows.protocolAt(flowIndex);
      this.insert(flowIndex * 2, endpointHash(protocol, flows.srcAddrAt(flowIndex), flows.srcPortAt(flowIndex)));
      this.insert(flowIndex * 2 + 1, endpointHash(protocol, flows.dstAddrAt(flowIndex), flows.dstPortAt(flowIndex)));
    }
  }

  private insert(end: number, hash: number): void {
    const bucket = hash & this.mask;
    this.next[end] = this.heads[bucket]!;
    this.heads[bucket] = end;
  }

  /** Ends at (protocol, address, port): the flow and which end of it. */
  private endsAt(protocol: number, address: string, port: number): { flowIndex: number; hostEnd: 'src' | 'dst' }[] {
    const found: { flowIndex: number; hostEnd: 'src' | 'dst' }[] = [];
    const wanted = canonicalAddress(address);
    const flows = this.flows;
    for (let end = this.heads[endpointHash(protocol, address, port) & this.mask]!; end !== -1; end = this.next[end]!) {
      const flowIndex = end >> 1;
      const isDst = (end & 1) === 1;
      if (flows.protocolAt(flowIndex) === protocol && (isDst ? flows.dstPortAt(flowIndex) : flows.srcPortAt(flowIndex)) === port && canonicalAddress(isDst ? flows.dstAddrAt(flowIndex) : flows.srcAddrAt(flowIndex)) === wanted) {
        found.push({ flowIndex, hostEnd: isDst ? 'dst' : 'src' });
      }
    }
    return found.reverse();
  }

  /**
   * The flows `connection` of `host` carried: by its 5-tuple when connected; a listener or UDP bind by its port on
   * each of the host's addresses its bind accepts (`hostAddresses`: see hostAddresses()).
   */
  flowsOfConnection(connection: Connection, hostAddresses: readonly string[]): FlowMatch[] {
    const protocol = protocolNumberOf(connection.proto);
    if (protocol === null || connection.localPort === null) return [];
    const listening = protocol === 6 && isListeningState(connection.state);
    const unconnected = protocol === 17 && isUnconnectedUdp(connection);
    if (!listening && !unconnected) {
      if (connection.remoteAddr === null || connection.remotePort === null) return [];
      const remoteAddr = canonicalAddress(connection.remoteAddr);
      const remotePort = connection.remotePort;
      return this.endsAt(protocol, connection.localAddr, connection.localPort)
        .filter(({ flowIndex, hostEnd }) => {
          const flows = this.flows;
          return hostEnd === 'src'
            ? flows.dstPortAt(flowIndex) === remotePort && canonicalAddress(flows.dstAddrAt(flowIndex)) === remoteAddr
            : flows.srcPortAt(flowIndex) === remotePort && canonicalAddress(flows.srcAddrAt(flowIndex)) === remoteAddr;
        })
        .map(({ flowIndex, hostEnd }) => ({ flowIndex, kind: 'exact' as const, hostEnd }));
    }
    const kind: MatchKind = listening ? 'listener' : 'udp-bind';
    return hostAddresses
      .filter((address) => bindAccepts(connection.localAddr, address))
      .flatMap((address) => this.endsAt(protocol, address, connection.localPort!).map(({ flowIndex, hostEnd }) => ({ flowIndex, kind, hostEnd })));
  }
}

/** Every address a host answers on: the analyst's and each specific local address of its sockets. */
export function hostAddresses(host: HostSnapshot): string[] {
  const addresses = new Set([canonicalAddress(host.address)]);
  for (const connection of host.connections) if (!isWildcardAddress(connection.localAddr)) addresses.add(canonicalAddress(connection.localAddr));
  return [...addresses];
}

/** The reverse pivot: a process → its sockets → the flows each carried. */
export function flowsOfProcess(connections: ConnectionIndex, flows: FlowIndex, host: HostSnapshot, pid: number): { connectionIndex: number; flows: FlowMatch[] }[] {
  const addresses = hostAddresses(host);
  return connections.connectionsOfPid(host.hostKey, pid).map((connectionIndex) => ({ connectionIndex, flows: flows.flowsOfConnection(host.connections[connectionIndex]!, addresses) }));
}
