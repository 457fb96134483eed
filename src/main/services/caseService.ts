// Case files as the windows and the command line use them: one live case that records what is collected and done as
// it happens, any number of cases open read-only for review, the recent list, imports, notes, findings and the report.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AuditEntry, CaseContents, CaseFinding, CaseSummary, ImportResult, NoteTarget, RecentCase } from '../../shared/case/caseModel';
import { CASE_EXTENSION } from '../../shared/case/caseModel';
import { exportedFlowsCollection, exporterDevice, hostCollection, hostDevice, routerCollection, routerDevice, terminalCollection, type ExporterIdentity, type HostIdentity, type RouterIdentity, type TerminalPartEvidence } from '../../shared/case/evidence';
import { renderCaseReport } from '../../shared/case/htmlReport';
import { importText } from '../../shared/case/importText';
import { findParser } from '../../shared/parsers/registry';
import type { CollectedFlows, ConnectionCollection, KillResult, ProcessCollection } from '../../shared/domain';
import { readFlows } from '../../shared/flows/flowReading';
import { AppError } from '../../shared/errors';
import { CaseStore } from '../case/caseStore';
import { writeFileAtomic } from '../config/configFiles';
import type { RecentCases } from '../config/recentCases';
import type { EventBus } from './eventBus';
import type { EvidenceRecorder } from './evidenceRecorder';
import { analystAccount } from './killAudit';
import type { LogBook } from './logBook';

/** One collection's re-read: `to` null when it was already read by this parser version. */
export interface ReparseResult {
  collectionId: string;
  device: string;
  command: string;
  from: string | null;
  to: string | null;
  records: number;
}

interface OpenCase {
  handle: string;
  path: string;
  mode: CaseSummary['mode'];
  store: CaseStore;
  verify: CaseSummary['verify'];
}

/** A file name from the case name: letters, digits and dashes, then the UTC time, so two cases never collide. */
export function caseFileName(name: string, now: Date): string {
  const slug = name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'case';
  return `${slug}-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}Z${CASE_EXTENSION}`;
}

export class CaseService implements EvidenceRecorder {
  private readonly open = new Map<string, OpenCase>();
  private liveHandle: string | null = null;

  constructor(
    private readonly recentFile: RecentCases,
    private readonly casesFolder: string,
    private readonly events: EventBus,
    private readonly log: LogBook,
    private readonly generator: string,
  ) {}

  /** The case recording the live work, if one is open. */
  live(): CaseSummary | null {
    return this.liveHandle === null ? null : this.summary(this.liveHandle);
  }

  /** Creates a case and makes it the live one (the previous live case is closed: everything in it is committed). */
  async create(input: { name: string; analyst?: string | undefined; path?: string | undefined }): Promise<CaseSummary> {
    const path = input.path ?? join(this.casesFolder, caseFileName(input.name, new Date()));
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const store = CaseStore.create(path, { name: input.name, analyst: input.analyst?.trim() || analystAccount() });
    return this.adopt(path, store, 'live');
  }

  /** Opens a case: `live` to go on recording into it, `review` read-only (works with no network at all). */
  async openCase(input: { path: string; mode: CaseSummary['mode'] }): Promise<CaseSummary> {
    const store = CaseStore.open(input.path, { readOnly: input.mode === 'review' });
    return this.adopt(input.path, store, input.mode);
  }

  private async adopt(path: string, store: CaseStore, mode: CaseSummary['mode']): Promise<CaseSummary> {
    const handle = randomUUID();
    // Opening already checked every hash and the audit chain.
    const verify = store.openReport;
    if (mode === 'live' && this.liveHandle !== null) this.close(this.liveHandle);
    this.open.set(handle, { handle, path, mode, store, verify });
    if (mode === 'live') this.liveHandle = handle;
    const meta = store.meta();
    await this.recentFile.remember({ path, name: meta.name, openedAt: new Date().toISOString() });
    this.log.add({
      level: verify.ok ? 'info' : 'error',
      kind: 'action',
      routerId: null,
      device: null,
      command: null,
      message: `Case "${meta.name}" opened ${mode === 'live' ? 'to record this investigation' : 'read-only for review'} (${path}): ${verify.ok ? `every evidence hash and the audit chain verified` : `${verify.problems.length} problem(s) found — ${verify.problems.map((problem) => problem.where).join('; ')}`}.`,
      detail: null,
    });
    return this.summary(handle);
  }

