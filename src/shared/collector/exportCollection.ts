// One exporter's datagrams since the last hand-over, as the flow collection the case keeps and the grid shows: the
// datagrams verbatim as raw (datagramLog.ts), the decoded flows in columns with exporter and receive time per flow,
// and every problem (a malformed datagram, a data set whose template never came) as a diagnostic on its datagram's line.
import type { CollectedFlows, Diagnostic, Flow } from '../domain';
import { FlowTable, ROW_EXTRA, type FlowTableData } from '../flows/flowTable';
import { flowOfExportedFlow, type ExportedFlow } from '../netflow';
import { endpointText, exportFormatOf, type ExportFormat } from './collectorModel';
import { datagramLine, type LoggedDatagram } from './datagramLog';

/** Bumped when what a collection holds per flow changes. */
export const EXPORT_COLLECTION_VERSION = '1';

export interface BatchProblem {
  /** Index of the datagram in the batch it is about; null when that datagram went with an earlier collection. */
  datagram: number | null;
  severity: Diagnostic['severity'];
  reason: string;
  message: string;
}

export interface ExportBatch {
  /** The collection's id (unique). */
  id: string;
  exporter: string;
  /** Where the collector listened. */
  listen: { address: string; port: number };
  datagrams: (LoggedDatagram & { version: 5 | 9 | 10 | null })[];
  flows: ExportedFlow[];
  problems: BatchProblem[];
}

/** The sections of an export collection: what the flows grid's details show about where they came from. */
export interface ExportSections {
  exporter: string;
  listen: string;
  formats: ExportFormat[];
  datagrams: number;
  bytes: number;
  malformedDatagrams: number;
}

