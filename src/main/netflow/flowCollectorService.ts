// The flow export collector: a UDP socket where the analyst chose, every datagram fed to the NetFlow v5/v9/IPFIX
// decoder and kept verbatim, data sets waiting for their template given up on by a timer (and said so), and one flow
// collection per exporter every few seconds and on stop — handed to the live case and to the windows.
import { randomUUID } from 'node:crypto';
import type { RemoteInfo } from 'node:dgram';
import { COLLECTOR_DEFAULTS, emptyCollectorStats, endpointText, type CollectorStats, type CollectorStatus, type ExporterStats } from '../../shared/collector/collectorModel';
import { ExportCollectionBuilder, exporterDeviceId, exporterLabel } from '../../shared/collector/exportCollection';
import type { ExporterIdentity } from '../../shared/case/evidence';
import type { CollectedFlows } from '../../shared/domain';
import { commandSummary } from '../../shared/domain';
import { FlowExportDecoder, type ExpiredDataSet } from '../../shared/netflow';
import type { EventBus } from '../services/eventBus';
import { EVIDENCE_NOT_KEPT } from '../services/evidenceRecorder';
import type { LogBook } from '../services/logBook';
import { listenUdp, type UdpListener } from './udpListener';

/** Where the collector's collections go as evidence (the case service). */
export interface ExportEvidence {
  exportCollection(exporter: ExporterIdentity, collection: CollectedFlows<unknown>): Promise<void>;
}

export interface CollectorTiming {
  /** How often buffered data sets are checked for a template that never came (ms). */
  expireEveryMs: number;
  /** How long a data set waits for its template (ms). */
  pendingTemplateMs: number;
  /** Fewest ms between two 'collector.stats' events while datagrams arrive. */
  statsEveryMs: number;
  /** A batch this big is handed over at once, not at the next flush (bounds memory under a flood). */
  maxBatchDatagrams: number;
}

export const COLLECTOR_TIMING: CollectorTiming = { expireEveryMs: 1000, pendingTemplateMs: 10_000, statsEveryMs: 250, maxBatchDatagrams: 20_000 };

interface ExporterState {
  version: 5 | 9 | 10 | null;
  packets: number;
  flows: number;
  malformed: number;
  lastPacketAt: number;
}

interface Listening {
  listener: UdpListener;
  decoder: FlowExportDecoder;
  flushTimer: NodeJS.Timeout;
  expireTimer: NodeJS.Timeout;
  batches: Map<string, ExportCollectionBuilder>;
  exporters: Map<string, ExporterState>;
  bytes: number;
}

/** The host part of "address:port" / "[v6]:port". */
function splitEndpoint(exporter: string): { address: string; port: number } {
  const colon = exporter.lastIndexOf(':');
  return { address: exporter.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(exporter.slice(colon + 1)) };
}

export class FlowCollectorService {
  private listening: Listening | null = null;
  private address: string | null = null;
  private port: number | null = null;
  private flushSeconds: number = COLLECTOR_DEFAULTS.flushSeconds;
  private since: string | null = null;
  private collections = 0;
  private expiredSets = 0;
  private lastStats: CollectorStats = emptyCollectorStats();
  private statsTimer: NodeJS.Timeout | null = null;
  private lastStatsAt = 0;
  private evidence: ExportEvidence | null = null;
  /** Hand-overs in progress: stop() waits for them. */
  private readonly handing = new Set<Promise<void>>();
  /** start and stop one after the other, so a double click never leaves a second socket open. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly events: EventBus,
    private readonly log: LogBook,
    private readonly timing: CollectorTiming = COLLECTOR_TIMING,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Where every collection goes as evidence from now on (the open case); null: nowhere. */
  recordInto(evidence: ExportEvidence | null): void {
    this.evidence = evidence;
  }

  status(): CollectorStatus {
    return { state: this.listening ? 'listening' : 'stopped', address: this.address, port: this.port, flushSeconds: this.flushSeconds, since: this.since, stats: this.listening ? this.currentStats() : this.lastStats };
  }

  /** Starts listening (a collector already listening elsewhere is stopped first, its flows handed over). */
  start(input: { address: string; port: number; flushSeconds?: number }): Promise<CollectorStatus> {
    return this.inTurn(() => this.startNow(input));
  }