  close(handle: string): void {
    const open = this.get(handle);
    open.store.close();
    this.open.delete(handle);
    if (this.liveHandle === handle) this.liveHandle = null;
  }

  closeAll(): void {
    for (const handle of [...this.open.keys()]) this.close(handle);
  }

  private get(handle: string): OpenCase {
    const open = this.open.get(handle);
    if (!open) throw new AppError({ kind: 'case-not-open', handle });
    return open;
  }

  private writable(handle: string): OpenCase {
    const open = this.get(handle);
    if (open.mode !== 'live') throw new AppError({ kind: 'case-read-only', path: open.path });
    return open;
  }

  summary(handle: string): CaseSummary {
    const { path, mode, store, verify } = this.get(handle);
    return { handle, path, mode, meta: store.meta(), counts: store.counts(), verify };
  }

  async recent(): Promise<RecentCase[]> {
    return (await this.recentFile.list()).map((entry) => ({ ...entry, exists: existsSync(entry.path) }));
  }

  contents(handle: string): CaseContents {
    const { store } = this.get(handle);
    return {
      summary: this.summary(handle),
      devices: store.devices(),
      collections: store.collections().map((collection) =>
        collection.kind === 'flows' ? { ...collection, kind: 'flows' as const, table: store.flowTable(collection.id).data } : { ...collection, kind: collection.kind, records: store.records(collection.id) },
      ),
      notes: store.notes(),
      findings: store.findings(),
      audit: store.audit(),
    };
  }

  raw(handle: string, collectionId: string): string {
    return this.get(handle).store.collection(collectionId).raw;
  }

  verify(handle: string): CaseSummary {
    const open = this.get(handle);
    open.verify = open.store.verify();
    return this.summary(handle);
  }

  addNote(handle: string, input: { target: NoteTarget; text: string; tags: string[] }): CaseSummary {
    this.writable(handle).store.addNote({ ...input, author: analystAccount() });
    return this.changed(handle);
  }

  updateNote(handle: string, id: string, changes: { text?: string | undefined; tags?: string[] | undefined }): CaseSummary {
    this.writable(handle).store.updateNote(id, changes);
    return this.changed(handle);
  }

  markFinding(handle: string, finding: Omit<CaseFinding, 'id' | 'markedAt' | 'markedBy'>): CaseSummary {
    this.writable(handle).store.addFinding({ ...finding, markedBy: analystAccount() });
    return this.changed(handle);
  }

  /** Imports raw text files as collections (format detected); one result per file, a bad file never stops the rest. */
  importFiles(handle: string, files: { fileName: string; text: string; device?: string | undefined }[]): ImportResult[] {
    const { store } = this.writable(handle);
    const results = files.map((file): ImportResult => {
      const imported = importText(file.text, file.fileName, { device: file.device, id: randomUUID(), now: new Date().toISOString() });
      if ('error' in imported) return { fileName: file.fileName, ok: false, error: imported.error };
      store.upsertDevice(imported.device);
      const collection = store.addCollection(imported.collection);
      return { fileName: file.fileName, ok: true, collectionId: collection.id, format: imported.collection.parserId ?? '', kind: imported.collection.kind as Exclude<typeof collection.kind, 'kill' | 'terminal'>, device: imported.device.label, records: collection.recordCount, diagnostics: collection.diagnostics.length };
    });
    this.changed(handle);
    return results;
  }

