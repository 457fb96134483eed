// One packet's decoding under way: where its flows, options records and problems go, and the template and buffering
// steps the v9 and IPFIX readers share.
import type { Ipv4Texts } from './bytes';
import { SYSTEM_INIT_TIME_IE } from './fieldDefinitions';
import { readFlowRecords, type PacketFacts } from './flowMapping';
import { readOptionsRecords } from './optionsRecords';
import type { CompiledTemplate } from './template';
import type { ExporterState, ObservationDomainState, PendingDataSet } from './templateCache';
import type { DecodeOutcome, DecodeProblemReason, ExpiredDataSet, ExportPacketSource, ExportVersion } from './types';

const VERSION_NAMES: Record<ExportVersion, string> = { 5: 'NetFlow v5', 9: 'NetFlow v9', 10: 'IPFIX' };

/** What the decoder lends a packet: its limits, the shared address texts, and where overflowing sets are counted. */
export interface DecoderPlumbing {
  readonly maxPendingSets: number;
  readonly addresses: Ipv4Texts;
  onBuffered(): void;
  onUnbuffered(count: number): void;
  onOverflow(dropped: ExpiredDataSet): void;
}

export class PacketDecoding {
  readonly outcome: DecodeOutcome = { version: null, flows: [], options: [], problems: [], bufferedSets: 0, droppedSets: [] };

  constructor(
    readonly source: ExportPacketSource,
    readonly exporter: ExporterState,
    private readonly plumbing: DecoderPlumbing,
  ) {}

  get addresses(): Ipv4Texts {
    return this.plumbing.addresses;
  }

  /** Records a problem, saying which exporter, which version, where in the packet and what was expected there. */
  problem(reason: DecodeProblemReason, offset: number, what: string): void {
    const version = this.outcome.version === null ? 'export packet' : VERSION_NAMES[this.outcome.version];
    this.outcome.problems.push({ reason, message: `${this.source.exporter}: ${version}, byte ${offset}: ${what}` });
  }

  facts(domain: ObservationDomainState, exportMs: number, sysUptime: number): PacketFacts {
    return {
      exporter: this.source.exporter,
      observationDomain: domain.observationDomain,
      receivedAt: this.source.receivedAt,
      version: domain.version,
      exportMs,
      sysUptime,
      systemInitMs: domain.systemInitMs,
    };
  }

  /** Stores a template (a re-sent one replaces the old) and decodes the data sets that were waiting for it. */
  defineTemplate(domain: ObservationDomainState, template: CompiledTemplate): void {
    domain.templates.set(template.templateId, template);
    const waiting = domain.pending.filter((set) => set.templateId === template.templateId);
    if (waiting.length === 0) return;
    const rest = domain.pending.filter((set) => set.templateId !== template.templateId);
    domain.pending.length = 0;
    domain.pending.push(...rest);
    this.plumbing.onUnbuffered(waiting.length);
    for (const set of waiting) {
      const facts: PacketFacts = { ...this.facts(domain, set.exportMs, set.sysUptime), receivedAt: set.receivedAt };
      const view = new DataView(set.body.buffer, set.body.byteOffset, set.body.byteLength);
      this.readSet(template, domain, facts, set.body, view, 0, set.body.length, 0);
    }
  }

  /** Withdraws one template, or all data (or all options) templates of the domain (IPFIX). */
  withdrawTemplates(domain: ObservationDomainState, which: number | 'all-data' | 'all-options'): void {
    if (typeof which === 'number') {
      domain.templates.delete(which);
      return;
    }
    for (const [id, template] of domain.templates) if (template.isOptions === (which === 'all-options')) domain.templates.delete(id);
  }

  /** Decodes a data set, or buffers it when its template has not come yet; the number of records read, or -1 if buffered. */
  dataSet(domain: ObservationDomainState, facts: PacketFacts, templateId: number, bytes: Uint8Array, view: DataView, start: number, end: number): number {
    const template = domain.templates.get(templateId);
    if (template !== undefined) return this.readSet(template, domain, facts, bytes, view, start, end, start - 4);
    if (domain.pending.length >= this.plumbing.maxPendingSets) {
      const oldest = domain.pending.shift()!;
      const dropped: ExpiredDataSet = {
        exporter: this.source.exporter,
        observationDomain: domain.observationDomain,
        version: domain.version === 9 ? 9 : 10,
        templateId: oldest.templateId,
        receivedAt: oldest.receivedAt,
        byteLength: oldest.body.length,
        reason: 'pending-overflow',
      };
      this.outcome.droppedSets.push(dropped);
      this.plumbing.onOverflow(dropped);
    }
    const pending: PendingDataSet = { templateId, body: bytes.slice(start, end), receivedAt: facts.receivedAt, exportMs: facts.exportMs, sysUptime: facts.sysUptime };
    domain.pending.push(pending);
    this.outcome.bufferedSets++;
    this.plumbing.onBuffered();
    return -1;
  }

  private readSet(template: CompiledTemplate, domain: ObservationDomainState, facts: PacketFacts, bytes: Uint8Array, view: DataView, start: number, end: number, setOffset: number): number {
    const { flows, options } = this.outcome;
    const before = template.isOptions ? options.length : flows.length;
    const problem = template.isOptions
      ? readOptionsRecords(template, bytes, view, start, end, facts, options)
      : readFlowRecords(template, bytes, view, start, end, facts, this.plumbing.addresses, flows);
    if (problem !== null) this.problem('record-past-end', problem.offset, `data set ${template.templateId} (set at byte ${setOffset}): ${problem.expected}`);
    if (!template.isOptions) return flows.length - before;
    for (let i = before; i < options.length; i++) {
      for (const field of options[i]!.fields) {
        if (field.id === SYSTEM_INIT_TIME_IE && field.enterprise === null && typeof field.value === 'number') domain.systemInitMs = facts.systemInitMs = field.value;
      }
    }
    return options.length - before;
  }
}
