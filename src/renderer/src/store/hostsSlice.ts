// Hosts: profiles, what runs on each (with main's progress), each host's errors in plain words, the connection and
// process collections (summaries here, rows in hostCache), the PID picked across the two grids, and the Sysinternals tools.
import type { HostInput, MethodInput } from '../../../shared/contract';
import type { ConnectionCollection, HostCommandRecord, HostProfile, HostProgress, ProcessCollection, ToolStatus } from '../../../shared/domain';
import { AppError, type AppErrorKind } from '../../../shared/errors';
import { upsertById, without } from './copyOnWrite';
import { dropHostCollectionData, putConnectionData, putProcessData } from './hostCache';
import { refusedReadOnly } from './readOnly';
import type { SliceCreator } from './types';

export type HostOperation = HostProgress['operation'];
export type HostCollectionKind = 'connections' | 'processes';
export type HostChanges = MethodInput<'hosts.update'>['changes'];
export type ToolName = ToolStatus['tool'];

/** The host dialogs; uiSlice's `dialog` holds at most one dialog of any kind. */
export type HostDialogState =
  | { type: 'host-form'; hostId: string | null }
  | { type: 'confirm-remove-host'; hostId: string }
  | { type: 'tools-settings' };

/** What the analyst can do about a host's error, offered beside it. */
export type HostRemedy = 'edit-host' | 'tools-settings';

/** The outcome of a host operation worth showing in its row: the sentence from main, or that it was cancelled. */
export interface HostNote {
  level: 'error' | 'info';
  message: string;
  errorKind: AppErrorKind | null;
  remedy: HostRemedy | null;
}

export interface HostCollectionSummary {
  /** The command record's id: unique per run. */
  id: string;
  kind: HostCollectionKind;
  hostId: string | null;
  /** Address as typed. */
  host: string;
  /** Ties collections of one host together, whether or not it is (still) in the host list. */
  hostKey: string;
  tool: string;
  toolVersion: string | null;
  /** The command as run (password masked by main), the tool's path shortened to its name. */
  commandText: string;
  /** The command as run, the tool's full path included. */
  commandFull: string;
  startedAt: string;
  finishedAt: string;
  outcome: HostCommandRecord['outcome'];
  format: string;
  parserVersion: string;
  recordCount: number;
  diagnosticCount: number;
}

/** A process picked in either grid, shown in both: its sockets and its process row. */
export interface PickedProcess {
  hostKey: string;
  pid: number;
}

export interface HostsSlice {
  hosts: HostProfile[];
  /** Operations in flight per host id, each with main's latest progress sentence. */
  hostActivity: Record<string, Partial<Record<HostOperation, string>>>;
  /** The last outcome worth telling per host and operation (errors, cancellations). */
  hostNotes: Record<string, Partial<Record<HostOperation, HostNote>>>;
  /** Newest first, both kinds. */
  hostCollections: HostCollectionSummary[];
  activeConnectionsId: string | null;
  activeProcessesId: string | null;
  connectionsFilter: string;
  processesFilter: string;
  pickedProcess: PickedProcess | null;
  tools: ToolStatus[];
  /** The tool whose path is being saved; null when none. */
  toolsSaving: ToolName | null;
  loadHosts(): Promise<void>;
  applyHostProgress(progress: HostProgress): void;
  collectConnections(hostId: string): Promise<void>;
  collectProcesses(hostId: string): Promise<void>;
  /** Shows a collection made elsewhere (read back from a case) as if just collected. */
  addHostCollection(kind: HostCollectionKind, collection: ConnectionCollection | ProcessCollection): void;
  /**
   * Adds many collections in one store change (a collection from many hosts): what the grids show stays, unless they
   * showed nothing yet.
   */
  addHostCollections(collections: readonly { kind: HostCollectionKind; collection: ConnectionCollection | ProcessCollection }[]): void;
  /** Stops everything running for the host; the running calls end as cancelled. */
  cancelHost(hostId: string): Promise<void>;
  dismissHostNote(hostId: string, operation: HostOperation): void;
  /** Adds (hostId null) or updates a host from the form; errors stay in the open dialog. */
  saveHost(hostId: string | null, input: HostInput | HostChanges): Promise<void>;
  removeHost(hostId: string): Promise<void>;
  openHostForm(hostId: string | null): void;
  askRemoveHost(hostId: string): void;
  openToolsSettings(): void;
  loadTools(): Promise<void>;
  /** Sets a tool's path; null goes back to PATH. Errors stay in the open dialog. */
  setToolPath(tool: ToolName, path: string | null): Promise<void>;
  selectHostCollection(collectionId: string): void;
  closeHostCollection(collectionId: string): void;
  setConnectionsFilter(text: string): void;
  setProcessesFilter(text: string): void;
  pickProcess(picked: PickedProcess | null): void;
}