  /**
   * Re-reads kept raw outputs with this build's parsers, without collecting again: the collections whose parser has a
   * newer version (or all, with `all`). Raw outputs are never touched; each re-read is an audit entry.
   */
  reparse(handle: string, options: { all?: boolean } = {}): ReparseResult[] {
    const { store } = this.writable(handle);
    const results: ReparseResult[] = [];
    for (const collection of store.collections()) {
      const parser = collection.parserId === null ? null : findParser(collection.parserId);
      if (parser === null || collection.kind === 'kill') continue;
      if (!options.all && parser.version === collection.parserVersion) {
        results.push({ collectionId: collection.id, device: collection.device, command: collection.command, from: collection.parserVersion, to: null, records: collection.recordCount });
        continue;
      }
      const updated = store.reparse(collection.id, (raw) => {
        if (collection.kind === 'flows') {
          const reading = readFlows(parser, raw);
          return { parserId: reading.format, parserVersion: reading.parserVersion, records: reading.table as never, diagnostics: reading.diagnostics, sections: reading.sections };
        }
        const result = parser.parse(raw);
        return { parserId: result.format, parserVersion: result.parserVersion, records: result.records as never, diagnostics: result.diagnostics, sections: result.sections };
      });
      results.push({ collectionId: collection.id, device: collection.device, command: collection.command, from: collection.parserVersion, to: updated.parserVersion, records: updated.recordCount });
    }
    this.changed(handle);
    return results;
  }

  /** The case as one HTML file with no scripts: summary, findings, audit timeline, evidence hashes. */
  report(handle: string): string {
    const { store } = this.get(handle);
    const summary = this.verify(handle);
    return renderCaseReport({
      meta: summary.meta,
      counts: summary.counts,
      devices: store.devices(),
      collections: store.collections(),
      findings: store.findings(),
      notes: store.notes(),
      audit: store.audit(),
      verify: summary.verify,
      generatedAt: new Date().toISOString(),
      generator: this.generator,
    });
  }

  async exportReport(handle: string, path: string): Promise<{ path: string }> {
    await writeFileAtomic(path, this.report(handle), 0o644);
    const open = this.get(handle);
    if (open.mode === 'live') open.store.appendAudit('export', `HTML report written to ${path}.`, { path }, analystAccount());
    return { path };
  }

  audit(handle: string): AuditEntry[] {
    return this.get(handle).store.audit();
  }

  private changed(handle: string): CaseSummary {
    const summary = this.summary(handle);
    this.events.emit('case.changed', summary);
    return summary;
  }

  // EvidenceRecorder: what the live services hand over goes into the live case, if there is one.

  async routerCollection(router: RouterIdentity, collection: CollectedFlows<unknown>): Promise<void> {
    if (this.liveHandle === null) return;
    const { store } = this.get(this.liveHandle);
    const device = routerDevice(router);
    store.upsertDevice(device);
    store.addCollection(routerCollection(device, collection));
    this.changed(this.liveHandle);
  }

  async hostCollection(host: HostIdentity, kind: 'connections' | 'processes', collection: ConnectionCollection | ProcessCollection): Promise<void> {
    if (this.liveHandle === null) return;
    const { store } = this.get(this.liveHandle);
    const device = hostDevice(host);
    store.upsertDevice(device);
    store.addCollection(kind === 'connections' ? hostCollection(device, 'connections', collection as ConnectionCollection) : hostCollection(device, 'processes', collection as ProcessCollection));
    this.changed(this.liveHandle);
  }

  isRecording(): boolean {
    return this.liveHandle !== null;
  }

  async terminalTranscript(part: TerminalPartEvidence): Promise<boolean> {
    if (this.liveHandle === null) return false;
    const { store } = this.get(this.liveHandle);
    store.upsertDevice(part.device);
    store.addCollection(terminalCollection(part));
    this.changed(this.liveHandle);
    return true;
  }

  async kill(host: HostIdentity, result: KillResult): Promise<void> {
    if (this.liveHandle === null) return;
    const { store } = this.get(this.liveHandle);
    const device = hostDevice(host);
    store.upsertDevice(device);
    store.recordKill(result, device);
    this.changed(this.liveHandle);
  }

  /** A flow export collector's collection from one exporter (the datagrams verbatim, the decoded flows). */
  async exportCollection(exporter: ExporterIdentity, collection: CollectedFlows<unknown>): Promise<void> {
    if (this.liveHandle === null) return;
    const { store } = this.get(this.liveHandle);
    const device = exporterDevice(exporter);
    store.upsertDevice(device);
    store.addCollection(exportedFlowsCollection(device, collection));
    this.changed(this.liveHandle);
  }

  async note(note: { target: NoteTarget; text: string; tags: string[] }): Promise<void> {
    if (this.liveHandle === null) return;
    this.get(this.liveHandle).store.addNote({ ...note, author: analystAccount() });
    this.changed(this.liveHandle);
  }
}
