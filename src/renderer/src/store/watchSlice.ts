// Watching a host from the window: the panel's host and fields, the running (or last) watch of each host from main's
// progress and alert events, and its watched sockets — kept outside the store (the grid reads them by revision).
import type { Flow } from '../../../shared/domain';
import { flowEndTarget } from './watchForm';
import type { WatchedSocket } from '../../../shared/watch/watchedSockets';
import type { WatchAlert, WatchAlertEvent, WatchProgress, WatchSummary } from '../../../shared/watch/watchModel';
import type { WatchTarget } from '../../../shared/watch/watchTarget';
import { defaultWatchForm, readWatchForm, type WatchForm } from './watchForm';
import { refusedReadOnly } from './readOnly';
import type { SliceCreator } from './types';

export interface WatchRun {
  hostId: string;
  target: WatchTarget;
  intervalMs: number;
  durationMs: number;
  phase: 'running' | 'cancelling' | 'finished';
  snapshot: number;
  socketsKnown: number;
  /** ISO-8601 UTC, from main. */
  endsAt: string | null;
  nextRunAt: string | null;
  /** The newest snapshot's failure, in words. */
  problem: string | null;
  alert: WatchAlert | null;
  summary: WatchSummary | null;
  /** Why the watch could not start or ended in an error. */
  error: string | null;
  /** Bumped whenever the watched sockets change: the grid reads them then. */
  revision: number;
}

export interface WatchSlice {
  /** The host the Watch panel is open for; null: closed. */
  watchPanelHost: string | null;
  watchForm: WatchForm;
  /** Each host's running or last watch. */
  watchRuns: Record<string, WatchRun>;
  openWatch(hostId: string): void;
  closeWatch(): void;
  setWatchForm(changes: Partial<WatchForm>): void;
  /** Fills the target from the selected flow: the end that is the host's address, else the flow's destination. */
  takeFlowAsWatchTarget(flow: Flow, hostAddress: string): void;
  startWatch(hostId: string): Promise<void>;
  cancelWatch(hostId: string): Promise<void>;
  applyWatchProgress(progress: WatchProgress): void;
  /** Shows the alert, and the snapshot that caught the socket and the process list in the host grids. */
  applyWatchAlert(alert: WatchAlertEvent): void;
}

/** The watched sockets of each host's newest watch, by key, outside the store. */
const socketsByHost = new Map<string, Map<string, WatchedSocket>>();

export function watchedSocketsOf(hostId: string | null): WatchedSocket[] {
  return hostId === null ? [] : [...(socketsByHost.get(hostId)?.values() ?? [])];
}

function mergeSockets(hostId: string, sockets: readonly WatchedSocket[]): void {
  const known = socketsByHost.get(hostId) ?? new Map<string, WatchedSocket>();
  for (const socket of sockets) known.set(socket.key, socket);
  socketsByHost.set(hostId, known);
}

export const createWatchSlice: SliceCreator<WatchSlice> = (api) => (set, get) => {
  const update = (hostId: string, change: (run: WatchRun) => Partial<WatchRun>) =>
    set((s) => {
      const run = s.watchRuns[hostId];
      return run === undefined ? {} : { watchRuns: { ...s.watchRuns, [hostId]: { ...run, ...change(run) } } };
    });

  return {
    watchPanelHost: null,
    watchForm: defaultWatchForm,
    watchRuns: {},

    openWatch(hostId) {
      set({ watchPanelHost: hostId });
    },

    closeWatch() {
      set({ watchPanelHost: null });
    },

    setWatchForm(changes) {
      set((s) => ({ watchForm: { ...s.watchForm, ...changes } }));
    },

    takeFlowAsWatchTarget(flow, hostAddress) {
      set((s) => ({ watchForm: { ...s.watchForm, target: flowEndTarget(flow, hostAddress) } }));
    },

    async startWatch(hostId) {
      if (refusedReadOnly(get())) return;
      if (get().watchRuns[hostId]?.phase === 'running') return;
      const read = readWatchForm(get().watchForm);
      const fresh: WatchRun = { hostId, target: { protocol: null, address: null, port: null }, intervalMs: 0, durationMs: 0, phase: 'finished', snapshot: 0, socketsKnown: 0, endsAt: null, nextRunAt: null, problem: null, alert: null, summary: null, error: null, revision: 0 };
      if ('problem' in read) {
        set((s) => ({ watchRuns: { ...s.watchRuns, [hostId]: { ...fresh, error: read.problem } } }));
        return;
      }
      socketsByHost.set(hostId, new Map());
      set((s) => ({ watchRuns: { ...s.watchRuns, [hostId]: { ...fresh, ...read, phase: 'running' } } }));
      try {
        const summary = await api.call('hosts.watch', { id: hostId, intervalMs: read.intervalMs, durationMs: read.durationMs, target: read.target });
        socketsByHost.set(hostId, new Map(summary.sockets.map((socket) => [socket.key, socket])));
        update(hostId, (run) => ({ phase: 'finished', summary, alert: summary.alert ?? run.alert, snapshot: summary.snapshots, socketsKnown: summary.sockets.length, nextRunAt: null, error: summary.outcome === 'failed' ? summary.message : null, revision: run.revision + 1 }));
      } catch (error) {
        update(hostId, () => ({ phase: 'finished', nextRunAt: null, error: error instanceof Error ? error.message : String(error) }));
      }
    },

    async cancelWatch(hostId) {
      update(hostId, (run) => (run.phase === 'running' ? { phase: 'cancelling' } : {}));
      try {
        await api.call('hosts.cancelWatch', { id: hostId });
      } catch (error) {
        get().reportError(error);
      }
    },

    applyWatchProgress(progress) {
      if (get().watchRuns[progress.hostId] === undefined) return;
      mergeSockets(progress.hostId, progress.changed);
      update(progress.hostId, (run) => ({ snapshot: progress.snapshot, socketsKnown: progress.socketsKnown, endsAt: progress.endsAt, nextRunAt: progress.nextRunAt, problem: progress.problem, revision: run.revision + 1 }));
    },

    applyWatchAlert(event) {
      if (get().watchRuns[event.hostId] === undefined) return;
      const { connections, processes, ...alert } = event;
      update(event.hostId, () => ({ alert: alert satisfies WatchAlert }));
      get().addHostCollections([{ kind: 'connections', collection: connections }, ...(processes ? [{ kind: 'processes' as const, collection: processes }] : [])]);
    },
  };
};
