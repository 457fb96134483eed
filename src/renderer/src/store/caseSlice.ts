// The case: the live case that records this window's work (its counts and integrity, notes and findings, imports and
// the report), the recent cases, and the read-only review of a case this window was opened for (`?case=HANDLE`).
import type { MethodInput } from '../../../shared/contract';
import type { AuditEntry, CaseContents, CaseDevice, CaseFinding, CaseNote, CaseSummary, ImportResult, RecentCase } from '../../../shared/case/caseModel';
import type { ConnectionMatch } from '../../../shared/correlation/correlation';
import type { Connection, Flow, ProcessEntry } from '../../../shared/domain';
import { processStartedAt } from '../../../shared/processIdentity';
import { shownCaseCollections, type CaseCollectionWithRecords } from './caseCollections';
import { getFlowTable } from './flowCache';
import { flowText } from './flowText';
import { getConnectionRows, getProcessRows } from './hostCache';
import { pivotIndexOf } from './pivotIndex';
import { flowAt, type FlowRef } from './pivotSlice';
import { readOnlyReason } from './readOnly';
import { terminalSessionsOf, type CaseTerminalSession } from './caseTerminalSessions';
import type { AppState, SliceCreator } from './types';

export type FindingInput = MethodInput<'case.markFinding'>['finding'];
export type CaseCreateInput = MethodInput<'case.create'>;
export type ImportFile = MethodInput<'case.import'>['files'][number];

/** A row about to get a note: where it is in the case, and what it is, in words. */
export interface NoteDraft {
  collectionId: string;
  /** 0-based position in the collection's records. */
  row: number;
  what: string;
}

/** A flow → socket → process chain about to be marked as a finding, and the lines the dialog shows of it. */
export interface FindingDraft {
  chain: Omit<FindingInput, 'note'>;
  lines: { flow: string; socket: string | null; process: string | null };
}

export type CaseDialogState =
  | { type: 'case-new' }
  | { type: 'case-open' }
  | { type: 'case-import' }
  | { type: 'case-log' }
  | { type: 'case-note'; draft: NoteDraft }
  | { type: 'case-finding'; draft: FindingDraft };

export interface CaseReview {
  handle: string;
  state: 'loading' | 'ready' | 'failed' | 'closed';
  summary: CaseSummary | null;
  /** Why the case cannot be shown, in words; null while it can. */
  message: string | null;
}

export type CaseLogCollection = Pick<CaseCollectionWithRecords, 'id' | 'kind' | 'device' | 'command' | 'finishedAt' | 'recordCount'>;

/** What the case log shows: the audit trail, the notes and findings, and the collections they point into. */
export interface CaseLog {
  handle: string;
  audit: AuditEntry[];
  notes: CaseNote[];
  findings: CaseFinding[];
  collections: CaseLogCollection[];
  /** The case's terminal sessions, each from its transcript's parts. */
  terminalSessions: CaseTerminalSession[];
}

/** A terminal session's transcript as read from the case, for the case view. */
export interface CaseTranscript {
  sessionId: string;
  state: 'loading' | 'ready' | 'failed';
  /** The asciicast texts of its parts, in order. */
  parts: string[];
  message: string | null;
}

/** A row of a shown collection that carries a note: the grids mark it. */
export interface RowNote {
  collectionId: string;
  row: number;
}

/** A row of a grid, with the collection it belongs to. */
export type NotedRecord =
  | { kind: 'flows'; collectionId: string; record: Flow }
  | { kind: 'connections'; collectionId: string; record: Connection }
  | { kind: 'processes'; collectionId: string; record: ProcessEntry };

