// "Collect from many hosts": the hosts ticked, the options, the running collection's counts and each host's state
// from main's events, and its results handed to the hosts slice in batches — 2,500 arrivals become a few dozen store
// changes, so the pivot index over all hosts is rebuilt a few dozen times, not 2,500.
import { COLLECT_MANY_DEFAULTS, noHostsCounted, type CollectManyCounts, type CollectManyHostEvent, type CollectManyHostState, type CollectManyProgress, type CollectManyWhat } from '../../../shared/sweep/collectMany';
import type { AppErrorKind } from '../../../shared/errors';
import type { HostCollectionKind } from './hostsSlice';
import type { ConnectionCollection, ProcessCollection } from '../../../shared/domain';
import { without } from './copyOnWrite';
import { arrivalBatch } from './arrivalBatch';
import { refusedReadOnly } from './readOnly';
import type { SliceCreator } from './types';

/** Results and states are applied at most this often while hosts report. */
export const COLLECT_MANY_APPLY_MS = 300;

/** One host in the current (or last) collection from many hosts. */
export interface CollectManyHost {
  state: CollectManyHostState;
  /** The attempt running, or the attempts made once it ended. */
  attempt: number;
  /** Main's sentence for a host that did not end 'done'. */
  reason: string | null;
  errorKind: AppErrorKind | null;
  /** What the host gave, once it ended (also when it failed after one of the two). */
  collected: HostCollectionKind[];
}

/** As the analyst sets them: the timeout in seconds. */
export interface CollectManyOptions {
  what: CollectManyWhat;
  concurrency: number;
  timeoutSeconds: number;
  retries: number;
}

export interface CollectManyRun {
  sweepId: string;
  total: number;
  counts: CollectManyCounts;
  /** This window's clock when it started: the elapsed time ticks between main's reports. */
  startedAt: number;
  /** Main's elapsed time at its last report; final once finished. */
  elapsedMs: number;
  phase: 'running' | 'cancelling' | 'finished';
  /** The analyst cancelled it. */
  cancelled: boolean;
}

export interface CollectManySlice {
  /** Host ids ticked in the host list (a record: every row looks itself up on each store change). */
  collectManySelected: Record<string, true>;
  collectManyOptions: CollectManyOptions;
  collectManyRun: CollectManyRun | null;
  /** Each host of the current or last run, by host id. */
  collectManyHosts: Record<string, CollectManyHost>;
  /** Why the collection could not start, or stopped short, in one sentence. */
  collectManyError: string | null;
  setCollectManySelected(hostId: string, selected: boolean): void;
  /** Ticks exactly these hosts (all listed, or none). */
  selectForCollectMany(hostIds: string[]): void;
  setCollectManyOptions(changes: Partial<CollectManyOptions>): void;
  /** Collects from the ticked hosts; resolves when every host has ended. */
  collectFromMany(): Promise<void>;
  cancelCollectMany(): Promise<void>;
  /** Clears the last run's states and counts from the list. */
  dismissCollectMany(): void;
  applyCollectManyHost(event: CollectManyHostEvent): void;
  applyCollectManyProgress(progress: CollectManyProgress): void;
  /** Shows the host's newest collections in the grids (after a collection from many hosts, for instance). */
  showHostCollections(hostId: string): void;
}

export const defaultCollectManyOptions: CollectManyOptions = {
  what: COLLECT_MANY_DEFAULTS.what,
  concurrency: COLLECT_MANY_DEFAULTS.concurrency,
  timeoutSeconds: COLLECT_MANY_DEFAULTS.timeoutMs / 1000,
  retries: COLLECT_MANY_DEFAULTS.retries,
};

