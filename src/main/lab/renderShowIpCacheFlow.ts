// Renders a flow cache model as IOS prints `show ip cache flow`: column-aligned text, produced line by line so a million flows never sit in memory as one string.
import {
  BYTES_PER_CACHE_ENTRY,
  DEFAULT_CACHE_ENTRIES,
  PACKET_SIZE_BUCKETS,
  summarizeFlows,
  type CachedFlow,
  type FlowCacheModel,
  type FlowCacheSummary,
  type ProtocolTotals,
} from './flowCacheModel';

/** Header of the per-protocol table, as IOS prints it. */
export const PROTOCOL_TABLE_HEADER = [
  'Protocol         Total    Flows   Packets Bytes  Packets Active(Sec) Idle(Sec)',
  '--------         Flows     /Sec     /Flow  /Pkt     /Sec     /Flow     /Flow',
];

/** Header of the flow rows, as IOS prints it. */
export const FLOW_TABLE_HEADER = 'SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts';

/** Fixed overhead IOS adds to the cache size it reports. */
const CACHE_HEADER_BYTES = 16;

/** The sub-flow cache is fixed-size and unused by the lab, like on most routers. */
const SUB_FLOW_CACHE_LINES = [
  'IP Sub Flow Cache, 21640 bytes',
  '  0 active, 1024 inactive, 0 added, 0 added to flow',
  '  0 alloc failures, 0 force free',
  '  1 chunk, 1 chunk added',
];

/** Lines of `show ip cache flow` for the model, without line endings. Lazy: rows are formatted as they are pulled. */
export function* renderShowIpCacheFlow(cache: FlowCacheModel): Generator<string, void, undefined> {
  // IOS prints the statistics first, so the flows are walked twice: once to count, once to print.
  const summary = summarizeFlows(cache.flows());
  yield* renderSummary(summary, cache.statisticsSeconds);
  yield '';
  yield FLOW_TABLE_HEADER;
  for (const flow of cache.flows()) yield formatFlowRow(flow);
}

/** Everything above the flow rows: size distribution, cache statistics and the protocol table. */
export function renderSummary(summary: FlowCacheSummary, statisticsSeconds: number): string[] {
  const entries = Math.max(DEFAULT_CACHE_ENTRIES, summary.flows);
  const firstRow = PACKET_SIZE_BUCKETS.slice(0, 15);
  const secondRow = PACKET_SIZE_BUCKETS.slice(15);
  const fractions = summary.packetsBySize.map((packets) => formatFraction(summary.packets === 0 ? 0 : packets / summary.packets));
  return [
    `IP packet size distribution (${summary.packets} total packets):`,
    '   1-32' + firstRow.slice(1).map((size) => String(size).padStart(5)).join(''),
    formatFractionRow(fractions.slice(0, 15)),
    '',
    secondRow.map((size, index) => String(size).padStart(index === 0 ? 7 : 5)).join(''),
    formatFractionRow(fractions.slice(15)),
    '',
    `IP Flow Switching Cache, ${entries * BYTES_PER_CACHE_ENTRY + CACHE_HEADER_BYTES} bytes`,
    `  ${summary.flows} active, ${entries - summary.flows} inactive, ${summary.flows} added`,
    `  ${statisticsSeconds} ager polls, 0 flow alloc failures`,
    '  Active flows timeout in 30 minutes',
    '  Inactive flows timeout in 15 seconds',
    ...SUB_FLOW_CACHE_LINES,
    `  last clearing of statistics ${formatElapsed(statisticsSeconds)}`,
    ...PROTOCOL_TABLE_HEADER,
    ...summary.protocols.map((row) => formatProtocolRow(row.protocol, row, statisticsSeconds)),
    formatProtocolRow('Total:', summary, statisticsSeconds),
  ];
}

/** One protocol row: `%-14s%8d%9.1f%10d%6d%9.1f%10.1f%10.1f` in IOS's C. */
export function formatProtocolRow(
  label: string,
  totals: Pick<ProtocolTotals, 'flows' | 'packets' | 'bytes' | 'activeSeconds' | 'idleSeconds'>,
  statisticsSeconds: number,
): string {
  const perSecond = (count: number) => (statisticsSeconds > 0 ? count / statisticsSeconds : 0);
  const perFlow = (value: number) => (totals.flows > 0 ? value / totals.flows : 0);
  return (
    label.padEnd(14) +
    String(totals.flows).padStart(8) +
    perSecond(totals.flows).toFixed(1).padStart(9) +
    String(Math.floor(perFlow(totals.packets))).padStart(10) +
    String(totals.packets > 0 ? Math.floor(totals.bytes / totals.packets) : 0).padStart(6) +
    perSecond(totals.packets).toFixed(1).padStart(9) +
    perFlow(totals.activeSeconds).toFixed(1).padStart(10) +
    perFlow(totals.idleSeconds).toFixed(1).padStart(10)
  );
}

/** One flow row: `%-14s%-16s%-14s%-16s%02X %04X %04X %5u ` (trailing space included, as IOS prints it). */
export function formatFlowRow(flow: CachedFlow): string {
  return (
    column(flow.srcIf, 14) +
    column(flow.srcAddr, 16) +
    column(flow.dstIf, 14) +
    column(flow.dstAddr, 16) +
    hex(flow.protocol, 2) +
    ' ' +
    hex(flow.srcPort, 4) +
    ' ' +
    hex(flow.dstPort, 4) +
    ' ' +
    String(flow.packets).padStart(5) +
    ' '
  );
}

/** Left-aligned in `width`, but never run into the next column. */
function column(value: string, width: number): string {
  return value.length < width ? value.padEnd(width) : `${value} `;
}

/** Ports and protocols repeat across a million rows: their hex forms are made once. */
const hexCache = new Map<number, string[]>();

function hex(value: number, digits: number): string {
  let table = hexCache.get(digits);
  if (table === undefined) {
    table = [];
    hexCache.set(digits, table);
  }
  return (table[value] ??= value.toString(16).toUpperCase().padStart(digits, '0'));
}

/** ".375" for 0.375: IOS drops the leading zero. */
function formatFraction(fraction: number): string {
  const fixed = fraction.toFixed(3);
  return fixed.startsWith('0') ? fixed.slice(1) : fixed;
}

function formatFractionRow(fractions: string[]): string {
  return fractions.map((text, index) => text.padStart(index === 0 ? 7 : 5)).join('');
}

/** IOS's elapsed-time style: "00:12:34" under a day, "3d04h" under a week, "2w1d" beyond; "never" for no clearing. */
export function formatElapsed(seconds: number): string {
  if (seconds <= 0) return 'never';
  const hours = Math.floor(seconds / 3600);
  if (hours < 24) {
    const two = (value: number) => String(value).padStart(2, '0');
    return `${two(hours)}:${two(Math.floor((seconds % 3600) / 60))}:${two(Math.floor(seconds % 60))}`;
  }
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days}d${String(hours % 24).padStart(2, '0')}h`;
  return `${Math.floor(days / 7)}w${days % 7}d`;
}
