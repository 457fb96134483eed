// One exporter's datagrams since the last hand-over, as the flow collection the case keeps and the grid shows: the
// datagrams verbatim as raw (datagramLog.ts), the decoded flows in columns with exporter and receive time per flow,
// and every problem (a malformed datagram, a data set whose template never came) as a diagnostic on its datagram's line.
import type { CollectedFlows, Diagnostic, Flow } from '../domain';
import { FlowTable } from '../flows/flowTable';
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

/** The formats a batch's datagrams were in, in a stable order; NetFlow v9 when none could be read. */
export function batchFormats(batch: Pick<ExportBatch, 'datagrams'>): ExportFormat[] {
  const versions = new Set(batch.datagrams.map((datagram) => datagram.version).filter((version) => version !== null));
  return ([5, 9, 10] as const).filter((version) => versions.has(version)).map(exportFormatOf);
}

/** The "command" a collection names: what was received where, e.g. "receive NetFlow v9 on udp 127.0.0.1:2055". */
export function exportCommand(formats: readonly ExportFormat[], listen: { address: string; port: number }): string {
  const names = formats.length === 0 ? 'flow exports' : formats.map((format) => FORMAT_NAMES[format]).join(' + ');
  return `receive ${names} on udp ${endpointText(listen.address, listen.port)}`;
}

const TEXT_HEAD = 160;

export function exportCollection(batch: ExportBatch): CollectedFlows<ExportSections> {
  const lines = batch.datagrams.map(datagramLine);
  const raw = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  // A flow's datagram: the one received at the same time from the same exporter (a buffered data set keeps its time).
  const lineAt = new Map<number, number>();
  batch.datagrams.forEach((datagram, index) => {
    if (!lineAt.has(datagram.receivedAt)) lineAt.set(datagram.receivedAt, index + 1);
  });
  const flows: Flow[] = batch.flows.map((exported, index) => {
    const flow = flowOfExportedFlow(exported, index + 1) as Flow & Record<string, unknown>;
    flow.exporter = exported.exporter;
    flow.receivedAt = new Date(exported.receivedAt).toISOString();
    const datagram = lineAt.get(exported.receivedAt);
    if (datagram !== undefined) flow.datagramLine = datagram;
    flow.observationDomain = exported.observationDomain;
    if (exported.flowStart !== null) flow.flowStart = new Date(exported.flowStart).toISOString();
    if (exported.flowEnd !== null) flow.flowEnd = new Date(exported.flowEnd).toISOString();
    for (const [key, value] of Object.entries(exported.extras)) flow[key] = value;
    return flow;
  });
  const diagnostics: Diagnostic[] = batch.problems.map((problem) => {
    const line = problem.datagram === null ? 0 : problem.datagram + 1;
    const text = line === 0 ? '' : lines[line - 1]!;
    return {
      line,
      severity: problem.severity,
      message: `${batch.exporter}: ${problem.message}`,
      text: text.length > TEXT_HEAD ? `${text.slice(0, TEXT_HEAD)}…` : text,
      expected: problem.reason,
    };
  });
  let first = Infinity;
  let last = -Infinity;
  for (const { receivedAt } of [...batch.datagrams, ...batch.flows]) {
    if (receivedAt < first) first = receivedAt;
    if (receivedAt > last) last = receivedAt;
  }
  const startedAt = new Date(Number.isFinite(first) ? first : 0).toISOString();
  const finishedAt = new Date(Number.isFinite(last) ? last : 0).toISOString();
  const formats = batchFormats(batch);
  const format = formats.length === 1 ? formats[0]! : formats.length === 0 ? 'netflow-v9' : 'netflow';
  const malformedDatagrams = new Set(batch.problems.filter((problem) => problem.severity === 'error' && problem.datagram !== null).map((problem) => problem.datagram)).size;
  return {
    command: {
      id: batch.id,
      routerId: exporterDeviceId(batch.exporter),
      device: exporterLabel(batch.exporter),
      command: exportCommand(formats, batch.listen),
      startedAt,
      finishedAt,
      raw,
      output: raw,
      outcome: 'ok',
    },
    result: {
      format,
      parserVersion: EXPORT_COLLECTION_VERSION,
      table: FlowTable.fromFlows(flows).data,
      sections: {
        exporter: batch.exporter,
        listen: endpointText(batch.listen.address, batch.listen.port),
        formats,
        datagrams: batch.datagrams.length,
        bytes: batch.datagrams.reduce((sum, datagram) => sum + datagram.bytes.length, 0),
        malformedDatagrams,
      },
      diagnostics,
    },
  };
}