function newSweepId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `sweep-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function hostOf(event: CollectManyHostEvent): CollectManyHost {
  const collected: HostCollectionKind[] = [];
  if (event.connections) collected.push('connections');
  if (event.processes) collected.push('processes');
  return { state: event.state, attempt: event.attempt, reason: event.reason, errorKind: event.errorKind, collected };
}

export const createCollectManySlice: SliceCreator<CollectManySlice> = (api) => (set, get) => {
  // Main's reports wait here, outside the store, and are applied together: an arrival costs no render.
  function applyReports(reports: (CollectManyHostEvent | CollectManyProgress)[]): void {
    const run = get().collectManyRun;
    if (run === null) return;
    const collections: { kind: HostCollectionKind; collection: ConnectionCollection | ProcessCollection }[] = [];
    const hosts = { ...get().collectManyHosts };
    let progress: CollectManyProgress | null = null;
    for (const report of reports) {
      if (report.sweepId !== run.sweepId) continue;
      if (!('hostId' in report)) {
        progress = report;
        continue;
      }
      hosts[report.hostId] = hostOf(report);
      if (report.connections) collections.push({ kind: 'connections', collection: report.connections });
      if (report.processes) collections.push({ kind: 'processes', collection: report.processes });
    }
    // Counted from the states shown, so the bar and the list always agree (main's counts come with its last report).
    const counts = noHostsCounted(0);
    for (const host of Object.values(hosts)) counts[host.state] += 1;
    // Main's last report ends the run even if its call's answer is lost on the way (a dropped preview link).
    const ended = progress?.finished === true ? { phase: 'finished' as const, cancelled: progress.cancelled } : {};
    set({ collectManyHosts: hosts, collectManyRun: { ...run, counts, elapsedMs: progress?.elapsedMs ?? run.elapsedMs, ...ended } });
    if (collections.length > 0) get().addHostCollections(collections);
  }

  const reports = arrivalBatch<CollectManyHostEvent | CollectManyProgress>(COLLECT_MANY_APPLY_MS, applyReports);

  const mine = (sweepId: string) => get().collectManyRun?.sweepId === sweepId;

  return {
    collectManySelected: {},
    collectManyOptions: defaultCollectManyOptions,
    collectManyRun: null,
    collectManyHosts: {},
    collectManyError: null,

    setCollectManySelected(hostId, selected) {
      const current = get().collectManySelected;
      if (selected === (current[hostId] === true)) return;
      set({ collectManySelected: selected ? { ...current, [hostId]: true } : without(current, hostId) });
    },

    selectForCollectMany(hostIds) {
      set({ collectManySelected: Object.fromEntries(hostIds.map((id) => [id, true as const])) });
    },

    setCollectManyOptions(changes) {
      set((s) => ({ collectManyOptions: { ...s.collectManyOptions, ...changes }, collectManyError: null }));
    },

    async collectFromMany() {
      if (refusedReadOnly(get())) return;
      const running = get().collectManyRun;
      if (running !== null && running.phase !== 'finished') return;
      const selected = get().collectManySelected;
      // In list order.
      const ids = get().hosts.filter((host) => selected[host.id]).map((host) => host.id);
      if (ids.length === 0) {
        set({ collectManyError: 'Select the hosts to collect from first (tick them in the list, or "Select all").' });
        return;
      }
      const options = get().collectManyOptions;
      const sweepId = newSweepId();
      reports.clear();
      set({
        collectManyError: null,
        collectManyRun: { sweepId, total: ids.length, counts: noHostsCounted(ids.length), startedAt: Date.now(), elapsedMs: 0, phase: 'running', cancelled: false },
        collectManyHosts: Object.fromEntries(ids.map((id) => [id, { state: 'queued', attempt: 0, reason: null, errorKind: null, collected: [] } satisfies CollectManyHost])),
      });
      try {
        const summary = await api.call('hosts.collectMany', {
          sweepId,
          ids,
          what: options.what,
          concurrency: options.concurrency,
          timeoutMs: Math.round(options.timeoutSeconds * 1000),
          retries: options.retries,
        });
        reports.flush();
        set((s) => (s.collectManyRun?.sweepId === sweepId ? { collectManyRun: { ...s.collectManyRun, counts: summary.counts, elapsedMs: summary.elapsedMs, phase: 'finished', cancelled: summary.cancelled } } : {}));
      } catch (error) {
        reports.flush();
        const message = error instanceof Error ? error.message : String(error);
        set((s) => (s.collectManyRun?.sweepId === sweepId ? { collectManyError: message, collectManyRun: { ...s.collectManyRun, phase: 'finished', elapsedMs: Date.now() - s.collectManyRun.startedAt } } : {}));
      }
    },

    async cancelCollectMany() {
      const run = get().collectManyRun;
      if (run === null || run.phase !== 'running') return;
      set({ collectManyRun: { ...run, phase: 'cancelling' } });
      try {
        await api.call('hosts.cancelCollectMany', { sweepId: run.sweepId });
      } catch (error) {
        get().reportError(error);
      }
    },

    dismissCollectMany() {
      const run = get().collectManyRun;
      if (run !== null && run.phase !== 'finished') return;
      set({ collectManyRun: null, collectManyHosts: {}, collectManyError: null });
    },

    applyCollectManyHost(event) {
      if (mine(event.sweepId)) reports.add(event);
    },

    applyCollectManyProgress(progress) {
      if (mine(progress.sweepId)) reports.add(progress);
    },

    showHostCollections(hostId) {
      const newest = get().hostCollections.find((c) => c.hostId === hostId && c.kind === 'connections') ?? get().hostCollections.find((c) => c.hostId === hostId);
      if (newest) get().selectHostCollection(newest.id);
    },
  };
};
