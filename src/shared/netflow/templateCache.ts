// What the decoder remembers per exporter and observation domain: templates, data sets waiting for their template,
// sequence numbers and counters.
import type { CompiledTemplate } from './template';
import type { ExportVersion, ExporterStats, ObservationDomainStats } from './types';

/** A data set that came before its template, kept (copied) until the template arrives or it expires. */
export interface PendingDataSet {
  templateId: number;
  body: Uint8Array;
  receivedAt: number;
  exportMs: number;
  sysUptime: number;
}

export class ObservationDomainState {
  readonly templates = new Map<number, CompiledTemplate>();
  readonly pending: PendingDataSet[] = [];
  lastSequence: number | null = null;
  /** Sequence number the next packet should carry; null when unknown (first packet, or data sets were buffered). */
  expectedSequence: number | null = null;
  missedSequence = 0;
  sequenceGaps = 0;
  /** IPFIX systemInitTimeMilliseconds from an options record; -1 until one comes. */
  systemInitMs = -1;

  constructor(
    readonly version: ExportVersion,
    readonly observationDomain: number,
  ) {}

  /**
   * Notes a packet's sequence number; `advance` is how far the next one should be ahead (records or 1 packet), null
   * when this packet's count is not known yet. Backward jumps (restarts, reordering) are not gaps.
   */
  noteSequence(sequence: number, advance: number | null): void {
    if (this.expectedSequence !== null) {
      const gap = (sequence - this.expectedSequence) >>> 0;
      if (gap !== 0 && gap < 0x80000000) {
        this.missedSequence += gap;
        this.sequenceGaps++;
      }
    }
    this.lastSequence = sequence;
    this.expectedSequence = advance === null ? null : (sequence + advance) >>> 0;
  }

  stats(): ObservationDomainStats {
    const data: number[] = [];
    const options: number[] = [];
    for (const [id, template] of this.templates) (template.isOptions ? options : data).push(id);
    return {
      version: this.version,
      observationDomain: this.observationDomain,
      templates: data.sort((a, b) => a - b),
      optionsTemplates: options.sort((a, b) => a - b),
      lastSequence: this.lastSequence,
      missedSequence: this.missedSequence,
      sequenceGaps: this.sequenceGaps,
    };
  }
}

export class ExporterState {
  readonly versions = new Set<ExportVersion>();
  packets = 0;
  flows = 0;
  /** Keyed by version × 2^32 + domain: a v9 source id and an IPFIX domain with the same number are different. */
  private readonly domains = new Map<number, ObservationDomainState>();

  constructor(readonly exporter: string) {}

  domain(version: ExportVersion, observationDomain: number): ObservationDomainState {
    const key = version * 4294967296 + observationDomain;
    let state = this.domains.get(key);
    if (state === undefined) this.domains.set(key, (state = new ObservationDomainState(version, observationDomain)));
    return state;
  }

  allDomains(): IterableIterator<ObservationDomainState> {
    return this.domains.values();
  }

  stats(): ExporterStats {
    return {
      exporter: this.exporter,
      versions: [...this.versions].sort((a, b) => a - b),
      packets: this.packets,
      flows: this.flows,
      domains: [...this.domains.values()].map((domain) => domain.stats()),
    };
  }
}
