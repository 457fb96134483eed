// Shares of a collection's flows for the charts beside the grid: per protocol, and per source or destination address
// (top talkers). Worked out once per collection and choice; a collection's rows never change once stored.
import type { Flow } from '../../../../shared/domain';

export type TalkerSide = 'src' | 'dst';
export type ShareMetric = 'flows' | 'packets' | 'bytes';

export interface Share {
  key: string;
  label: string;
  flows: number;
  packets: number;
  /** Null when none of the group's flows has a byte count (show ip cache flow prints none). */
  bytes: number | null;
}

function group(rows: readonly Flow[], keyOf: (flow: Flow) => string, labelOf: (flow: Flow) => string): Share[] {
  const groups = new Map<string, Share>();
  for (const flow of rows) {
    const key = keyOf(flow);
    let share = groups.get(key);
    if (!share) {
      share = { key, label: labelOf(flow), flows: 0, packets: 0, bytes: null };
      groups.set(key, share);
    }
    share.flows += 1;
    share.packets += flow.packets;
    if (flow.bytes !== null) share.bytes = (share.bytes ?? 0) + flow.bytes;
  }
  return [...groups.values()];
}

export function metricOf(share: Share, metric: ShareMetric): number {
  return metric === 'bytes' ? (share.bytes ?? 0) : share[metric];
}

function byMetric(shares: Share[], metric: ShareMetric): Share[] {
  return shares.sort((a, b) => metricOf(b, metric) - metricOf(a, metric) || a.label.localeCompare(b.label, undefined, { numeric: true }));
}

const protocolCache = new WeakMap<readonly Flow[], Share[]>();
const talkerCache = new WeakMap<readonly Flow[], Map<TalkerSide, Share[]>>();

/** Flows and packets per IP protocol ("TCP", "ICMP", "protocol 253"). */
export function protocolMix(rows: readonly Flow[], metric: ShareMetric): Share[] {
  let shares = protocolCache.get(rows);
  if (!shares) {
    shares = group(rows, (flow) => String(flow.protocol), (flow) => flow.protocolName ?? `protocol ${flow.protocol}`);
    protocolCache.set(rows, shares);
  }
  return byMetric([...shares], metric);
}

/** The addresses that sent (side 'src') or received (side 'dst') the most, by `metric`, at most `limit`. */
export function topTalkers(rows: readonly Flow[], side: TalkerSide, metric: ShareMetric, limit: number): Share[] {
  let bySide = talkerCache.get(rows);
  if (!bySide) {
    bySide = new Map();
    talkerCache.set(rows, bySide);
  }
  let shares = bySide.get(side);
  if (!shares) {
    const address = side === 'src' ? (flow: Flow) => flow.srcAddr : (flow: Flow) => flow.dstAddr;
    shares = group(rows, address, address);
    bySide.set(side, shares);
  }
  return byMetric([...shares], metric).slice(0, limit);
}

/** Whether any flow of the collection has a byte count. */
export function hasBytes(rows: readonly Flow[]): boolean {
  return rows.some((flow) => flow.bytes !== null);
}
