// The flow export collector as the window, the command line and the case see it: where it listens, what it counted,
// and the exporters it heard from. Plain data; the socket is src/main/netflow/.

/** Loopback by default: NetFlow has no authentication, so anyone who reaches the port can feed the case flows. */
export const COLLECTOR_DEFAULTS = { address: '127.0.0.1', port: 2055, flushSeconds: 5 } as const;

export const COLLECTOR_LIMITS = { minFlushSeconds: 1, maxFlushSeconds: 3600 } as const;

/** The export protocols, as the case names the way a device was heard from (CaseDevice.via) and the format id. */
export type ExportFormat = 'netflow-v5' | 'netflow-v9' | 'ipfix';

export function exportFormatOf(version: 5 | 9 | 10): ExportFormat {
  return version === 5 ? 'netflow-v5' : version === 9 ? 'netflow-v9' : 'ipfix';
}

/** One exporter the collector heard from since it started listening. */
export interface ExporterStats {
  /** "address:port" as the datagrams came from ("[::1]:50123" for IPv6). */
  exporter: string;
  /** The protocol of its last datagram (5, 9 or 10 for IPFIX); null while none could be read. */
  version: 5 | 9 | 10 | null;
  packets: number;
  flows: number;
  malformed: number;
  /** Templates known for it (NetFlow v9 / IPFIX), as "domain/template id"; empty for v5. */
  templates: string[];
  /** ISO-8601 UTC of its last datagram. */
  lastPacketAt: string;
}

/** What the collector counted since it started listening (everything zero while stopped and never started). */
export interface CollectorStats {
  packets: number;
  bytes: number;
  flows: number;
  /** Datagrams that could not be read (wholly or partly), in total and by reason. */
  malformed: number;
  malformedByReason: Record<string, number>;
  /** Data sets waiting for their template. */
  pendingSets: number;
  /** Data sets dropped because their template never came (each one noted in its collection's diagnostics). */
  expiredSets: number;
  /** Collections handed to the case (and the window) so far. */
  collections: number;
  exporters: ExporterStats[];
}

export interface CollectorStatus {
  state: 'stopped' | 'listening';
  /** Where it listens (or last listened); null before the first start. */
  address: string | null;
  port: number | null;
  /** Seconds between two collections per exporter while listening (and one more on stop). */
  flushSeconds: number;
  /** ISO-8601 UTC when it started listening; null when never started. */
  since: string | null;
  stats: CollectorStats;
}

export function emptyCollectorStats(): CollectorStats {
  return { packets: 0, bytes: 0, flows: 0, malformed: 0, malformedByReason: {}, pendingSets: 0, expiredSets: 0, collections: 0, exporters: [] };
}

/** "address:port" of a UDP peer, IPv6 in brackets: the exporter's name in the collector and the case. */
export function endpointText(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
