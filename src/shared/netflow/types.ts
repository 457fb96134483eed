// What the NetFlow v5 / v9 / IPFIX decoder takes and gives: packets in, flows, options records and problems out.

/** Where and when a datagram came from: the collector passes both in (the decoder has no clock and no sockets). */
export interface ExportPacketSource {
  /** Address and port of the sender, e.g. "127.0.0.1:40123". Templates and sequences are kept per exporter. */
  exporter: string;
  /** When the collector received the datagram, in ms since the epoch. */
  receivedAt: number;
}

export type ExportVersion = 5 | 9 | 10;

/** One flow record from an export packet, in the analyst's field names. */
export interface ExportedFlow {
  exporter: string;
  /** v9 source id, IPFIX observation domain id, v5 (engine type << 8) | engine id. */
  observationDomain: number;
  receivedAt: number;
  version: ExportVersion;
  ipVersion: 4 | 6;
  srcAddr: string;
  dstAddr: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  /** 64-bit counters become numbers: exact up to 2^53 (9 PB), rounded beyond. */
  packets: number;
  bytes: number;
  tos: number | null;
  tcpFlags: number | null;
  inputIf: number | null;
  outputIf: number | null;
  srcMask: number | null;
  dstMask: number | null;
  srcAs: number | null;
  dstAs: number | null;
  nextHop: string | null;
  /** ms since the epoch: from sysUptime and unix secs (v5/v9), from flowStart* / flowEnd* IEs (IPFIX). */
  flowStart: number | null;
  flowEnd: number | null;
  /** Fields the mapping does not name: "ie<id>" or "ie<enterprise>.<id>" → hex of the raw bytes (enterprise fields always kept raw). */
  extras: Record<string, string>;
}

/** One field of an options record: IANA name where known ("samplingInterval"), else "ie<id>" / "ie<enterprise>.<id>". */
export interface OptionsField {
  name: string;
  id: number;
  enterprise: number | null;
  /** Known unsigned IEs (v9 scope ids up to 6 bytes) as numbers, known addresses as text, anything else as hex of the raw bytes. */
  value: number | string;
}

/** One record of an options data set (v9 options template, IPFIX set 3): exporter facts such as the sampling interval. */
export interface OptionsRecord {
  exporter: string;
  observationDomain: number;
  receivedAt: number;
  version: 9 | 10;
  templateId: number;
  /** v9 scopes are named by scope type: "system", "interface", "lineCard", "cache", "template"; IPFIX scopes by IE. */
  scopes: OptionsField[];
  fields: OptionsField[];
  /** samplingInterval (34), samplerRandomInterval (50) or samplingPacketInterval (305), when the record has one. */
  samplingInterval: number | null;
}

/** Short codes for what can be wrong with a packet; `message` says exactly where and what was expected. */
export type DecodeProblemReason =
  | 'short-packet'
  | 'unknown-version'
  | 'bad-length'
  | 'count-mismatch'
  | 'set-too-short'
  | 'set-past-end'
  | 'reserved-set-id'
  | 'template-truncated'
  | 'bad-template-id'
  | 'zero-length-field'
  | 'empty-template'
  | 'bad-scope'
  | 'record-past-end'
  /** A bug of ours caught at the last line of defence: the packet is counted, the collector goes on. */
  | 'decoder-fault';

export interface DecodeProblem {
  reason: DecodeProblemReason;
  message: string;
}

export interface DecodeOutcome {
  /** null when the packet is too short to carry a version or carries an unknown one. */
  version: ExportVersion | null;
  /** This packet's flows, plus those of buffered data sets whose template this packet brought. */
  flows: ExportedFlow[];
  options: OptionsRecord[];
  problems: DecodeProblem[];
  /** Data sets of this packet kept until their template arrives. */
  bufferedSets: number;
  /** Older buffered sets this packet pushed out of a full buffer (also counted in stats().overflowSets). */
  droppedSets: ExpiredDataSet[];
}

/** A buffered data set dropped because its template never came (or the buffer was full). */
export interface ExpiredDataSet {
  exporter: string;
  observationDomain: number;
  version: 9 | 10;
  templateId: number;
  receivedAt: number;
  byteLength: number;
  reason: 'template-never-came' | 'pending-overflow';
}

export interface ObservationDomainStats {
  /** Templates and sequences are kept per version too: a v9 source id and an IPFIX domain 0 are different. */
  version: ExportVersion;
  observationDomain: number;
  /** Data template ids currently known. */
  templates: number[];
  optionsTemplates: number[];
  /** Sequence number of the last packet (v5: flow sequence, v9: packet sequence, IPFIX: data record sequence). */
  lastSequence: number | null;
  /** Sum of the gaps: flows (v5, IPFIX) or packets (v9) the exporter sent that never arrived. */
  missedSequence: number;
  /** How many times the sequence jumped forward. */
  sequenceGaps: number;
}

export interface ExporterStats {
  exporter: string;
  versions: ExportVersion[];
  packets: number;
  flows: number;
  domains: ObservationDomainStats[];
}

export interface DecoderStats {
  packets: number;
  /** Packets without a problem: packets = decodedPackets + malformed.total. */
  decodedPackets: number;
  flows: number;
  optionsRecords: number;
  /** Each malformed packet counts once in total and once under its first problem's reason. */
  malformed: { total: number; byReason: Partial<Record<DecodeProblemReason, number>> };
  pendingSets: number;
  expiredSets: number;
  /** Buffered sets dropped because an exporter+domain had maxPendingSets waiting. */
  overflowSets: number;
  exporters: ExporterStats[];
}

export interface FlowExportDecoderOptions {
  /** How long a data set waits for its template (default 10 000 ms). */
  pendingTemplateMs?: number;
  /** Most data sets buffered per exporter + observation domain (default 1024); the oldest goes first. */
  maxPendingSets?: number;
}