export interface CaseSlice {
  /** The case recording what this window collects and does; null when none is open. */
  liveCase: CaseSummary | null;
  /** The case this window reviews read-only; null in a live window. */
  review: CaseReview | null;
  /** Null until asked for. */
  recentCases: RecentCase[] | null;
  caseLog: CaseLog | null;
  caseLogState: 'idle' | 'loading' | 'failed';
  caseLogError: string | null;
  rowNotes: RowNote[];
  /** The outcome of the last import, one entry per file. */
  importResults: ImportResult[] | null;
  /** The case action in flight, shown on its button. */
  caseBusy: 'verify' | 'report' | 'close' | null;
  /** The review window last opened from here, with its address in case the browser blocked the window. */
  reviewWindow: { name: string; url: string; blocked: boolean } | null;
  loadCase(): Promise<void>;
  applyCaseChanged(summary: CaseSummary): void;
  loadRecentCases(): Promise<void>;
  openCaseDialog(type: 'case-new' | 'case-open' | 'case-import' | 'case-log'): void;
  createCase(input: CaseCreateInput): Promise<void>;
  /** `live`: this window records into it. `review`: the address of the page that shows it, to open (null on failure). */
  openCase(path: string, mode: 'live' | 'review'): Promise<{ name: string; url: string } | null>;
  noteReviewWindow(window: { name: string; url: string; blocked: boolean } | null): void;
  /** Closes the shown case: the live one (collections are no longer kept), or the one this window reviews. */
  closeCase(): Promise<void>;
  verifyCase(): Promise<void>;
  /** Adds text files to the live case as collections, and shows the ones taken in the grids. */
  importCaseFiles(files: ImportFile[]): Promise<void>;
  /** The shown case as one HTML page, and the case's name; null when it failed (the error is reported). */
  caseReport(): Promise<{ name: string; html: string } | null>;
  loadCaseLog(): Promise<void>;
  askNote(row: NotedRecord, what: string): void;
  addNote(text: string, tags: string[]): Promise<void>;
  askFinding(flow: FlowRef, match: ConnectionMatch | null): void;
  markFinding(note: string): Promise<void>;
  /** The transcript shown in the case view (read-only), or null. */
  caseTranscript: CaseTranscript | null;
  showCaseTranscript(sessionId: string | null): Promise<void>;
}

/** Why a note or finding cannot be added now; null when it can. */
export function noteDisabledReason(s: Pick<AppState, 'review' | 'liveCase'>): string | null {
  return readOnlyReason(s) ?? (s.liveCase === null ? 'No case open: create or open a case to keep notes and findings' : null);
}

