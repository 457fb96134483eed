// What the linked grids highlight for the current selection, worked out once per change of it: the selected flow's
// matches and the hosts it would need, the sockets and PIDs those matches name, and the flows of the picked process
// or the selected socket (the reverse pivot).
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionMatch } from '../../../../shared/correlation/correlation';
import { flowsOfProcess, hostAddresses } from '../../../../shared/correlation/correlation';
import { investigationCandidates } from '../../../../shared/correlation/investigation';
import { canonicalAddress } from '../../../../shared/correlation/socketAddress';
import type { AnalystSettings, Flow, HostProfile } from '../../../../shared/domain';
import { useAppStore } from '../../store/appStore';
import { getFlowIndex, getFlowTable } from '../../store/flowCache';
import { getConnectionRows } from '../../store/hostCache';
import type { HostCollectionSummary, PickedProcess } from '../../store/hostsSlice';
import { pivotIndexOf, type PivotIndex } from '../../store/pivotIndex';
import { flowAt, flowSeenAt, type FlowRef, type PivotOrigin } from '../../store/pivotSlice';
import { internalTestOf } from '../../store/settingsSlice';

export interface UncollectedEnd {
  end: 'src' | 'dst';
  address: string;
  /** The host-list entry with this address; null when it is not in the list. */
  hostId: string | null;
}

export interface PivotView {
  index: PivotIndex;
  flowRef: FlowRef | null;
  /** The selected flow (pivot from a flow). */
  flow: Flow | null;
  matches: ConnectionMatch[];
  /** How many ends of the selected flow are internal (0, 1 or 2). */
  internalEnds: number;
  /** The selected flow's internal ends whose host has no connections collected. */
  uncollected: UncollectedEnd[];
  /** Lines of the shown flow collection's rows that the picked process's sockets, or the selected socket, carried. */
  linkedFlowLines: ReadonlySet<number>;
  /** PIDs the selected flow's matches name, per host key. */
  matchedPids: ReadonlyMap<string, ReadonlySet<number>>;
  /** Lines of the sockets the selected flow matched, per connections collection id. */
  matchedSocketLines: ReadonlyMap<string, ReadonlySet<number>>;
}

interface Inputs {
  pivot: PivotOrigin | null;
  picked: PickedProcess | null;
  hostCollections: HostCollectionSummary[];
  activeCollectionId: string | null;
  hosts: HostProfile[];
  settings: AnalystSettings;
}

const noLines: ReadonlySet<number> = new Set();

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function linkedFlowLines({ pivot, picked, activeCollectionId }: Inputs, index: PivotIndex): ReadonlySet<number> {
  if (activeCollectionId === null || (pivot?.kind !== 'connection' && picked === null)) return noLines;
  const flowIndex = getFlowIndex(activeCollectionId);
  const table = getFlowTable(activeCollectionId);
  if (flowIndex === null || table === null) return noLines;
  const lines = new Set<number>();
  if (pivot?.kind === 'connection') {
    const connection = getConnectionRows(pivot.collectionId).find((c) => c.line === pivot.line);
    const snapshot = index.hosts.get(pivot.hostKey)?.snapshot;
    if (!connection) return noLines;
    const addresses = snapshot ? hostAddresses(snapshot) : [];
    for (const match of flowIndex.flowsOfConnection(connection, addresses)) lines.add(table.lineAt(match.flowIndex));
    return lines;
  }
  const host = index.hosts.get(picked!.hostKey);
  if (!host) return noLines;
  for (const socket of flowsOfProcess(index.connections, flowIndex, host.snapshot, picked!.pid)) {
    for (const match of socket.flows) lines.add(table.lineAt(match.flowIndex));
  }
  return lines;
}

function derive(inputs: Inputs): PivotView {
  const index = pivotIndexOf(inputs.hostCollections);
  const { pivot } = inputs;
  const flowRef = pivot?.kind === 'flow' ? { collectionId: pivot.collectionId, line: pivot.line } : null;
  const flow = flowRef ? flowAt(flowRef) : null;
  const matches = flow && flowRef ? index.connections.matchFlow(flow, flowSeenAt(flowRef)) : [];
  const matchedPids = new Map<string, Set<number>>();
  const matchedSocketLines = new Map<string, Set<number>>();
  for (const match of matches) {
    if (match.connection.pid !== null) addTo(matchedPids, match.hostKey, match.connection.pid);
    const connectionsId = index.hosts.get(match.hostKey)?.connectionsId;
    if (connectionsId) addTo(matchedSocketLines, connectionsId, match.connection.line);
  }
  let internalEnds = 0;
  const uncollected: UncollectedEnd[] = [];
  if (flow) {
    const candidates = investigationCandidates(flow, internalTestOf(inputs.settings), inputs.hosts.map((h) => h.address));
    internalEnds = candidates.length;
    for (const candidate of candidates) {
      if (index.connections.hostsWithAddress(candidate.address).some((host) => host.connectionsAt !== null)) continue;
      const wanted = canonicalAddress(candidate.address);
      const host = inputs.hosts.find((h) => canonicalAddress(h.address) === wanted);
      uncollected.push({ end: candidate.end, address: candidate.address, hostId: host?.id ?? null });
    }
  }
  return { index, flowRef, flow, matches, internalEnds, uncollected, linkedFlowLines: linkedFlowLines(inputs, index), matchedPids, matchedSocketLines };
}

let cached: { inputs: Inputs; view: PivotView } | null = null;

/** The view of the current inputs; the same object while none of them changes. */
export function pivotViewOf(inputs: Inputs): PivotView {
  if (cached && (Object.keys(inputs) as (keyof Inputs)[]).every((key) => cached!.inputs[key] === inputs[key])) return cached.view;
  const view = derive(inputs);
  cached = { inputs, view };
  return view;
}

/** The pivot view, for any component of the linked grids. */
export function usePivotView(): PivotView {
  const inputs = useAppStore(
    useShallow((s): Inputs => ({
      pivot: s.pivot,
      picked: s.pickedProcess,
      hostCollections: s.hostCollections,
      activeCollectionId: s.activeCollectionId,
      hosts: s.hosts,
      settings: s.settings,
    })),
  );
  return pivotViewOf(inputs);
}
