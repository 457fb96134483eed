// Shares of a collection's flows for the charts beside the grid: per protocol, and per source or destination address
// (top talkers). Read from the flow table's columns, worked out once per collection and choice (a table never changes):
// addresses are grouped by sorting their numbers (no map of a million strings), and only the top shares become objects.
import { radixSort } from '../../../../shared/flows/radixSort';
import type { FlowTable } from '../../../../shared/flows/flowTable';
import { ipv4Text, ROW_DST_TEXT, ROW_OVERRIDE, ROW_SRC_TEXT } from '../../../../shared/flows/flowTable';
import { protocolNameOf } from '../../../../shared/parsers/cisco/flowFields';

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

interface Groups {
  shares: Share[];
  totals: { flows: number; packets: number; bytes: number };
}

function bytesOf(table: FlowTable, row: number): number | null {
  const value = table.data.optional.bytes?.[row];
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** Rows grouped by a key per row (a number where the columns give one, else text); `labelOf` names a group by a row of it. */
function group(table: FlowTable, keyOf: (row: number) => number | string, labelOf: (row: number) => string): Groups {
  const groups = new Map<number | string, Share>();
  const totals = { flows: 0, packets: 0, bytes: 0 };
  for (let row = 0; row < table.length; row++) {
    const key = keyOf(row);
    let share = groups.get(key);
    if (!share) {
      share = { key: String(key), label: labelOf(row), flows: 0, packets: 0, bytes: null };
      groups.set(key, share);
    }
    const packets = table.packetsAt(row);
    const bytes = bytesOf(table, row);
    share.flows += 1;
    share.packets += packets;
    totals.flows += 1;
    totals.packets += packets;
    if (bytes !== null) {
      share.bytes = (share.bytes ?? 0) + bytes;
      totals.bytes += bytes;
    }
  }
  return { shares: [...groups.values()], totals };
}

export function metricOf(share: Share, metric: ShareMetric): number {
  return metric === 'bytes' ? (share.bytes ?? 0) : share[metric];
}

function compare(metric: ShareMetric): (a: Share, b: Share) => number {
  return (a, b) => metricOf(b, metric) - metricOf(a, metric) || a.label.localeCompare(b.label, undefined, { numeric: true });
}

/** The `limit` biggest shares by `metric`, biggest first: one pass keeping the best, never a sort of them all. */
function top(shares: readonly Share[], metric: ShareMetric, limit: number): Share[] {
  const order = compare(metric);
  if (shares.length <= limit * 4) return [...shares].sort(order).slice(0, limit);
  const best: Share[] = [];
  for (const share of shares) {
    if (best.length === limit && order(share, best[limit - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && order(share, best[at - 1]!) < 0) at--;
    best.splice(at, 0, share);
    if (best.length > limit) best.pop();
  }
  return best;
}

const protocolCache = new WeakMap<FlowTable, Groups>();

function protocolGroups(table: FlowTable): Groups {
  let groups = protocolCache.get(table);
  if (!groups) {
    groups = group(
      table,
      (row) => table.protocolAt(row),
      (row) => protocolNameOf(table.protocolAt(row)) ?? `protocol ${table.protocolAt(row)}`,
    );
    protocolCache.set(table, groups);
  }
  return groups;
}

/** Flows and packets per IP protocol ("TCP", "ICMP", "protocol 253"), biggest first. */
export function protocolMix(table: FlowTable, metric: ShareMetric): Share[] {
  return [...protocolGroups(table).shares].sort(compare(metric));
}

/** One side's addresses and their sums, in columns: dotted quads by value, other addresses as shares. */
interface TalkerGroups {
  address: Uint32Array;
  flows: Float64Array;
  packets: Float64Array;
  /** NaN where none of the group's flows has a byte count. */
  bytes: Float64Array;
  /** Addresses that are text (IPv6, names, anonymised), grouped by their text. */
  texts: Share[];
}

const talkerCache = new WeakMap<FlowTable, Map<TalkerSide, TalkerGroups>>();

function talkerGroups(table: FlowTable, side: TalkerSide): TalkerGroups {
  let bySide = talkerCache.get(table);
  if (!bySide) {
    bySide = new Map();
    talkerCache.set(table, bySide);
  }
  let groups = bySide.get(side);
  if (groups) return groups;
  const d = table.data;
  const textBit = side === 'src' ? ROW_SRC_TEXT : ROW_DST_TEXT;
  const values = side === 'src' ? d.srcAddr : d.dstAddr;
  const numeric = new Uint32Array(d.length);
  let count = 0;
  const textRows: number[] = [];
  for (let row = 0; row < d.length; row++) {
    if (d.rowBits[row]! & textBit) textRows.push(row);
    else numeric[count++] = row;
  }
  const sorted = radixSort(numeric.subarray(0, count), values);
  // Runs of one address in the sorted rows are its group.
  const address = new Uint32Array(count);
  const flows = new Float64Array(count);
  const packets = new Float64Array(count);
  const bytes = new Float64Array(count).fill(Number.NaN);
  const packetsColumn = d.packets;
  const bytesColumn = d.optional.bytes;
  let groupCount = -1;
  for (let i = 0; i < sorted.length; i++) {
    const row = sorted[i]!;
    const value = values[row]!;
    if (groupCount < 0 || address[groupCount] !== value) address[++groupCount] = value;
    flows[groupCount]! += 1;
    if (d.rowBits[row]! & ROW_OVERRIDE) {
      packets[groupCount]! += table.packetsAt(row);
      const rowBytes = bytesOf(table, row);
      if (rowBytes !== null) bytes[groupCount] = (Number.isNaN(bytes[groupCount]!) ? 0 : bytes[groupCount]!) + rowBytes;
      continue;
    }
    packets[groupCount]! += packetsColumn[row]!;
    const rowBytes = bytesColumn?.[row];
    if (rowBytes !== undefined && !Number.isNaN(rowBytes)) bytes[groupCount] = (Number.isNaN(bytes[groupCount]!) ? 0 : bytes[groupCount]!) + rowBytes;
  }
  const groupTotal = groupCount + 1;
  const text = side === 'src' ? (row: number) => table.srcAddrAt(row) : (row: number) => table.dstAddrAt(row);
  const texts = new Map<string, Share>();
  for (const row of textRows) {
    const label = text(row);
    let share = texts.get(label);
    if (!share) texts.set(label, (share = { key: label, label, flows: 0, packets: 0, bytes: null }));
    share.flows += 1;
    share.packets += table.packetsAt(row);
    const rowBytes = bytesOf(table, row);
    if (rowBytes !== null) share.bytes = (share.bytes ?? 0) + rowBytes;
  }
  groups = { address: address.subarray(0, groupTotal), flows: flows.subarray(0, groupTotal), packets: packets.subarray(0, groupTotal), bytes: bytes.subarray(0, groupTotal), texts: [...texts.values()] };
  bySide.set(side, groups);
  return groups;
}

/** The addresses that sent (side 'src') or received (side 'dst') the most, by `metric`, at most `limit`. */
export function topTalkers(table: FlowTable, side: TalkerSide, metric: ShareMetric, limit: number): Share[] {
  const groups = talkerGroups(table, side);
  const measure = metric === 'flows' ? groups.flows : metric === 'packets' ? groups.packets : groups.bytes;
  const value = (group: number) => (Number.isNaN(measure[group]!) ? 0 : measure[group]!);
  // The best `limit` dotted quads in one pass; between equals the lower address (what "numeric" label order gives).
  const best: number[] = [];
  for (let group = 0; group < groups.address.length; group++) {
    const worst = best[best.length - 1];
    if (best.length === limit && worst !== undefined && value(group) <= value(worst)) continue;
    let at = best.length;
    while (at > 0 && value(group) > value(best[at - 1]!)) at--;
    best.splice(at, 0, group);
    if (best.length > limit) best.pop();
  }
  const shares = best.map((group): Share => {
    const label = ipv4Text(groups.address[group]!);
    const bytes = groups.bytes[group]!;
    return { key: label, label, flows: groups.flows[group]!, packets: groups.packets[group]!, bytes: Number.isNaN(bytes) ? null : bytes };
  });
  return top([...shares, ...groups.texts], metric, limit);
}

/** All flows', packets' or bytes' total: what the talkers' shares are shares of. */
export function flowTotal(table: FlowTable, metric: ShareMetric): number {
  return protocolGroups(table).totals[metric];
}

/** Whether any flow of the collection has a byte count. */
export function hasBytes(table: FlowTable): boolean {
  const bytes = table.data.optional.bytes;
  if (bytes !== undefined && bytes.some((value) => !Number.isNaN(value))) return true;
  return table.data.overrides.some((fields) => typeof fields.bytes === 'number');
}