/** The case this window shows: the one it reviews, else the live one. */
export function shownCase(s: Pick<AppState, 'review' | 'liveCase'>): CaseSummary | null {
  return s.review ? s.review.summary : s.liveCase;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function logOf(contents: CaseContents): CaseLog {
  return {
    handle: contents.summary.handle,
    audit: contents.audit,
    notes: contents.notes,
    findings: contents.findings,
    collections: contents.collections.map(({ id, kind, device, command, finishedAt, recordCount }) => ({ id, kind, device, command, finishedAt, recordCount })),
    terminalSessions: terminalSessionsOf(contents.collections),
  };
}

function rowNotesOf(notes: readonly CaseNote[]): RowNote[] {
  return notes.flatMap((note) => (note.target.row === null ? [] : [{ collectionId: note.target.collectionId, row: note.target.row }]));
}

function withRowNote(notes: RowNote[], note: RowNote): RowNote[] {
  return notes.some((n) => n.collectionId === note.collectionId && n.row === note.row) ? notes : [...notes, note];
}

function rowIndexOf(row: NotedRecord): number {
  switch (row.kind) {
    case 'flows':
      return getFlowTable(row.collectionId)?.rowOfLine(row.record.line) ?? -1;
    case 'connections':
      return getConnectionRows(row.collectionId).indexOf(row.record);
    case 'processes':
      return getProcessRows(row.collectionId).indexOf(row.record);
  }
}

function socketLine(c: Connection): string {
  const local = `${c.localAddr}${c.localPort === null ? '' : `:${c.localPort}`}`;
  const remote = c.remoteAddr === null ? '' : ` ↔ ${c.remoteAddr}${c.remotePort === null ? '' : `:${c.remotePort}`}`;
  return `${c.proto} ${local}${remote}${c.state ? ` ${c.state}` : ''}${c.pid === null ? '' : ` · PID ${c.pid}`}`;
}

export const createCaseSlice = (reviewHandle: string | null): SliceCreator<CaseSlice> => (api) => (set, get) => {
  let logRequest = 0;

  /** Puts a case's collections (all, or those of `only`) in the grids, as the live lists hold them. */
  function showCollections(collections: readonly CaseCollectionWithRecords[], devices: readonly CaseDevice[], only?: ReadonlySet<string>): void {
    for (const shown of shownCaseCollections(collections, devices)) {
      if (only && !only.has(shown.collection.command.id)) continue;
      if (shown.kind === 'flows') get().addCollection(shown.routerId, shown.collection);
      else get().addHostCollection(shown.kind, shown.collection);
    }
  }

  async function loadReview(handle: string): Promise<void> {
    // After a reconnect the file is the same and read-only: what is shown stays.
    if (get().review?.state === 'ready' || get().review?.state === 'closed') return;
    set({ review: { handle, state: 'loading', summary: null, message: null } });
    try {
      const contents = await api.call('case.contents', { handle });
      showCollections(contents.collections, contents.devices);
      set({ review: { handle, state: 'ready', summary: contents.summary, message: null }, caseLog: logOf(contents), rowNotes: rowNotesOf(contents.notes) });
    } catch (error) {
      set({ review: { handle, state: 'failed', summary: null, message: `This case cannot be shown: ${messageOf(error)} Open it again from the live window (Case → Open case…).` } });
    }
  }

  /** The live case's handle for a write, or null after saying why there is none. */
  function writableHandle(): string | null {
    const reason = noteDisabledReason(get());
    if (reason !== null) {
      get().notify(reason);
      return null;
    }
    return get().liveCase!.handle;
  }

  function dialogFailed(error: unknown): void {
    set({ dialogError: messageOf(error) });
  }

  return {
    liveCase: null,
    review: null,
    recentCases: null,
    caseLog: null,
    caseLogState: 'idle',
    caseLogError: null,
    rowNotes: [],
    importResults: null,
    caseBusy: null,
    reviewWindow: null,
    caseTranscript: null,

    async showCaseTranscript(sessionId) {
      const summary = shownCase(get());
      const session = get().caseLog?.terminalSessions.find((candidate) => candidate.sessionId === sessionId);
      if (sessionId === null || !summary || !session) {
        set({ caseTranscript: null });
        return;
      }
      set({ caseTranscript: { sessionId, state: 'loading', parts: [], message: null } });
      try {
        const parts = await Promise.all(session.collectionIds.map((collectionId) => api.call('case.raw', { handle: summary.handle, collectionId })));
        if (get().caseTranscript?.sessionId === sessionId) set({ caseTranscript: { sessionId, state: 'ready', parts, message: null } });
      } catch (error) {
        if (get().caseTranscript?.sessionId === sessionId) set({ caseTranscript: { sessionId, state: 'failed', parts: [], message: messageOf(error) } });
      }
    },

    async loadCase() {
      if (reviewHandle !== null) {
        await loadReview(reviewHandle);
        return;
      }
      try {
        const liveCase = await api.call('case.live', {});
        set((s) => (s.liveCase?.handle === liveCase?.handle ? { liveCase } : { liveCase, rowNotes: [], caseLog: null }));
      } catch (error) {
        get().reportError(error);
      }
    },

    applyCaseChanged(summary) {
      const { review, liveCase, dialog, caseLog } = get();
      if (review !== null) {
        if (review.handle === summary.handle) set({ review: { ...review, summary } });
        return;
      }
      if (summary.mode !== 'live') return;
      set(liveCase?.handle === summary.handle ? { liveCase: summary } : { liveCase: summary, rowNotes: [], caseLog: null });
      if (dialog?.type === 'case-log' && caseLog?.handle === summary.handle) void get().loadCaseLog();
    },

    async loadRecentCases() {
      try {
        set({ recentCases: await api.call('case.recent', {}) });
      } catch (error) {
        dialogFailed(error);
      }
    },

    openCaseDialog(type) {
      set({ dialog: { type }, dialogBusy: false, dialogError: null, ...(type === 'case-import' ? { importResults: null } : {}) });
      if (type === 'case-open') void get().loadRecentCases();
      if (type === 'case-log') void get().loadCaseLog();
    },

    async createCase(input) {
      if (readOnlyReason(get()) !== null) return;
      set({ dialogBusy: true, dialogError: null });
      try {
        const liveCase = await api.call('case.create', input);
        set({ liveCase, rowNotes: [], caseLog: null });
        get().closeDialog();
      } catch (error) {
        dialogFailed(error);
      } finally {
        set({ dialogBusy: false });
      }
    },

    async openCase(path, mode) {
      if (readOnlyReason(get()) !== null) return null;
      set({ dialogBusy: true, dialogError: null });
      try {
        const summary = await api.call('case.open', { path, mode });
        get().closeDialog();
        if (mode === 'live') {
          set({ liveCase: summary, rowNotes: [], caseLog: null });
          return null;
        }
        return { name: summary.meta.name, url: api.reviewPageUrl(summary.handle) };
      } catch (error) {
        dialogFailed(error);
        return null;
      } finally {
        set({ dialogBusy: false });
      }
    },

    noteReviewWindow(reviewWindow) {
      set({ reviewWindow });
    },

    async closeCase() {
      const summary = shownCase(get());
      if (!summary) return;
      set({ caseBusy: 'close' });
      try {
        await api.call('case.close', { handle: summary.handle });
        const review = get().review;
        if (review) set({ review: { ...review, state: 'closed', message: `The review of "${summary.meta.name}" is closed: close this window.` } });
        else set({ liveCase: null, rowNotes: [], caseLog: null });
      } catch (error) {
        get().reportError(error);
      } finally {
        set({ caseBusy: null });
      }
    },

    async verifyCase() {
      const summary = shownCase(get());
      if (!summary) return;
      set({ caseBusy: 'verify' });
      try {
        const verified = await api.call('case.verify', { handle: summary.handle });
        const review = get().review;
        if (review) set({ review: { ...review, summary: verified } });
        else set({ liveCase: verified });
      } catch (error) {
        get().reportError(error);
      } finally {
        set({ caseBusy: null });
      }
    },

    async importCaseFiles(files) {
      const handle = writableHandle();
      if (handle === null || files.length === 0) return;
      set({ dialogBusy: true, dialogError: null, importResults: null });
      try {
        const results = await api.call('case.import', { handle, files });
        set({ importResults: results });
        const taken = new Set(results.flatMap((result) => (result.ok ? [result.collectionId] : [])));
        if (taken.size > 0) {
          // The records were parsed in main: read them back from the case, as a review would.
          const contents = await api.call('case.contents', { handle });
          showCollections(contents.collections, contents.devices, taken);
          set({ liveCase: contents.summary, caseLog: logOf(contents) });
        }
      } catch (error) {
        dialogFailed(error);
      } finally {
        set({ dialogBusy: false });
      }
    },

    async caseReport() {
      const summary = shownCase(get());
      if (!summary) return null;
      set({ caseBusy: 'report' });
      try {
        return { name: summary.meta.name, html: await api.call('case.report', { handle: summary.handle }) };
      } catch (error) {
        get().reportError(error);
        return null;
      } finally {
        set({ caseBusy: null });
      }
    },

    async loadCaseLog() {
      const summary = shownCase(get());
      if (!summary) return;
      // A review read everything when it opened, and its file does not change.
      if (get().review && get().caseLog?.handle === summary.handle) return;
      const request = ++logRequest;
      set({ caseLogState: 'loading', caseLogError: null });
      try {
        const contents = await api.call('case.contents', { handle: summary.handle });
        if (request !== logRequest) return;
        set((s) => ({ caseLog: logOf(contents), caseLogState: 'idle', rowNotes: rowNotesOf(contents.notes).reduce(withRowNote, s.rowNotes) }));
      } catch (error) {
        if (request === logRequest) set({ caseLogState: 'failed', caseLogError: messageOf(error) });
      }
    },

    askNote(row, what) {
      if (writableHandle() === null) return;
      const index = rowIndexOf(row);
      if (index < 0) return;
      set({ dialog: { type: 'case-note', draft: { collectionId: row.collectionId, row: index, what } }, dialogBusy: false, dialogError: null });
    },

    async addNote(text, tags) {
      const dialog = get().dialog;
      const handle = writableHandle();
      if (dialog?.type !== 'case-note' || handle === null) return;
      const { collectionId, row } = dialog.draft;
      set({ dialogBusy: true, dialogError: null });
      try {
        const liveCase = await api.call('case.addNote', { handle, target: { collectionId, row }, text, tags });
        set((s) => ({ liveCase, rowNotes: withRowNote(s.rowNotes, { collectionId, row }) }));
        get().closeDialog();
      } catch (error) {
        dialogFailed(error);
      } finally {
        set({ dialogBusy: false });
      }
    },

    askFinding(ref, match) {
      if (writableHandle() === null) return;
      const state = get();
      const flow = flowAt(ref);
      const collection = state.collections.find((c) => c.id === ref.collectionId);
      if (!flow || !collection) return;
      const chain: FindingDraft['chain'] = {
        flow: {
          collectionId: ref.collectionId,
          row: getFlowTable(ref.collectionId)?.rowOfLine(flow.line) ?? -1,
          device: collection.device,
          srcAddr: flow.srcAddr,
          srcPort: flow.srcPort,
          dstAddr: flow.dstAddr,
          dstPort: flow.dstPort,
          protocol: flow.protocol,
          packets: flow.packets,
        },
        connection: null,
        process: null,
      };
      const lines: FindingDraft['lines'] = { flow: `${flowText(flow)}, seen by ${collection.device}`, socket: null, process: null };
      const host = match ? pivotIndexOf(state.hostCollections).hosts.get(match.hostKey) : undefined;
      if (match && host?.connectionsId) {
        const c = match.connection;
        chain.connection = { collectionId: host.connectionsId, row: match.connectionIndex, host: host.host, proto: c.proto, localAddr: c.localAddr, localPort: c.localPort, remoteAddr: c.remoteAddr, remotePort: c.remotePort, state: c.state, pid: c.pid, match: match.kind };
        lines.socket = `${socketLine(c)} on ${host.host} (${match.reason})`;
      }
      if (match?.process && host?.processesId) {
        const listing = state.hostCollections.find((c) => c.id === host.processesId);
        const rows = getProcessRows(host.processesId);
        const process = match.process;
        const row = rows.indexOf(process);
        if (row >= 0 && listing) {
          chain.process = { collectionId: host.processesId, row, host: host.host, pid: process.pid, name: process.name, startedAt: processStartedAt(process, listing.finishedAt), commandLine: process.commandLine };
          lines.process = `${process.name} (PID ${process.pid}) on ${host.host}${process.commandLine ? `: ${process.commandLine}` : ''}`;
        }
      }
      set({ dialog: { type: 'case-finding', draft: { chain, lines } }, dialogBusy: false, dialogError: null });
    },

    async markFinding(note) {
      const dialog = get().dialog;
      const handle = writableHandle();
      if (dialog?.type !== 'case-finding' || handle === null) return;
      set({ dialogBusy: true, dialogError: null });
      try {
        const liveCase = await api.call('case.markFinding', { handle, finding: { ...dialog.draft.chain, note } });
        set({ liveCase });
        get().closeDialog();
        get().notify(`Marked as a finding in case "${liveCase.meta.name}": ${dialog.draft.lines.flow}.`);
      } catch (error) {
        dialogFailed(error);
      } finally {
        set({ dialogBusy: false });
      }
    },
  };
};