  /** Hands over what arrived since the last collection, closes the socket, and keeps the last counts for status(). */
  stop(): Promise<CollectorStatus> {
    return this.inTurn(() => this.stopNow());
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.turn.then(work, work);
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async startNow(input: { address: string; port: number; flushSeconds?: number }): Promise<CollectorStatus> {
    if (this.listening && this.address === input.address && (input.port === 0 || this.port === input.port)) return this.status();
    await this.stopNow();
    const decoder = new FlowExportDecoder({ pendingTemplateMs: this.timing.pendingTemplateMs });
    const listener = await listenUdp(input.address, input.port, (bytes, from) => this.guarded('reading a datagram', () => this.receive(bytes, from)), (error) => this.socketFailed(error));
    this.flushSeconds = input.flushSeconds ?? COLLECTOR_DEFAULTS.flushSeconds;
    this.address = listener.address;
    this.port = listener.port;
    this.since = new Date(this.clock()).toISOString();
    this.collections = 0;
    this.expiredSets = 0;
    this.listening = {
      listener,
      decoder,
      batches: new Map(),
      exporters: new Map(),
      bytes: 0,
      flushTimer: setInterval(() => this.flush(), this.flushSeconds * 1000),
      expireTimer: setInterval(() => this.guarded('expiring data sets', () => this.expire(this.clock())), this.timing.expireEveryMs),
    };
    this.log.add({ level: 'info', kind: 'connection', routerId: null, device: null, command: null, message: `Listening for NetFlow v5/v9 and IPFIX exports on UDP ${endpointText(listener.address, listener.port)}; flows are handed over every ${this.flushSeconds} s per exporter.`, detail: null });
    this.emitStats(true);
    return this.status();
  }

  private async stopNow(): Promise<CollectorStatus> {
    const listening = this.listening;
    if (!listening) return this.status();
    clearInterval(listening.flushTimer);
    clearInterval(listening.expireTimer);
    await listening.listener.close();
    // Anything still waiting for a template is given up on now: the exporter will not be heard any more.
    this.guarded('expiring data sets', () => this.expire(Number.POSITIVE_INFINITY));
    this.flush();
    this.lastStats = this.currentStats();
    this.listening = null;
    await Promise.all([...this.handing]);
    this.log.add({ level: 'info', kind: 'connection', routerId: null, device: null, command: null, message: `Stopped listening for flow exports on UDP ${endpointText(listening.listener.address, listening.listener.port)}: ${this.lastStats.packets} datagrams, ${this.lastStats.flows} flows, ${this.lastStats.malformed} malformed, ${this.collections} collections.`, detail: null });
    this.emitStats(true);
    return this.status();
  }

  /** Waits for hand-overs in progress (tests and the command line read the case right after). */
  async settled(): Promise<void> {
    await Promise.all([...this.handing]);
  }

  async dispose(): Promise<void> {
    if (this.statsTimer) clearTimeout(this.statsTimer);
    this.statsTimer = null;
    await this.stop();
  }

  private receive(bytes: Buffer, from: RemoteInfo): void {
    const listening = this.listening;
    if (!listening) return;
    const receivedAt = this.clock();
    const exporter = endpointText(from.address, from.port);
    // A copy: the decoder and the raw text keep it past this callback.
    const packet = new Uint8Array(bytes);
    const outcome = listening.decoder.decode(packet, { exporter, receivedAt });
    const batch = this.batchOf(listening, exporter);
    const datagram = batch.addDatagram({ receivedAt, exporter, bytes: packet, version: outcome.version });
    batch.addFlows(outcome.flows);
    for (const problem of outcome.problems) batch.addProblem({ datagram, severity: 'error', reason: problem.reason, message: problem.message });
    listening.bytes += packet.length;
    const state = listening.exporters.get(exporter) ?? { version: null, packets: 0, flows: 0, malformed: 0, lastPacketAt: receivedAt };
    state.packets += 1;
    state.flows += outcome.flows.length;
    if (outcome.problems.length > 0) state.malformed += 1;
    if (outcome.version !== null) state.version = outcome.version;
    state.lastPacketAt = receivedAt;
    listening.exporters.set(exporter, state);
    if (batch.datagramCount >= this.timing.maxBatchDatagrams) this.guarded(`handing over the flows of ${exporter}`, () => this.handOver(listening, exporter));
    this.emitStats(false);
  }

  private batchOf(listening: Listening, exporter: string): ExportCollectionBuilder {
    let batch = listening.batches.get(exporter);
    if (!batch) {
      batch = new ExportCollectionBuilder(randomUUID(), exporter, { address: listening.listener.address, port: listening.listener.port });
      listening.batches.set(exporter, batch);
    }
    return batch;
  }

  /** Data sets whose template did not come in time: dropped by the decoder, noted on their exporter's next collection. */
  private expire(now: number): void {
    const listening = this.listening;
    if (!listening) return;
    const expired = listening.decoder.expire(now);
    if (expired.length === 0) return;
    this.expiredSets += expired.length;
    for (const set of expired) {
      const batch = this.batchOf(listening, set.exporter);
      const datagram = batch.datagramAt(set.receivedAt);
      batch.addProblem({ datagram, severity: 'warning', reason: set.reason, message: expiredMessage(set, datagram === null) });
    }
    this.emitStats(false);
  }

  /** One collection per exporter that sent anything (or has something to say) since the last one. */
  private flush(): void {
    const listening = this.listening;
    if (!listening) return;
    for (const exporter of [...listening.batches.keys()]) this.guarded(`handing over the flows of ${exporter}`, () => this.handOver(listening, exporter));
  }

  private handOver(listening: Listening, exporter: string): void {
    const batch = listening.batches.get(exporter);
    listening.batches.delete(exporter);
    if (!batch || batch.isEmpty) return;
    const collection = batch.build();
    this.collections += 1;
    const formats = batch.formats();
    const { address, port } = splitEndpoint(exporter);
    const identity: ExporterIdentity = { id: exporterDeviceId(exporter), label: exporterLabel(exporter), address, port, via: formats.length === 1 ? formats[0]! : 'netflow' };
    const { command, result } = collection;
    this.log.add({ level: result.diagnostics.length > 0 ? 'warning' : 'info', kind: 'command', routerId: null, device: command.device, command: command.command, message: `${command.device}: ${batch.datagramCount} datagrams, ${collection.result.table.length} flows${result.diagnostics.length > 0 ? `, ${result.diagnostics.length} problems` : ''} (${command.startedAt} – ${command.finishedAt}).`, detail: command.raw, at: command.startedAt });
    // The window's flow details read IOS's statistics sections, which an export has none of: shown as absent.
    this.events.emit('collector.collection', { command: commandSummary(command), result: { ...result, sections: { totalPackets: null, packetSizes: [], cache: null, protocols: [], protocolTotal: null } } });
    const evidence = this.evidence;
    if (evidence === null) return;
    const handing = evidence.exportCollection(identity, collection).catch((error: unknown) => {
      this.log.add({ level: 'error', kind: 'error', routerId: null, device: command.device, command: command.command, message: `The flow exports from ${exporter} were NOT kept in the case: ${(error as Error).message}`, detail: EVIDENCE_NOT_KEPT });
    });
    this.handing.add(handing);
    void handing.finally(() => this.handing.delete(handing));
  }

  /** The collector's own failures are logged, never thrown out of a socket or timer callback (which would end the app). */
  private guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.log.add({ level: 'error', kind: 'error', routerId: null, device: null, command: null, message: `The flow export collector failed while ${what}: ${(error as Error).message}.`, detail: (error as Error).stack ?? null });
    }
  }

  private socketFailed(error: Error): void {
    const where = this.address === null ? '' : ` on UDP ${endpointText(this.address, this.port ?? 0)}`;
    this.log.add({ level: 'error', kind: 'error', routerId: null, device: null, command: null, message: `The flow export collector's socket failed${where}: ${(error as NodeJS.ErrnoException).code ?? error.message}.`, detail: null });
  }

  private currentStats(): CollectorStats {
    const listening = this.listening;
    if (!listening) return this.lastStats;
    const decoded = listening.decoder.stats();
    const templatesOf = new Map(decoded.exporters.map((exporter) => [exporter.exporter, exporter.domains.flatMap((domain) => domain.templates.map((id) => `${domain.observationDomain}/${id}`))]));
    const exporters: ExporterStats[] = [...listening.exporters].map(([exporter, state]) => ({
      exporter,
      version: state.version,
      packets: state.packets,
      flows: state.flows,
      malformed: state.malformed,
      templates: templatesOf.get(exporter) ?? [],
      lastPacketAt: new Date(state.lastPacketAt).toISOString(),
    }));
    const byReason: Record<string, number> = {};
    for (const [reason, count] of Object.entries(decoded.malformed.byReason)) if (count) byReason[reason] = count;
    return {
      packets: decoded.packets,
      bytes: listening.bytes,
      flows: decoded.flows,
      malformed: decoded.malformed.total,
      malformedByReason: byReason,
      pendingSets: decoded.pendingSets,
      expiredSets: Math.max(this.expiredSets, decoded.expiredSets + decoded.overflowSets),
      collections: this.collections,
      exporters,
    };
  }

  /** At most one event per statsEveryMs while datagrams arrive, the last count always sent. */
  private emitStats(now: boolean): void {
    const due = this.lastStatsAt + this.timing.statsEveryMs - Date.now();
    if (now || due <= 0) {
      if (this.statsTimer) clearTimeout(this.statsTimer);
      this.statsTimer = null;
      this.lastStatsAt = Date.now();
      this.events.emit('collector.stats', this.status());
      return;
    }
    this.statsTimer ??= setTimeout(() => {
      this.statsTimer = null;
      this.emitStats(true);
    }, due);
  }
}

function expiredMessage(set: ExpiredDataSet, earlier: boolean): string {
  const what = `a ${set.version === 10 ? 'IPFIX' : 'NetFlow v9'} data set for template ${set.templateId} (observation domain ${set.observationDomain}, ${set.byteLength} bytes)`;
  const where = earlier ? ` from the datagram received at ${new Date(set.receivedAt).toISOString()} (kept in an earlier collection)` : '';
  return set.reason === 'pending-overflow'
    ? `${what}${where} was dropped: too many data sets were waiting for templates`
    : `${what}${where} was dropped: its template never came`;
}
