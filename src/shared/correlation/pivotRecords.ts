// The offline pivot as flat records: every flow joined, through ConnectionIndex.matchFlow, to the sockets of saved
// host outputs that carried it — one record per (flow, socket), or one with the host fields null when none did.
import type { Connection, ProcessEntry } from '../domain';
import { ConnectionIndex, type FlowEndpoints, type HostSnapshot, type MatchKind } from './correlation';
import { isWildcardAddress } from './socketAddress';

/** One host's saved outputs. */
export interface PivotHost {
  /** The analyst's label, unique among the hosts: it names the host in the records and is never read as an address. */
  name: string;
  connections: readonly Connection[];
  /** The host's process listing; null when none was given (names then come from the connections themselves). */
  processes: readonly ProcessEntry[] | null;
}

/** A flow and one socket that carried it; the socket's fields are null when no host's socket did. */
export interface PivotRecord {
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  protocol: number;
  host: string | null;
  localAddr: string | null;
  localPort: number | null;
  remoteAddr: string | null;
  remotePort: number | null;
  state: string | null;
  pid: number | null;
  /** From the host's process listing by PID, else the image name the socket's format prints (netstat -anob, ss -p). */
  processName: string | null;
  match: MatchKind | null;
}

/**
 * The address the host's snapshot is given: the first one its own sockets are bound to. ConnectionIndex adds every
 * such address anyway, so this adds nothing; a host whose sockets show none (only wildcard binds) has no address
 * a flow could name, and no connected socket either, so no flow can match it: null.
 */
function ownAddress(connections: readonly Connection[]): string | null {
  return connections.find((connection) => !isWildcardAddress(connection.localAddr))?.localAddr ?? null;
}

/** The snapshot ConnectionIndex reads for a host, or null when no flow can match the host (see ownAddress). */
export function pivotSnapshot(host: PivotHost): HostSnapshot | null {
  const address = ownAddress(host.connections);
  if (address === null) return null;
  // The saved outputs carry no collection time: matches keep their full strength.
  return { hostKey: host.name, address, connectionsAt: null, connections: host.connections, processesAt: null, processes: host.processes ?? [] };
}

function flowFields(flow: FlowEndpoints): Pick<PivotRecord, 'srcAddr' | 'srcPort' | 'dstAddr' | 'dstPort' | 'protocol'> {
  return { srcAddr: flow.srcAddr, srcPort: flow.srcPort, dstAddr: flow.dstAddr, dstPort: flow.dstPort, protocol: flow.protocol };
}

const NO_MATCH = { host: null, localAddr: null, localPort: null, remoteAddr: null, remotePort: null, state: null, pid: null, processName: null, match: null } as const;

/** Every flow in input order, each followed by its matches in matchFlow's order (strongest first). */
export function pivotRecords(flows: readonly FlowEndpoints[], hosts: readonly PivotHost[]): PivotRecord[] {
  const names = new Set<string>();
  for (const host of hosts) {
    // Two hosts under one key would share one process table in the index and hide each other's matches.
    if (names.has(host.name)) throw new Error(`pivotRecords: host name "${host.name}" is given twice`);
    names.add(host.name);
  }
  const index = new ConnectionIndex(hosts.map(pivotSnapshot).filter((snapshot) => snapshot !== null));
  const records: PivotRecord[] = [];
  for (const flow of flows) {
    const matches = index.matchFlow(flow);
    if (matches.length === 0) records.push({ ...flowFields(flow), ...NO_MATCH });
    for (const { hostKey, connection, process, kind } of matches) {
      records.push({
        ...flowFields(flow),
        host: hostKey,
        localAddr: connection.localAddr,
        localPort: connection.localPort,
        remoteAddr: connection.remoteAddr,
        remotePort: connection.remotePort,
        state: connection.state,
        pid: connection.pid,
        processName: process?.name ?? connection.process ?? null,
        match: kind,
      });
    }
  }
  return records;
}