/** A case device id from an exporter's address and port: letters, digits and dashes. */
export function exporterDeviceId(exporter: string): string {
  return `exporter-${exporter.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export function exporterLabel(exporter: string): string {
  return `NetFlow exporter ${exporter}`;
}

const FORMAT_NAMES: Record<ExportFormat, string> = { 'netflow-v5': 'NetFlow v5', 'netflow-v9': 'NetFlow v9', ipfix: 'IPFIX' };

/** The "command" a collection names: what was received where, e.g. "receive NetFlow v9 on udp 127.0.0.1:2055". */
export function exportCommand(formats: readonly ExportFormat[], listen: { address: string; port: number }): string {
  const names = formats.length === 0 ? 'flow exports' : formats.map((format) => FORMAT_NAMES[format]).join(' + ');
  return `receive ${names} on udp ${endpointText(listen.address, listen.port)}`;
}

const TEXT_HEAD = 160;

/** What a collection keeps beside each flow: where and when it was received (FlowTable extras). */
function flowExtras(exported: ExportedFlow, receivedAt: string, datagramLine: number | undefined): Record<string, unknown> {
  const extras: Record<string, unknown> = {
    exporter: exported.exporter,
    receivedAt,
    datagramLine: datagramLine ?? null,
    observationDomain: exported.observationDomain,
    flowStart: exported.flowStart === null ? null : new Date(exported.flowStart).toISOString(),
    flowEnd: exported.flowEnd === null ? null : new Date(exported.flowEnd).toISOString(),
  };
  for (const key in exported.extras) extras[key] = exported.extras[key];
  return extras;
}

/**
 * A collection built as its datagrams arrive: each datagram's line and flows are made when it comes, so handing the
 * collection over costs only putting the flows in columns (the collector's socket waits meanwhile).
 */
export class ExportCollectionBuilder {
  private readonly lines: string[] = [];
  private readonly flows: Flow[] = [];
  /** Per flow, what it keeps beyond Flow's fields (every flow has some: its exporter and receive time). */
  private readonly extras: Record<string, unknown>[] = [];
  /** The ISO text of the last receive time, shared by the flows of one datagram. */
  private lastTime = { at: Number.NaN, text: '' };
  private readonly diagnostics: Diagnostic[] = [];
  private readonly versions = new Set<5 | 9 | 10>();
  /** The line of the first datagram received at each time: where a flow buffered from it came from. */
  private readonly lineAt = new Map<number, number>();
  private first = Infinity;
  private last = -Infinity;
  private bytes = 0;
  private readonly malformed = new Set<number>();

  constructor(
    readonly id: string,
    readonly exporter: string,
    private readonly listen: { address: string; port: number },
  ) {}

  get datagramCount(): number {
    return this.lines.length;
  }

  get isEmpty(): boolean {
    return this.lines.length === 0 && this.flows.length === 0 && this.diagnostics.length === 0;
  }

  private spans(time: number): void {
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
  }

  /** A datagram as received; returns its index (its line is the index + 1). */
  addDatagram(datagram: LoggedDatagram & { version: 5 | 9 | 10 | null }): number {
    const index = this.lines.length;
    this.lines.push(datagramLine(datagram));
    if (!this.lineAt.has(datagram.receivedAt)) this.lineAt.set(datagram.receivedAt, index + 1);
    if (datagram.version !== null) this.versions.add(datagram.version);
    this.bytes += datagram.bytes.length;
    this.spans(datagram.receivedAt);
    return index;
  }

  /** Decoded flows, each with the line of the datagram received at its time when that datagram is in this collection. */
  addFlows(flows: readonly ExportedFlow[]): void {
    for (const exported of flows) {
      if (exported.receivedAt !== this.lastTime.at) this.lastTime = { at: exported.receivedAt, text: new Date(exported.receivedAt).toISOString() };
      this.flows.push(flowOfExportedFlow(exported, this.flows.length + 1));
      this.extras.push(flowExtras(exported, this.lastTime.text, this.lineAt.get(exported.receivedAt)));
      this.spans(exported.receivedAt);
    }
  }

  /** Index of the datagram received at `receivedAt` in this collection; null when it went with an earlier one. */
  datagramAt(receivedAt: number): number | null {
    const line = this.lineAt.get(receivedAt);
    return line === undefined ? null : line - 1;
  }

  addProblem(problem: BatchProblem): void {
    const line = problem.datagram === null ? 0 : problem.datagram + 1;
    const text = line === 0 ? '' : this.lines[line - 1]!;
    if (problem.severity === 'error' && problem.datagram !== null) this.malformed.add(problem.datagram);
    this.diagnostics.push({ line, severity: problem.severity, message: `${this.exporter}: ${problem.message}`, text: text.length > TEXT_HEAD ? `${text.slice(0, TEXT_HEAD)}…` : text, expected: problem.reason });
  }

  /** The formats its datagrams were in, in a stable order. */
  formats(): ExportFormat[] {
    return ([5, 9, 10] as const).filter((version) => this.versions.has(version)).map(exportFormatOf);
  }

  /** The flows in columns, each row with its extras (set here at once: every row has them). */
  private table(): FlowTableData {
    const data = FlowTable.fromFlows(this.flows).data;
    const rows = new Uint32Array(this.extras.length);
    for (let row = 0; row < rows.length; row++) {
      rows[row] = row;
      data.rowBits[row]! |= ROW_EXTRA;
    }
    data.extraRows = rows;
    data.extras = this.extras;
    return data;
  }

  build(): CollectedFlows<ExportSections> {
    const raw = this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
    const formats = this.formats();
    const format = formats.length === 1 ? formats[0]! : formats.length === 0 ? 'netflow-v9' : 'netflow';
    return {
      command: {
        id: this.id,
        routerId: exporterDeviceId(this.exporter),
        device: exporterLabel(this.exporter),
        command: exportCommand(formats, this.listen),
        startedAt: new Date(Number.isFinite(this.first) ? this.first : 0).toISOString(),
        finishedAt: new Date(Number.isFinite(this.last) ? this.last : 0).toISOString(),
        raw,
        output: raw,
        outcome: 'ok',
      },
      result: {
        format,
        parserVersion: EXPORT_COLLECTION_VERSION,
        table: this.table(),
        sections: { exporter: this.exporter, listen: endpointText(this.listen.address, this.listen.port), formats, datagrams: this.lines.length, bytes: this.bytes, malformedDatagrams: this.malformed.size },
        diagnostics: this.diagnostics,
      },
    };
  }
}

/** A whole batch at once (what the builder does as datagrams come): for re-reading kept datagrams and for tests. */
export function exportCollection(batch: ExportBatch): CollectedFlows<ExportSections> {
  const builder = new ExportCollectionBuilder(batch.id, batch.exporter, batch.listen);
  const flowsAt = new Map<number, ExportedFlow[]>();
  for (const flow of batch.flows) flowsAt.set(flow.receivedAt, [...(flowsAt.get(flow.receivedAt) ?? []), flow]);
  for (const datagram of batch.datagrams) {
    builder.addDatagram(datagram);
    builder.addFlows(flowsAt.get(datagram.receivedAt) ?? []);
    flowsAt.delete(datagram.receivedAt);
  }
  // Flows buffered from datagrams of an earlier collection.
  for (const flows of flowsAt.values()) builder.addFlows(flows);
  for (const problem of batch.problems) builder.addProblem(problem);
  return builder.build();
}