export function hostKeyOf(hostId: string | null, host: string): string {
  return hostId ?? `address:${host}`;
}

/** One argument as a shell would need it to read it back: quoted only when it has spaces or quotes. */
function quoteArg(arg: string): string {
  return arg === '' || /[\s"]/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg;
}

function toolName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base === '' ? path : base;
}

function summarize(kind: HostCollectionKind, collection: ConnectionCollection | ProcessCollection): HostCollectionSummary {
  const { command, result } = collection;
  const [executable = '', ...args] = command.argv;
  return {
    id: command.id,
    kind,
    hostId: collection.hostId,
    host: collection.host,
    hostKey: hostKeyOf(collection.hostId, collection.host),
    tool: command.tool,
    toolVersion: command.toolVersion,
    commandText: [toolName(executable), ...args].map(quoteArg).join(' '),
    commandFull: command.argv.map(quoteArg).join(' '),
    startedAt: command.startedAt,
    finishedAt: command.finishedAt,
    outcome: command.outcome,
    format: result.format,
    parserVersion: result.parserVersion,
    recordCount: result.records.length,
    diagnosticCount: result.diagnostics.length,
  };
}

/** Sets (value given) or removes (undefined) one operation's entry of one host. */
function withEntry<T>(record: Record<string, Partial<Record<HostOperation, T>>>, hostId: string, operation: HostOperation, value: T | undefined): Record<string, Partial<Record<HostOperation, T>>> {
  const entries: Partial<Record<HostOperation, T>> = { ...record[hostId] };
  if (value === undefined) delete entries[operation];
  else entries[operation] = value;
  return Object.keys(entries).length === 0 ? without(record, hostId) : { ...record, [hostId]: entries };
}

const editFixes = new Set(['logon-failure', 'access-denied', 'auth-failed']);

function noteFor(error: unknown): HostNote {
  if (error instanceof AppError) {
    const data = error.data;
    let remedy: HostRemedy | null = null;
    if (data.kind === 'tool-not-found') remedy = 'tools-settings';
    else if (data.kind === 'host-tool-failed' && editFixes.has(data.reason)) remedy = 'edit-host';
    else if (data.kind === 'missing-secret' || data.kind === 'auth-failed' || data.kind === 'private-key-unreadable') remedy = 'edit-host';
    return { level: data.kind === 'host-command-cancelled' ? 'info' : 'error', message: error.message, errorKind: data.kind, remedy };
  }
  return { level: 'error', message: error instanceof Error ? error.message : String(error), errorKind: null, remedy: null };
}

const activeKey = { connections: 'activeConnectionsId', processes: 'activeProcessesId' } as const;

