// The lab router's flow cache as data: the flows it holds and the statistics IOS derives from them.

/** One entry of the simulated NetFlow cache, before IOS turns it into a row of `show ip cache flow`. */
export interface CachedFlow {
  srcIf: string;
  srcAddr: string;
  dstIf: string;
  dstAddr: string;
  /** IANA protocol number, e.g. 6 for TCP. */
  protocol: number;
  srcPort: number;
  /** For ICMP, IOS puts type * 256 + code here. */
  dstPort: number;
  packets: number;
  bytes: number;
  /** Seconds between the flow's first and last packet. */
  activeSeconds: number;
  /** Seconds since the flow's last packet. */
  idleSeconds: number;
}

/** A flow cache the renderer can print: its flows, plus the counters IOS prints around them. */
export interface FlowCacheModel {
  /** The cache entries in the order the router lists them. Called more than once: must yield the same flows each time. */
  flows(): Iterable<CachedFlow>;
  /** Seconds since `clear ip flow stats`; the per-second columns divide by it. */
  statisticsSeconds: number;
}

/** IOS's default `ip flow-cache entries`. */
export const DEFAULT_CACHE_ENTRIES = 4096;
/** Bytes IOS reports per flow cache entry (4096 entries: 278544 bytes, 16 of them overhead). */
export const BYTES_PER_CACHE_ENTRY = 68;

/** Upper bounds of IOS's packet size buckets, in the order they are printed; the first is labelled "1-32". */
export const PACKET_SIZE_BUCKETS: readonly number[] = [
  32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 480,
  512, 544, 576, 1024, 1536, 2048, 2560, 3072, 3584, 4096, 4608,
];

/** The protocol rows IOS can print, in its order; a row appears only when it has flows. */
export const PROTOCOL_CATEGORIES = [
  'TCP-Telnet', 'TCP-FTP', 'TCP-FTPD', 'TCP-WWW', 'TCP-SMTP', 'TCP-X', 'TCP-BGP', 'TCP-NNTP', 'TCP-Frag', 'TCP-other',
  'UDP-DNS', 'UDP-NTP', 'UDP-TFTP', 'UDP-Frag', 'UDP-other',
  'ICMP', 'IGMP', 'IPINIP', 'GRE', 'IP-other',
] as const;

export type ProtocolCategory = (typeof PROTOCOL_CATEGORIES)[number];

const TCP_PORT_CATEGORIES = new Map<number, ProtocolCategory>([
  [23, 'TCP-Telnet'], [21, 'TCP-FTP'], [20, 'TCP-FTPD'], [80, 'TCP-WWW'], [25, 'TCP-SMTP'], [179, 'TCP-BGP'], [119, 'TCP-NNTP'],
]);
const UDP_PORT_CATEGORIES = new Map<number, ProtocolCategory>([[53, 'UDP-DNS'], [123, 'UDP-NTP'], [69, 'UDP-TFTP']]);

function tcpCategory(port: number): ProtocolCategory | undefined {
  if (port >= 6000 && port <= 6063) return 'TCP-X';
  return TCP_PORT_CATEGORIES.get(port);
}

/** The protocol row a flow is counted in; the well-known port may be on either side (a web server's replies are TCP-WWW too). */
export function protocolCategoryOf(flow: Pick<CachedFlow, 'protocol' | 'srcPort' | 'dstPort'>): ProtocolCategory {
  switch (flow.protocol) {
    case 6:
      return tcpCategory(flow.dstPort) ?? tcpCategory(flow.srcPort) ?? 'TCP-other';
    case 17:
      return UDP_PORT_CATEGORIES.get(flow.dstPort) ?? UDP_PORT_CATEGORIES.get(flow.srcPort) ?? 'UDP-other';
    case 1:
      return 'ICMP';
    case 2:
      return 'IGMP';
    case 4:
      return 'IPINIP';
    case 47:
      return 'GRE';
    default:
      return 'IP-other';
  }
}

/** Index into PACKET_SIZE_BUCKETS for a packet of `size` bytes; larger packets than the last bucket count in the last. */
export function packetSizeBucketOf(size: number): number {
  for (let index = 0; index < PACKET_SIZE_BUCKETS.length; index += 1) {
    if (size <= (PACKET_SIZE_BUCKETS[index] as number)) return index;
  }
  return PACKET_SIZE_BUCKETS.length - 1;
}

export interface ProtocolTotals {
  protocol: ProtocolCategory;
  flows: number;
  packets: number;
  bytes: number;
  activeSeconds: number;
  idleSeconds: number;
}

/** Everything IOS prints above the flow rows, computed from the flows so the two always agree. */
export interface FlowCacheSummary {
  flows: number;
  packets: number;
  bytes: number;
  activeSeconds: number;
  idleSeconds: number;
  /** Packets per size bucket (each flow's packets counted at its mean packet size), parallel to PACKET_SIZE_BUCKETS. */
  packetsBySize: number[];
  /** Rows with at least one flow, in IOS order. */
  protocols: ProtocolTotals[];
}

export function summarizeFlows(flows: Iterable<CachedFlow>): FlowCacheSummary {
  const byProtocol = new Map<ProtocolCategory, ProtocolTotals>();
  const packetsBySize = PACKET_SIZE_BUCKETS.map(() => 0);
  const total = { flows: 0, packets: 0, bytes: 0, activeSeconds: 0, idleSeconds: 0 };
  for (const flow of flows) {
    const protocol = protocolCategoryOf(flow);
    let row = byProtocol.get(protocol);
    if (row === undefined) {
      row = { protocol, flows: 0, packets: 0, bytes: 0, activeSeconds: 0, idleSeconds: 0 };
      byProtocol.set(protocol, row);
    }
    for (const sum of [row, total]) {
      sum.flows += 1;
      sum.packets += flow.packets;
      sum.bytes += flow.bytes;
      sum.activeSeconds += flow.activeSeconds;
      sum.idleSeconds += flow.idleSeconds;
    }
    if (flow.packets > 0) {
      const bucket = packetSizeBucketOf(Math.round(flow.bytes / flow.packets));
      packetsBySize[bucket] = (packetsBySize[bucket] as number) + flow.packets;
    }
  }
  const protocols = PROTOCOL_CATEGORIES.flatMap((name) => {
    const row = byProtocol.get(name);
    return row === undefined ? [] : [row];
  });
  return { ...total, packetsBySize, protocols };
}
