// FlowExportDecoder: one object per collector that turns NetFlow v5 / v9 / IPFIX datagrams into flows, keeping
// templates, buffered data sets and counters per exporter. Pure: time comes in with each packet.
import type { DecodeOutcome, DecoderStats, ExpiredDataSet, ExportPacketSource, FlowExportDecoderOptions } from './types';

export class FlowExportDecoder {
  private packets = 0;
  private malformed = 0;
  private readonly byReason: DecoderStats['malformed']['byReason'] = {};

  constructor(private readonly options: FlowExportDecoderOptions = {}) {}

  /** Never throws: a malformed packet yields problems and is counted. */
  decode(packet: Uint8Array, source: ExportPacketSource): DecodeOutcome {
    this.packets++;
    this.malformed++;
    this.byReason['not-yet-supported'] = (this.byReason['not-yet-supported'] ?? 0) + 1;
    return {
      version: null,
      flows: [],
      options: [],
      problems: [{ reason: 'not-yet-supported', message: `${source.exporter}: decoding is not implemented yet (${packet.length} bytes)` }],
      bufferedSets: 0,
    };
  }

  /** Drops buffered data sets whose template has not come within pendingTemplateMs; returns what was dropped. */
  expire(_now: number): ExpiredDataSet[] {
    return [];
  }

  stats(): DecoderStats {
    return {
      packets: this.packets,
      decodedPackets: this.packets - this.malformed,
      flows: 0,
      optionsRecords: 0,
      malformed: { total: this.malformed, byReason: { ...this.byReason } },
      pendingSets: 0,
      expiredSets: 0,
      overflowSets: 0,
      exporters: [],
    };
  }
}