export const createHostsSlice: SliceCreator<HostsSlice> = (api) => (set, get) => {
  /** Marks the operation as running on the host for the duration of `work`; its failure becomes the host's note. */
  async function runOnHost(hostId: string, operation: HostOperation, startText: string, work: () => Promise<void>): Promise<void> {
    if (refusedReadOnly(get())) return;
    set((s) => ({
      hostActivity: withEntry(s.hostActivity, hostId, operation, startText),
      hostNotes: withEntry(s.hostNotes, hostId, operation, undefined),
    }));
    try {
      await work();
    } catch (error) {
      // An SSH host key to decide on is a question for the analyst, asked as for routers; the collection is retried after.
      if (error instanceof AppError && (error.data.kind === 'host-key-unknown' || error.data.kind === 'host-key-changed') && operation !== 'kill') {
        get().reportError(error, { deviceId: hostId, retry: operation === 'connections' ? 'host-connections' : 'host-processes' });
        return;
      }
      set((s) => ({ hostNotes: withEntry(s.hostNotes, hostId, operation, noteFor(error)) }));
      if (!(error instanceof AppError) && !(error instanceof Error && error.name === 'TransportError')) console.error(error);
    } finally {
      set((s) => ({ hostActivity: withEntry(s.hostActivity, hostId, operation, undefined) }));
    }
  }

  /** Shows the collection in its grid and, where the other grid shows another host, that host's newest of the other kind. */
  function activate(summary: HostCollectionSummary): Partial<HostsSlice> {
    const { hostCollections } = get();
    const otherKind: HostCollectionKind = summary.kind === 'connections' ? 'processes' : 'connections';
    const otherActiveId = get()[activeKey[otherKind]];
    const otherActive = hostCollections.find((c) => c.id === otherActiveId);
    const changes: Partial<HostsSlice> = { [activeKey[summary.kind]]: summary.id };
    if (otherActive?.hostKey !== summary.hostKey) {
      const sameHost = hostCollections.find((c) => c.kind === otherKind && c.hostKey === summary.hostKey);
      if (sameHost) changes[activeKey[otherKind]] = sameHost.id;
    }
    const picked = get().pickedProcess;
    if (picked && picked.hostKey !== summary.hostKey) changes.pickedProcess = null;
    return changes;
  }

  function addCollection(kind: HostCollectionKind, collection: ConnectionCollection | ProcessCollection): void {
    const summary = summarize(kind, collection);
    const data = { diagnostics: collection.result.diagnostics, command: collection.command };
    if (kind === 'connections') putConnectionData(summary.id, { ...data, rows: (collection as ConnectionCollection).result.records });
    else putProcessData(summary.id, { ...data, rows: (collection as ProcessCollection).result.records });
    set((s) => ({ hostCollections: [summary, ...s.hostCollections.filter((c) => c.id !== summary.id)] }));
    set(activate(summary));
  }

  function dialogFailed(error: unknown): void {
    set({ dialogError: error instanceof Error ? error.message : String(error) });
  }

  return {
    hosts: [],
    hostActivity: {},
    hostNotes: {},
    hostCollections: [],
    activeConnectionsId: null,
    activeProcessesId: null,
    connectionsFilter: '',
    processesFilter: '',
    pickedProcess: null,
    tools: [],
    toolsSaving: null,

    async loadHosts() {
      try {
        set({ hosts: await api.call('hosts.list', {}) });
      } catch (error) {
        get().reportError(error);
      }
    },

    applyHostProgress({ hostId, operation, stage, message }) {
      // Only for calls this window is waiting on: a late event must not bring a finished spinner back.
      if (get().hostActivity[hostId]?.[operation] === undefined) return;
      if (stage !== 'started' && stage !== 'running') return;
      set((s) => ({ hostActivity: withEntry(s.hostActivity, hostId, operation, message) }));
    },

    collectConnections(hostId) {
      return runOnHost(hostId, 'connections', 'Collecting connections…', async () => {
        addCollection('connections', await api.call('hosts.collectConnections', { id: hostId }));
      });
    },

    collectProcesses(hostId) {
      return runOnHost(hostId, 'processes', 'Collecting processes…', async () => {
        addCollection('processes', await api.call('hosts.collectProcesses', { id: hostId }));
      });
    },

    addHostCollection(kind, collection) {
      addCollection(kind, collection);
    },

    addHostCollections(collections) {
      const summaries = collections.map(({ kind, collection }) => {
        const summary = summarize(kind, collection);
        const data = { diagnostics: collection.result.diagnostics, command: collection.command };
        if (kind === 'connections') putConnectionData(summary.id, { ...data, rows: (collection as ConnectionCollection).result.records });
        else putProcessData(summary.id, { ...data, rows: (collection as ProcessCollection).result.records });
        return summary;
      });
      if (summaries.length === 0) return;
      // Newest first, as the list keeps them.
      summaries.sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0));
      const added = new Set(summaries.map((summary) => summary.id));
      set((s) => ({ hostCollections: [...summaries, ...s.hostCollections.filter((c) => !added.has(c.id))] }));
      const { activeConnectionsId, activeProcessesId } = get();
      const first = summaries.find((summary) => summary.kind === 'connections') ?? summaries[0]!;
      if ((first.kind === 'connections' ? activeConnectionsId : activeProcessesId) === null) set(activate(first));
    },

    async cancelHost(hostId) {
      const running = get().hostActivity[hostId];
      if (!running) return;
      set((s) => {
        let hostActivity = s.hostActivity;
        for (const operation of Object.keys(running) as HostOperation[]) hostActivity = withEntry(hostActivity, hostId, operation, 'Cancelling…');
        return { hostActivity };
      });
      try {
        await api.call('hosts.cancel', { id: hostId });
      } catch (error) {
        get().reportError(error);
      }
    },

    dismissHostNote(hostId, operation) {
      set((s) => ({ hostNotes: withEntry(s.hostNotes, hostId, operation, undefined) }));
    },

    async saveHost(hostId, input) {
      set({ dialogBusy: true, dialogError: null });
      try {
        const saved = hostId === null
          ? await api.call('hosts.add', input as HostInput)
          : await api.call('hosts.update', { id: hostId, changes: input as HostChanges });
        set((s) => ({ hosts: upsertById(s.hosts, saved) }));
        get().closeDialog();
      } catch (error) {
        dialogFailed(error);
      } finally {
        set({ dialogBusy: false });
      }
    },

    async removeHost(hostId) {
      set({ dialogBusy: true, dialogError: null });
      try {
        await api.call('hosts.remove', { id: hostId });
      } catch (error) {
        dialogFailed(error);
        set({ dialogBusy: false });
        return;
      }
      // Collections already made from the host stay open until closed, like a removed router's flows.
      set((s) => ({
        hosts: s.hosts.filter((h) => h.id !== hostId),
        hostActivity: without(s.hostActivity, hostId),
        hostNotes: without(s.hostNotes, hostId),
      }));
      get().closeDialog();
    },

    openHostForm(hostId) {
      set({ dialog: { type: 'host-form', hostId }, dialogBusy: false, dialogError: null });
    },

    askRemoveHost(hostId) {
      set({ dialog: { type: 'confirm-remove-host', hostId }, dialogBusy: false, dialogError: null });
    },

    openToolsSettings() {
      set({ dialog: { type: 'tools-settings' }, dialogBusy: false, dialogError: null });
      void get().loadTools();
    },

    async loadTools() {
      set({ dialogBusy: true });
      try {
        set({ tools: await api.call('tools.status', {}) });
      } catch (error) {
        dialogFailed(error);
      } finally {
        set({ dialogBusy: false });
      }
    },

    async setToolPath(tool, path) {
      set({ toolsSaving: tool, dialogError: null });
      try {
        const status = await api.call('tools.setPath', { tool, path });
        set((s) => ({ tools: s.tools.some((t) => t.tool === tool) ? s.tools.map((t) => (t.tool === tool ? status : t)) : [...s.tools, status] }));
      } catch (error) {
        dialogFailed(error);
      } finally {
        set({ toolsSaving: null });
      }
    },

    selectHostCollection(collectionId) {
      const summary = get().hostCollections.find((c) => c.id === collectionId);
      if (summary) set(activate(summary));
    },

    closeHostCollection(collectionId) {
      set((s) => {
        const hostCollections = s.hostCollections.filter((c) => c.id !== collectionId);
        const next = (kind: HostCollectionKind, current: string | null) =>
          current === collectionId ? (hostCollections.find((c) => c.kind === kind)?.id ?? null) : current;
        return {
          hostCollections,
          activeConnectionsId: next('connections', s.activeConnectionsId),
          activeProcessesId: next('processes', s.activeProcessesId),
        };
      });
      // After the store no longer points at it, so no render reads a dropped entry.
      dropHostCollectionData(collectionId);
    },

    setConnectionsFilter(text) {
      set({ connectionsFilter: text });
    },

    setProcessesFilter(text) {
      set({ processesFilter: text });
    },

    pickProcess(picked) {
      const current = get().pickedProcess;
      if (picked === null ? current === null : current?.hostKey === picked.hostKey && current.pid === picked.pid) return;
      if (!picked) {
        set({ pickedProcess: null });
        return;
      }
      // Show the picked process's host in both grids where a collection of it exists.
      const { hostCollections, activeConnectionsId, activeProcessesId } = get();
      const changes: Partial<HostsSlice> = { pickedProcess: picked };
      for (const kind of ['connections', 'processes'] as const) {
        const activeId = kind === 'connections' ? activeConnectionsId : activeProcessesId;
        if (hostCollections.find((c) => c.id === activeId)?.hostKey === picked.hostKey) continue;
        const sameHost = hostCollections.find((c) => c.kind === kind && c.hostKey === picked.hostKey);
        if (sameHost) changes[activeKey[kind]] = sameHost.id;
      }
      set(changes);
    },
  };
};
