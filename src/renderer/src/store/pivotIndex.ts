// The correlation indexes the linked grids read: every collected host's newest connections and processes as one
// ConnectionIndex (rebuilt only when a newer collection arrives or one is closed), and a FlowIndex per flow collection.
import { ConnectionIndex, type HostSnapshot } from '../../../shared/correlation/correlation';
import { getConnectionRows, getProcessRows } from './hostCache';
import type { HostCollectionSummary } from './hostsSlice';

/** One host as the pivot sees it, with the collections its snapshot was built from. */
export interface CollectedHost {
  snapshot: HostSnapshot;
  hostId: string | null;
  /** Address as typed. */
  host: string;
  connectionsId: string | null;
  processesId: string | null;
}

export interface PivotIndex {
  connections: ConnectionIndex;
  /** By host key. */
  hosts: ReadonlyMap<string, CollectedHost>;
}

/** The newest collection of each kind per host; `hostCollections` is newest first. */
function newestByHost(hostCollections: readonly HostCollectionSummary[]): Map<string, { host: string; hostId: string | null; connections: HostCollectionSummary | null; processes: HostCollectionSummary | null }> {
  const byHost = new Map<string, { host: string; hostId: string | null; connections: HostCollectionSummary | null; processes: HostCollectionSummary | null }>();
  for (const summary of hostCollections) {
    let entry = byHost.get(summary.hostKey);
    if (!entry) {
      entry = { host: summary.host, hostId: summary.hostId, connections: null, processes: null };
      byHost.set(summary.hostKey, entry);
    }
    if (entry[summary.kind] === null) entry[summary.kind] = summary;
  }
  return byHost;
}

let cached: { key: string; index: PivotIndex } | null = null;

/** The index over the newest collections; the same object while they stay the same. */
export function pivotIndexOf(hostCollections: readonly HostCollectionSummary[]): PivotIndex {
  const newest = newestByHost(hostCollections);
  const key = [...newest].map(([hostKey, e]) => `${hostKey}=${e.connections?.id ?? ''}/${e.processes?.id ?? ''}`).join('|');
  if (cached?.key === key) return cached.index;
  const hosts = new Map<string, CollectedHost>();
  for (const [hostKey, entry] of newest) {
    hosts.set(hostKey, {
      hostId: entry.hostId,
      host: entry.host,
      connectionsId: entry.connections?.id ?? null,
      processesId: entry.processes?.id ?? null,
      snapshot: {
        hostKey,
        address: entry.host,
        connectionsAt: entry.connections?.finishedAt ?? null,
        connections: getConnectionRows(entry.connections?.id ?? null),
        processesAt: entry.processes?.finishedAt ?? null,
        processes: getProcessRows(entry.processes?.id ?? null),
      },
    });
  }
  const index: PivotIndex = { connections: new ConnectionIndex([...hosts.values()].map((h) => h.snapshot)), hosts };
  cached = { key, index };
  return index;
}
