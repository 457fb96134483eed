// FlowExportDecoder: one object per collector that turns NetFlow v5 / v9 / IPFIX datagrams into flows, keeping
// templates, buffered data sets and counters per exporter. Pure: time comes in with each packet and with expire().
import { Ipv4Texts } from './bytes';
import { decodeIpfix } from './ipfix';
import { PacketDecoding, type DecoderPlumbing } from './packetDecoding';
import { ExporterState } from './templateCache';
import type { DecodeOutcome, DecodeProblemReason, DecoderStats, ExpiredDataSet, ExportPacketSource, FlowExportDecoderOptions } from './types';
import { decodeV5 } from './v5';
import { decodeV9 } from './v9';

const DEFAULT_PENDING_TEMPLATE_MS = 10_000;
const DEFAULT_MAX_PENDING_SETS = 1024;

export class FlowExportDecoder {
  private readonly pendingTemplateMs: number;
  private readonly exporters = new Map<string, ExporterState>();
  private readonly plumbing: DecoderPlumbing;
  private packets = 0;
  private flows = 0;
  private optionsRecords = 0;
  private malformed = 0;
  private readonly byReason: Partial<Record<DecodeProblemReason, number>> = {};
  private pendingSets = 0;
  private expiredSets = 0;
  private overflowSets = 0;

  constructor(options: FlowExportDecoderOptions = {}) {
    this.pendingTemplateMs = options.pendingTemplateMs ?? DEFAULT_PENDING_TEMPLATE_MS;
    this.plumbing = {
      maxPendingSets: Math.max(1, options.maxPendingSets ?? DEFAULT_MAX_PENDING_SETS),
      addresses: new Ipv4Texts(),
      onBuffered: () => this.pendingSets++,
      onUnbuffered: (count) => (this.pendingSets -= count),
      onOverflow: () => {
        this.pendingSets--;
        this.overflowSets++;
      },
    };
  }

  /** Never throws: a malformed packet yields problems and is counted. */
  decode(packet: Uint8Array, source: ExportPacketSource): DecodeOutcome {
    this.packets++;
    const exporter = this.exporter(source.exporter);
    exporter.packets++;
    const decoding = new PacketDecoding(source, exporter, this.plumbing);
    const outcome = decoding.outcome;
    try {
      if (packet.length < 2) {
        decoding.problem('short-packet', 0, `expected at least a 2-byte version, the packet has ${packet.length} bytes`);
      } else {
        const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
        const version = view.getUint16(0);
        if (version === 5 || version === 9 || version === 10) {
          outcome.version = version;
          exporter.versions.add(version);
          if (version === 5) decodeV5(packet, view, decoding);
          else if (version === 9) decodeV9(packet, view, decoding);
          else decodeIpfix(packet, view, decoding);
        } else {
          decoding.problem('unknown-version', 0, `version ${version}; expected 5, 9 or 10 (IPFIX)`);
        }
      }
    } catch (error) {
      decoding.problem('decoder-fault', 0, `the decoder failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.flows += outcome.flows.length;
    exporter.flows += outcome.flows.length;
    this.optionsRecords += outcome.options.length;
    const first = outcome.problems[0];
    if (first !== undefined) {
      this.malformed++;
      this.byReason[first.reason] = (this.byReason[first.reason] ?? 0) + 1;
    }
    return outcome;
  }

  /** Drops buffered data sets whose template has not come within pendingTemplateMs; returns what was dropped (counted in stats). */
  expire(now: number): ExpiredDataSet[] {
    const dropped: ExpiredDataSet[] = [];
    for (const exporter of this.exporters.values()) {
      for (const domain of exporter.allDomains()) {
        if (domain.pending.length === 0) continue;
        const kept = domain.pending.filter((set) => {
          if (now - set.receivedAt <= this.pendingTemplateMs) return true;
          dropped.push({
            exporter: exporter.exporter,
            observationDomain: domain.observationDomain,
            version: domain.version === 9 ? 9 : 10,
            templateId: set.templateId,
            receivedAt: set.receivedAt,
            byteLength: set.body.length,
            reason: 'template-never-came',
          });
          return false;
        });
        domain.pending.length = 0;
        domain.pending.push(...kept);
      }
    }
    this.pendingSets -= dropped.length;
    this.expiredSets += dropped.length;
    return dropped;
  }

  stats(): DecoderStats {
    return {
      packets: this.packets,
      decodedPackets: this.packets - this.malformed,
      flows: this.flows,
      optionsRecords: this.optionsRecords,
      malformed: { total: this.malformed, byReason: { ...this.byReason } },
      pendingSets: this.pendingSets,
      expiredSets: this.expiredSets,
      overflowSets: this.overflowSets,
      exporters: [...this.exporters.values()].map((exporter) => exporter.stats()),
    };
  }

  private exporter(address: string): ExporterState {
    let state = this.exporters.get(address);
    if (state === undefined) this.exporters.set(address, (state = new ExporterState(address)));
    return state;
  }
}
